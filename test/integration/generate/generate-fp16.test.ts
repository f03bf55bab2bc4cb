// FP16 on a decoder: the converter halves the built-in decoder's weights, keeps its I/O (and so its KV cache) in the
// model's types, and the CPU provider generates with it; greedy tokens and logits are checked against FP32.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runRecordSchema } from '../../../electron/contract/run';
import { QUICK, runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-generate-fp16-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('bench builtin:llama:tiny --precision fp16 on the CPU provider: converted, generated, compared with FP32', async () => {
  const out = join(dir, 'out');
  const r = await runCli(['bench', 'builtin:llama:tiny', '--prompt', '8', '--gen', '4', '--batch', '1', '--ep', 'cpu', '--precision', 'fp32,fp16', '--out', out, ...QUICK], { INFERMETER_CACHE_DIR: join(dir, 'cache') });
  assert.ok(r.code === 0 || r.code === 3, `exit ${r.code}: ${r.stderr}`);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json')) as string), 'utf8')));
  const fp16 = record.variants.find((v) => v.precision === 'fp16');
  assert.ok(fp16?.conversion && fp16.conversion.nodesConverted > 0, 'nodes converted to float16');
  assert.ok(fp16.conversion.outputBytes < 0.6 * fp16.conversion.sourceBytes, `${fp16.conversion.outputBytes} of ${fp16.conversion.sourceBytes} bytes`);
  assert.ok(fp16.generationAccuracy, 'generation against FP32 measured');
  assert.ok(fp16.generationAccuracy.logitsCosineMin > 0.99, `cosine ${fp16.generationAccuracy.logitsCosineMin}`);
  const point = record.points.find((p) => p.precision === 'fp16');
  assert.ok(point && point.verdict !== 'failed', point?.verdict === 'failed' ? point.error.message : 'no fp16 point');
  // The converter keeps the model's I/O types, so the cache fed back stays float32: 512 bytes a token here.
  assert.equal(point.generationStats?.cacheBytesPerToken, 512);
});
