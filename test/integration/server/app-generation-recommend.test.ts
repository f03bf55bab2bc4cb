import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RecommendationFile } from '../../../electron/contract/recommend';
import { AppService } from '../../../electron/host/app-service';
import { generationRun } from '../../unit/recommend/generation-run';

const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
process.env['INFERMETER_CACHE_DIR'] = join(root, 'cache');
const historyDir = join(root, 'runs');
mkdirSync(historyDir, { recursive: true });
const run = generationRun([
  { batch: 1, ttftMs: 60, itlMs: 25 },
  { batch: 1, ttftMs: 240, itlMs: 30, promptTokens: 512 },
  { batch: 1, ttftMs: 70, itlMs: 25, genTokens: 64 },
]);
writeFileSync(join(historyDir, `${run.id}.json`), JSON.stringify(run));
const service = new AppService({ historyDir, cache: { dir: join(root, 'models') } });

after(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

test('the app\'s recommend for a generation run: a tokens/s target and a measured shape reach the engine; an unmeasured shape is named', async () => {
  const out = await service.handle('recommend', { runId: run.id, sloMs: 100, qps: 1, tokensPerS: 640, shape: { promptTokens: 128, genTokens: 64 } });
  assert.ok(out.ok, JSON.stringify(out));
  const rec = out.result as RecommendationFile;
  assert.deepEqual([rec.generation?.promptTokens, rec.generation?.genTokens, rec.generation?.tokensPerS], [128, 64, 640]);
  assert.equal(rec.qps, 10, '640 tokens/s are 10 sequences/s of 64 generated tokens');
  const byDefault = await service.handle('recommend', { runId: run.id, sloMs: 100, qps: 5 });
  assert.ok(byDefault.ok, JSON.stringify(byDefault));
  const def = byDefault.result as RecommendationFile;
  assert.deepEqual([def.generation?.promptTokens, def.generation?.genTokens, def.generation?.tokensPerS], [512, 32, 160], 'no shape: the engine\'s default');
  const unmeasured = await service.handle('recommend', { runId: run.id, sloMs: 100, qps: 1, tokensPerS: 640, shape: { promptTokens: 64, genTokens: 64 } });
  assert.ok(!unmeasured.ok);
  assert.equal(unmeasured.error.code, 'bad-input');
  assert.match(unmeasured.error.message, /prompt 64 .*gen 64.*measured no such generation/);
});
