import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { TENSORRT_NOTE_PREFIX } from '../../../electron/contract/tensorrt-note';
import { rowNote } from '../../../electron/cli/format/recommendation-parts';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildRecommendation } from '../../../electron/engine/recommend/recommend';
import { linearCurve, syntheticRun } from '../recommend/synthetic-run';

const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };

test("the terminal table's note gives a projected CUDA row's TensorRT range as the engine wrote it", () => {
  const run = syntheticRun(linearCurve([1, 2, 4, 8, 16], 2, 2), 'local');
  const model = { ...run.model, parameterBytes: 6e6, cost: { ...run.model.cost, flopsPerSample: 1e8, bytesPerSample: 1e7 } };
  const rec = buildRecommendation({ run: { ...run, model }, sloMs: 50, qps: 2000, headroom: 0.3, catalog: loadCatalog(), rates, now: '2026-11-22T00:00:00.000Z' });
  const t4 = rec.instances.find((x) => x.instanceId === 'g4dn.xlarge');
  const note = t4?.notes.find((n) => n.startsWith(TENSORRT_NOTE_PREFIX));
  assert.ok(t4 && note);
  const range = note.slice(TENSORRT_NOTE_PREFIX.length).split(' inferences/s')[0];
  assert.ok(rowNote(t4, []).endsWith(`; TensorRT provider ${range}/s`), rowNote(t4, []));
  const cpu = rec.instances.find((x) => x.kind === 'cpu' && x.basis === 'projected');
  assert.ok(cpu && !rowNote(cpu, []).includes('TensorRT'));
});
