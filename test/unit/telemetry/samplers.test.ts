import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNvidiaSmiLine } from '../../../electron/engine/telemetry/nvidia-smi';
import { startLineSampler, startPolling } from '../../../electron/engine/telemetry/samplers';
import { reconstructed } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a line sampler stamps each line of a real process as it arrives, at the process\'s own pace', async () => {
  // A node process replays the H100 recording one line every 60 ms, as nvidia-smi -lms 60 would, and like it keeps
  // running until stopped (a tool that exits on its own is a failure).
  const lines = reconstructed('nvidia-smi-h100-lms100.csv').trim().split('\n');
  const script = `const l=${JSON.stringify(lines)};let i=0;setInterval(()=>{if(i<l.length)process.stdout.write(l[i++]+'\\n')},60)`;
  const s = startLineSampler(process.execPath, ['-e', script], parseNvidiaSmiLine);
  for (let waited = 0; s.readings.length < lines.length && waited < 10_000; waited += 20) await sleep(20);
  s.stop();
  assert.equal(s.readings.length, lines.length);
  assert.deepEqual(s.readings.map((r) => r.reading.values['powerW']), lines.map((l) => parseNvidiaSmiLine(l)?.values['powerW']));
  const gaps = s.readings.slice(1).map((r, i) => r.tMs - (s.readings[i]?.tMs ?? 0));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(mean > 40 && mean < 200, `readings ${mean.toFixed(1)} ms apart on average (60 ms asked)`);
  assert.equal(s.error(), null);
});

test('a missing tool, or one that prints only an error and exits, is the sampler\'s error', async () => {
  const missing = startLineSampler('infermeter-no-such-tool', [], parseNvidiaSmiLine);
  await sleep(200);
  assert.equal(missing.error(), 'infermeter-no-such-tool not found on PATH');
  const text = reconstructed('nvidia-smi-no-driver.txt').trim();
  const failing = startLineSampler(process.execPath, ['-e', `console.log(${JSON.stringify(text)}); process.exit(9)`], parseNvidiaSmiLine);
  for (let waited = 0; !/exited/.test(failing.error() ?? '') && waited < 5000; waited += 20) await sleep(20);
  assert.match(failing.error() ?? '', /exited \(code 9\): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
});

test('polling reads at the interval and stops; a read that throws becomes the error', async () => {
  let n = 0;
  const s = startPolling(() => ++n, 25);
  await sleep(300);
  s.stop();
  const count = s.readings.length;
  assert.ok(count >= 5 && count <= 14, `${count} reads in 300 ms at 25 ms`);
  await sleep(100);
  assert.equal(s.readings.length, count, 'no reads after stop');
  const bad = startPolling(() => {
    throw new Error('rocm-smi: boom');
  }, 10);
  await sleep(50);
  bad.stop();
  assert.equal(bad.error(), 'rocm-smi: boom');
});
