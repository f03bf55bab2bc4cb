import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { detectGpus, nvidiaGpuMemoryUsedBytes } from '../../../electron/engine/hardware/gpu';

// A stand-in nvidia-smi on PATH that answers only the exact queries we document, so these tests check the
// arguments passed and the parsing of what comes back, on machines without an NVIDIA GPU.
const script = `#!/bin/sh
if [ "$*" = "--query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits" ]; then
  printf 'NVIDIA H200, 550.54.15, 143771, 1, 0\\nNVIDIA H200, 550.54.15, 143771, 4520, 87\\n'
elif [ "$*" = "--query-gpu=memory.used --format=csv,noheader,nounits" ]; then
  printf '1\\n4520\\n'
elif [ "$*" = "--query-gpu=memory.used --format=csv,noheader,nounits --id=1" ]; then
  printf '4520\\n'
elif [ "$#" = "0" ]; then
  printf '| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |\\n'
else
  echo "unexpected arguments: $*" >&2; exit 9
fi
`;

const MIB = 1024 * 1024;
let dir = '';
let savedPath: string | undefined;

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
  savedPath = process.env.PATH;
});

after(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

test('with nvidia-smi on PATH: GPUs, CUDA version and memory in use come from it', { skip: !posix }, async () => {
  const fake = path.join(dir, 'nvidia-smi');
  writeFileSync(fake, script);
  chmodSync(fake, 0o755);
  process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`;

  const gpus = (await detectGpus()).filter((g) => g.source === 'nvidia-smi');
  assert.equal(gpus.length, 2);
  assert.equal(gpus[0]?.model, 'NVIDIA H200');
  assert.equal(gpus[0]?.cudaVersion, '12.4');
  assert.equal(gpus[1]?.memoryUsedBytes, 4520 * MIB);
  assert.equal(await nvidiaGpuMemoryUsedBytes(), 4521 * MIB);
  assert.equal(await nvidiaGpuMemoryUsedBytes(1), 4520 * MIB);
});

test('with a failing nvidia-smi or none at all: no NVIDIA GPU, null memory, no throw', { skip: !posix }, async () => {
  writeFileSync(path.join(dir, 'nvidia-smi'), '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2\nexit 9\n');
  chmodSync(path.join(dir, 'nvidia-smi'), 0o755);
  process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`;
  assert.deepEqual((await detectGpus()).filter((g) => g.source === 'nvidia-smi'), []);
  assert.equal(await nvidiaGpuMemoryUsedBytes(), null);

  process.env.PATH = dir.concat(path.delimiter, path.join(dir, 'empty'));
  rmSync(path.join(dir, 'nvidia-smi'));
  assert.equal(await nvidiaGpuMemoryUsedBytes(), null);
});
