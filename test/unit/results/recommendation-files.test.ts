import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { recommendationSchema, type MachineRates } from '../../../electron/contract/recommend';
import { EngineError } from '../../../electron/engine/errors';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildRecommendation } from '../../../electron/engine/recommend/recommend';
import { RECOMMENDATION_CSV_COLUMNS } from '../../../electron/engine/results/recommendation-csv';
import { tensorRtRange } from '../../../electron/contract/tensorrt-note';
import {
  readRecommendationFile, recommendationInputs, writeRecommendationFiles,
} from '../../../electron/engine/results/recommendation-files';
import { sampleRun } from '../../fixtures/sample-run';

const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'infermeter-'));
}

function sample(pricesFile?: string) {
  const catalog = loadCatalog({ pricesFile });
  const rec = buildRecommendation({ run: sampleRun([1, 2, 4]), sloMs: 5, qps: 500, headroom: 0.3, catalog, rates, now: '2026-11-22T00:00:00.000Z' });
  const inputs = recommendationInputs({ catalog, runFiles: ['/runs/run-1.json'], qpsFrom: 'flag', pricesFile });
  return { catalog, rec, inputs };
}

const num = (cell: string | undefined) => (cell === '' || cell === undefined ? null : Number(cell));

test('JSON and CSV round-trip: the file reads back equal, one CSV row per instance in ranking order with its numbers', () => {
  const { catalog, rec, inputs } = sample();
  const dir = join(tempDir(), 'out');
  const paths = writeRecommendationFiles(dir, rec, inputs);
  assert.deepEqual(readdirSync(dir).sort(), ['run-1.recommendation.csv', 'run-1.recommendation.json'], 'both files, no temporary left');
  assert.equal(paths.json, join(dir, 'run-1.recommendation.json'));

  const back = readRecommendationFile(paths.json);
  assert.deepEqual(back, { ...rec, inputs });
  assert.doesNotThrow(() => recommendationSchema.parse(back), 'a recommendation file is also a plain Recommendation');
  assert.equal(back.inputs.priceDates['c5.xlarge'], catalog.instances.find((x) => x.id === 'c5.xlarge')?.price_date);

  const rows = parse(readFileSync(paths.csv, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), RECOMMENDATION_CSV_COLUMNS.map((c) => c.header));
  assert.equal(rows.length, catalog.instances.length);
  assert.deepEqual(rows.map((r) => r['instance_id']), rec.instances.map((x) => x.instanceId));
  assert.ok(rec.instances.some((x) => x.basis === 'projected') && rec.instances.some((x) => x.basis === 'none'), 'the fixture covers both kinds of row');
  rec.instances.forEach((x, i) => {
    const row = rows[i]!;
    assert.equal(row['basis'], x.basis);
    assert.equal(row['cloud'], x.cloud);
    assert.equal(num(row['accelerator_count']), x.acceleratorCount);
    assert.equal(num(row['throughput_inferences_per_s']), x.throughput);
    assert.equal(num(row['cost_per_1m_on_demand_usd']), x.costPer1MOnDemand);
    assert.equal(num(row['cost_per_1m_spot_usd']), x.costPer1MSpot);
    assert.equal(num(row['instances_needed']), x.instancesNeeded);
    assert.equal(row['missing'], x.missing ?? '');
    assert.equal(row['recommended'], x.instanceId === rec.recommended ? 'yes' : 'no');
    assert.equal(num(row['rank']), x.costPer1MOnDemand === null ? null : i + 1);
    assert.equal(row['price_date'], catalog.instances.find((c) => c.id === x.instanceId)?.price_date);
    assert.equal(num(row['slo_p99_ms']), 5);
    assert.equal(num(row['qps']), 500);
    const trt = tensorRtRange(x.notes);
    assert.equal(num(row['tensorrt_inferences_per_s']), trt?.low ?? null);
    assert.equal(num(row['tensorrt_high_inferences_per_s']), trt?.high ?? null);
    if (trt) assert.ok((x.runtime ?? '').includes('CUDA') && x.basis === 'projected', `${x.instanceId}: a TensorRT range only beside a projected CUDA row`);
  });
  assert.ok(rows.some((r) => num(r['tensorrt_inferences_per_s']) !== null), 'some GPU row carries a TensorRT range');
  assert.match(rows.find((r) => r['instance_id'] === 'g5.xlarge')?.['missing'] ?? '', /no published fp32 peak for the A10G/);
});

test('CSV cells a spreadsheet would execute are neutralised', () => {
  const dir = tempDir();
  const prices = join(dir, 'prices.json');
  const c5 = loadCatalog().instances.find((x) => x.id === 'c5.xlarge');
  writeFileSync(prices, JSON.stringify({ instances: [{ ...c5, id: '=HYPERLINK("http://x")', provider: '@evil', price_date: '+2026' }] }));
  const { rec, inputs } = sample(prices);
  const paths = writeRecommendationFiles(join(dir, 'out'), rec, inputs);
  const rows = parse(readFileSync(paths.csv, 'utf8'), { columns: true }) as Record<string, string>[];
  const row = rows.find((r) => r['instance_id']?.includes('HYPERLINK'));
  assert.equal(row?.['instance_id'], `'=HYPERLINK("http://x")`);
  assert.equal(row?.['cloud'], "'@evil");
  assert.equal(row?.['price_date'], "'+2026");
  assert.equal(readRecommendationFile(paths.json).inputs.pricesFile, prices);
});

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    assert.equal(error.code, 'bad-input');
    return error.message;
  }
  assert.fail('expected bad input');
}

test('the reader names the file and the problem', () => {
  const dir = tempDir();
  const missing = join(dir, 'nope.recommendation.json');
  assert.equal(badInputMessage(() => readRecommendationFile(missing)), `${missing}: cannot read (ENOENT)`);
  const notJson = join(dir, 'half.recommendation.json');
  writeFileSync(notJson, '{"kind": "infermeter-recommendation", ');
  assert.match(badInputMessage(() => readRecommendationFile(notJson)), new RegExp(`^${notJson}: not valid JSON`));
  const runFile = join(dir, 'run-1.json');
  writeFileSync(runFile, JSON.stringify(sampleRun([1])));
  assert.match(badInputMessage(() => readRecommendationFile(runFile)), new RegExp(`^${runFile}: not an infermeter recommendation \\(no "kind"`));

  const { rec, inputs } = sample();
  const paths = writeRecommendationFiles(join(dir, 'out'), rec, inputs);
  const edited = JSON.parse(readFileSync(paths.json, 'utf8')) as { instances: { basis: string }[] };
  edited.instances[0]!.basis = 'guessed';
  writeFileSync(paths.json, JSON.stringify(edited));
  assert.match(badInputMessage(() => readRecommendationFile(paths.json)), new RegExp(`^${paths.json}: not a valid infermeter recommendation \\(instances\\.0\\.basis: `));
  const noInputs = { ...rec };
  writeFileSync(paths.json, JSON.stringify(noInputs));
  assert.match(badInputMessage(() => readRecommendationFile(paths.json)), /not a valid infermeter recommendation \(inputs: /);
});

test('the writer refuses an object that does not match the schema and an --out it cannot write', () => {
  const { rec, inputs } = sample();
  const dir = tempDir();
  assert.throws(() => writeRecommendationFiles(join(dir, 'a'), { ...rec, sloMs: -1 }, inputs), (e) => e instanceof EngineError && e.code === 'internal' && /sloMs/.test(e.message));
  assert.deepEqual(readdirSync(dir), [], 'nothing written');
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  assert.match(badInputMessage(() => writeRecommendationFiles(join(file, 'out'), rec, inputs, '--out')), /^--out .*a-file\/out: .*a-file is a file, not a folder$/);
});
