import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildRecommendation } from '../../../electron/engine/recommend/recommend';
import { BATCH_TERMS, batchRows, costBars, dollars, formOf, INSTANCE_HEADERS, instanceCells, instanceRows, logTickLabel, parseRecommendForm, recommendationHtml, TENSORRT_COLUMN_NOTE } from '../../../renderer/src/view-models/recommendation';
import { TENSORRT_NOTE_PREFIX } from '../../../electron/contract/tensorrt-note';
import { escapeHtml, reportHtml } from '../../../renderer/src/view-models/report-html';
import { formatNumber } from '../../../renderer/src/view-models/format';
import { linearCurve, syntheticRun } from '../recommend/synthetic-run';

const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };

function recommendation() {
  const run = syntheticRun(linearCurve([1, 2, 4, 8, 16], 2, 2), 'local');
  const model = { ...run.model, parameterBytes: 6e6, cost: { ...run.model.cost, flopsPerSample: 1e8, bytesPerSample: 1e7 } };
  return buildRecommendation({ run: { ...run, model }, sloMs: 50, qps: 2000, headroom: 0.3, catalog: loadCatalog(), rates, now: '2026-11-22T00:00:00.000Z' });
}

test('the form: SLO, QPS and headroom in percent become the call\'s numbers; each bad field is named', () => {
  assert.deepEqual(parseRecommendForm({ sloMs: '50', qps: '2000', headroomPercent: '30', rankBy: 'energy', tokensPerS: '', shape: '' }), { ok: true, params: { sloMs: 50, qps: 2000, headroom: 0.3, rankBy: 'energy' } });
  const bad = parseRecommendForm({ sloMs: '0', qps: 'lots', headroomPercent: '-5', rankBy: 'speed', tokensPerS: '', shape: '' });
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.errors.map((e) => e.split(':')[0]), ['SLO (p99 ms)', 'Target QPS', 'Headroom', 'Rank by']);
});

test('batch rows: the chosen batch per precision × provider with its one-sentence explanation', () => {
  const rec = recommendation();
  const [row] = batchRows(rec);
  assert.equal(row?.group, 'FP32 · cpu');
  // T(B) = 2 + 2B ms, p99 = 1.2 × mean: batch 16 (p99 40.8 ms) is the largest under 50 ms.
  assert.equal(row?.batch, '16');
  assert.equal(row?.explanation, rec.batch.groups[0]?.explanation);
  assert.equal(row?.isSource, true);
});

test('instance rows: MEASURED / PROJECTED / "cannot project: reason", costs and counts from the recommendation', () => {
  const rec = recommendation();
  const rows = instanceRows(rec);
  assert.equal(rows.length, rec.instances.length);
  const g5 = rows.find((r) => r.instanceId === 'g5.xlarge');
  assert.equal(g5?.basisLabel, 'cannot project: no published fp32 peak for the A10G 24GB');
  assert.equal(g5?.costOnDemand, '—');
  const t4 = rows.find((r) => r.instanceId === 'g4dn.xlarge');
  const t4est = rec.instances.find((x) => x.instanceId === 'g4dn.xlarge');
  assert.match(t4?.basisLabel ?? '', /^PROJECTED/);
  assert.equal(t4?.costOnDemand, dollars(t4est?.costPer1MOnDemand ?? null));
  assert.equal(t4?.needed, String(t4est?.instancesNeeded));
  assert.equal(t4?.costServing, dollars(t4est?.servingCostPer1M ?? null));
  assert.equal(t4?.utilisation, `${Math.round((t4est?.utilisation ?? 0) * 100)}%`);
  assert.match(t4?.throughput ?? '', /–/, 'a projection shows its range');
  assert.equal(t4?.runtime, 'onnxruntime CUDA provider');
  assert.match(rows.find((r) => r.instanceId === 'inf2.xlarge')?.basisLabel ?? '', /^not ranked: needs AWS Neuron/);
  assert.deepEqual(rows.filter((r) => r.recommended).map((r) => r.instanceId), rec.recommended === null ? [] : [rec.recommended]);
  const measured = instanceRows({ ...rec, instances: rec.instances.map((x) => (x.instanceId === 'g4dn.xlarge' ? { ...x, basis: 'measured' as const } : x)) });
  assert.equal(measured.find((r) => r.instanceId === 'g4dn.xlarge')?.basisLabel, 'MEASURED');
});

test('the TensorRT column: every projected CUDA row shows the TensorRT range the CLI prints, other rows say why not', () => {
  const rec = recommendation();
  const rows = instanceRows(rec);
  const column = INSTANCE_HEADERS.indexOf('TensorRT (projected)') - 1;
  assert.ok(column >= 0);
  assert.ok(rows.every((r) => instanceCells(r).length === INSTANCE_HEADERS.length - 1));
  const cudaRows = rec.instances.filter((x) => x.basis === 'projected' && x.runtime === 'onnxruntime CUDA provider');
  assert.ok(cudaRows.length > 0, 'the synthetic run projects onto NVIDIA GPUs');
  for (const x of cudaRows) {
    const note = x.notes.find((n) => n.startsWith(TENSORRT_NOTE_PREFIX));
    assert.ok(note, `${x.instanceId} carries the engine's TensorRT note`);
    const row = rows.find((r) => r.instanceId === x.instanceId);
    // The same figures the CLI prints ("TensorRT provider 3,914–16,582/s"), in the table's own number format.
    const [low, high] = (note.slice(TENSORRT_NOTE_PREFIX.length).split(' inferences/s')[0] ?? '').split('–').map((v) => formatNumber(Number(v.replace(/,/g, ''))));
    assert.equal(row && instanceCells(row)[column], `${low}–${high}`);
    assert.ok(!row?.notes.includes(TENSORRT_NOTE_PREFIX), 'the range has its own column, not a second copy in the notes');
  }
  const cpu = rec.instances.find((x) => x.kind === 'cpu');
  assert.equal(rows.find((r) => r.instanceId === cpu?.instanceId)?.tensorRt, '— (CPU instance)');
  assert.equal(rows.find((r) => r.instanceId === 'inf2.xlarge')?.tensorRt, '— (no onnxruntime path)');
  assert.equal(rows.find((r) => r.instanceId === 'g5.xlarge')?.tensorRt, '— (cannot project)');
  const html = recommendationHtml(rec);
  assert.ok(html.includes(escapeHtml(TENSORRT_COLUMN_NOTE)) && html.includes('<th>TensorRT (projected)</th>') && html.includes(`<td>${rows.find((r) => r.instanceId === 'g4dn.xlarge')?.tensorRt ?? 'none'}</td>`));
});

test('cost bars: SLO-meeting instances by cost of serving, cheapest first, measured and projected apart; no "measured" legend without measured bars', () => {
  const rec = recommendation();
  const projectedOnly = costBars(rec);
  assert.equal(projectedOnly.hasMeasured, false, 'nothing measured: the chart shows no "measured" legend entry');
  assert.equal(projectedOnly.hasProjected, true);
  const withMeasured = { ...rec, instances: rec.instances.map((x) => (x.instanceId === 'g4dn.xlarge' ? { ...x, basis: 'measured' as const } : x)) };
  const bars = costBars(withMeasured);
  assert.equal(bars.hasMeasured, true);
  const priced = rec.instances.filter((x) => x.servingCostPer1M !== null && x.meetsSlo === true);
  assert.equal(bars.labels.length, priced.length);
  const values = bars.labels.map((_, i) => bars.measured[i] ?? bars.projected[i] ?? NaN);
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  const i = bars.labels.indexOf('g4dn.xlarge');
  assert.ok(bars.measured[i] !== null && bars.projected[i] === null);
  assert.ok(bars.labels.every((_, k) => (bars.measured[k] === null) !== (bars.projected[k] === null)), 'each bar in exactly one series');
  assert.ok(!bars.labels.includes('g5.xlarge') && !bars.labels.includes('inf2.xlarge'));
});

test('log-axis labels never sit side by side: powers of ten over wide ranges, 1-2-5 over narrow ones', () => {
  const ticks = [0.001, 0.002, 0.003, 0.005, 0.008, 0.009, 0.01, 0.02, 0.05, 0.08, 0.1, 0.2];
  assert.deepEqual(ticks.map((t) => logTickLabel(t, 0.001, 0.2)).filter((x) => x !== ''), ['$0.0010', '$0.010', '$0.100']);
  assert.deepEqual(ticks.map((t) => logTickLabel(t, 0.006, 0.03)).filter((x) => x !== ''), ['$0.0010', '$0.0020', '$0.0050', '$0.010', '$0.020', '$0.050', '$0.100', '$0.200']);
  assert.equal(logTickLabel(0.008, 0.006, 0.03), '', '"0.0080 0.0100" collided: only one of them is labelled');
});

test('the form shown with a result is the form that produced it', () => {
  const rec = recommendation();
  assert.deepEqual(formOf(rec), { sloMs: '50', qps: '2000', headroomPercent: '30', rankBy: 'cost', tokensPerS: '', shape: '' });
  assert.deepEqual(formOf({ sloMs: 20, qps: 2000, headroom: 0.07 }).headroomPercent, '7');
});

test('the T(B) fit says when T_setup was held at 0; knee and saturation are defined where shown', () => {
  const rec = recommendation();
  const group = rec.batch.groups[0];
  assert.ok(group?.fit);
  const held = { ...rec, batch: { ...rec.batch, groups: [{ ...group, fit: { ...group.fit, setupMs: 0, setupConstrained: true } }] } };
  assert.match(batchRows(held)[0]?.fit ?? '', /^0 \(held at ≥ 0: the free fit went negative\) \+ B·/);
  const noted = { ...rec, batch: { ...rec.batch, groups: [{ ...group, notes: ['the straight-line fit gave a negative setup time (-0.179 ms)', 'the knee is not reached'] }] } };
  assert.equal(batchRows(noted)[0]?.notes, 'the straight-line fit gave a negative setup time (-0.179 ms); the knee is not reached', 'the free value and the knee beyond the batches are shown, as the CLI prints them');
  assert.ok(recommendationHtml(noted).includes('<td>the straight-line fit gave a negative setup time (-0.179 ms); the knee is not reached</td>'));
  assert.doesNotMatch(batchRows(rec)[0]?.fit ?? '', /held/);
  assert.match(BATCH_TERMS, /Knee: .*90%.*Saturation: .*2×/);
  assert.ok(recommendationHtml(rec).includes('Knee: the smallest measured batch'));
});

test('dollars: cents for costs under a dollar, two significant digits below a cent', () => {
  assert.deepEqual([dollars(null), dollars(123.4), dollars(1.234), dollars(0.0567), dollars(0.001234)], ['—', '$123', '$1.23', '$0.057', '$0.0012']);
});

test('the HTML report gets the recommendation section, escaped, only when one is given', () => {
  const rec = { ...recommendation(), explanation: 'Pick <script>x</script>' };
  const base = { title: 't', facts: [], images: [], columns: [], rows: [], generatedAt: 'now' };
  assert.ok(!reportHtml(base).includes('<h2>Recommendation</h2>'));
  const html = reportHtml({ ...base, recommendationHtml: recommendationHtml(rec) });
  assert.ok(html.includes('<h2>Recommendation</h2>'));
  assert.ok(html.includes('Pick &lt;script&gt;x&lt;/script&gt;') && !html.includes('<script>'));
  assert.ok(html.includes('class="basis-projected"') && html.includes('cannot project: no published fp32 peak for the A10G 24GB'));
});
