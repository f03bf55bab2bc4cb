import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { engineWorkerEnv, forkEngineWorker } from '../../../electron/host/worker-channel';

const dir = fs.mkdtempSync(join(tmpdir(), 'infermeter-worker-env-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the engine worker numbers CUDA devices in PCI bus order (nvidia-smi\'s), unless the user chose an order', async () => {
  assert.equal(engineWorkerEnv({})['CUDA_DEVICE_ORDER'], 'PCI_BUS_ID');
  assert.equal(engineWorkerEnv({ CUDA_DEVICE_ORDER: 'FASTEST_FIRST', PATH: '/bin' })['CUDA_DEVICE_ORDER'], 'FASTEST_FIRST');
  assert.equal(engineWorkerEnv({ PATH: '/bin' })['PATH'], '/bin');
  // A real forked worker sees it: a stand-in worker script reports its environment back over the channel.
  const script = join(dir, 'report-env.js');
  fs.writeFileSync(script, "process.send(process.env.CUDA_DEVICE_ORDER ?? 'unset', () => process.exit(0));\n");
  const worker = forkEngineWorker(script);
  const seen = await new Promise<unknown>((resolve, reject) => {
    worker.onMessage(resolve);
    worker.onExit((code) => reject(new Error(`worker exited (${code}) without reporting`)));
  });
  assert.equal(seen, process.env['CUDA_DEVICE_ORDER'] ?? 'PCI_BUS_ID');
});
