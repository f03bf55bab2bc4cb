import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { runRecordSchema } from '../../../electron/contract/run';
import { PACK_LIMIT_BYTES } from '../../../scripts/gpu-pack';
import { requireGraph } from '../../fixtures/require-graph';

// `npm run gpu:pack` as a user runs it (xz at level 0 here, to keep the test quick: the size limit still holds),
// then the pack's own gpu-check.sh --dry-run: its node, app and onnxruntime libraries restored and run on this CPU.

const repo = join(__dirname, '..', '..', '..', '..');
const root = mkdtempSync(join(tmpdir(), 'infermeter-gpu-pack-'));
const pack = join(root, 'pack');
after(() => rmSync(root, { recursive: true, force: true }));
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const skip = linuxX64 ? false : `the GPU pack is Linux x64 only (this is ${process.platform} ${process.arch})`;
let packed: string | null = null;

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

test('gpu:pack makes a folder under 64 MB with node, the app, Linux x64 onnxruntime and the Vulkan loader', { skip, timeout: 300_000 }, (t) => {
  const out = spawnSync(process.execPath, [join(repo, 'dist', 'scripts', 'gpu-pack.js'), '--out', pack, '--xz-level', '0'], { cwd: repo, encoding: 'utf8', timeout: 280_000 });
  if (out.status !== 0 && /apt-get download/.test(out.stderr)) {
    t.skip(`no libvulkan1 .deb here and none could be downloaded: ${out.stderr.trim()}`);
    return;
  }
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^gpu pack: .* MB in \d+ files \(node v/);
  t.diagnostic(out.stdout.split('\n')[0] ?? '');
  const bytes = sizeOf(pack);
  assert.ok(bytes < PACK_LIMIT_BYTES, `${(bytes / 2 ** 20).toFixed(1)} MB`);
  const ortDir = join(pack, 'app', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  for (const f of [
    'gpu-check.sh', 'PACK.json', 'SHA256SUMS', 'node/bin/node.xz', 'vulkan/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
    'app/bin/infermeter.js', 'app/package.json', 'app/dist/scripts/gpu-check/plan.js', 'app/dist/scripts/gpu-check/summarize.js', 'app/dist/scripts/gpu-check/note-summary.js',
    'app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1.xz', 'app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
  ]) assert.ok(existsSync(join(pack, f)), `${f} is in the pack`);
  assert.ok((statSync(join(pack, 'gpu-check.sh')).mode & 0o111) !== 0, 'gpu-check.sh is executable');
  assert.deepEqual(readdirSync(ortDir), ['linux']);
  assert.deepEqual(readdirSync(join(ortDir, 'linux')), ['x64']);
  for (const dev of ['electron', 'typescript', 'vite', 'playwright-core', 'eslint']) assert.ok(!existsSync(join(pack, 'app', 'node_modules', dev)), `no devDependency ${dev}`);
  const sums = readFileSync(join(pack, 'SHA256SUMS'), 'utf8');
  assert.match(sums, / {2}node\/bin\/node\n/);
  assert.match(sums, /libonnxruntime\.so\.1\n/);
  // Everything the CLI and its engine worker load resolves inside the pack.
  const app = join(pack, 'app');
  const graph = requireGraph([join(app, 'bin', 'infermeter.js'), join(app, 'dist', 'electron', 'host', 'engine-worker.js'), join(app, 'dist', 'scripts', 'gpu-check', 'summarize.js')]);
  assert.ok([...graph.files].every((f) => !relative(app, f).startsWith('..')));
  const missing = [...graph.packages].filter((p) => !existsSync(join(app, 'node_modules', p, 'package.json')));
  assert.deepEqual(missing, [], 'packages the CLI loads that the pack lacks');
  packed = pack;
});

test('gpu-check.sh --dry-run restores the pack and writes hw.json, run files, a summary and failures with reasons', { skip, timeout: 300_000 }, (t) => {
  if (!packed) {
    t.skip('no pack was made (see the test above)');
    return;
  }
  const out = join(root, 'check');
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), INFERMETER_CACHE_DIR: join(root, 'cache'), INFERMETER_DATA_DIR: join(root, 'data'), INFERMETER_DEBUG: '' };
  const run = spawnSync('bash', [join(packed, 'gpu-check.sh'), '--dry-run', '--out', out], { encoding: 'utf8', env, timeout: 280_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  t.diagnostic(run.stdout.split('\n').slice(0, 6).join('\n'));
  assert.ok(existsSync(join(packed, 'node', 'bin', 'node')) && !existsSync(join(packed, 'node', 'bin', 'node.xz')), 'node restored in place');
  for (const f of ['hw.json', 'plan.tsv', 'failures.tsv', 'summary.txt', 'summary.csv', 'environment.txt']) assert.ok(existsSync(join(out, f)), `${f} written`);
  const failures = readFileSync(join(out, 'failures.tsv'), 'utf8');
  const hw = JSON.parse(readFileSync(join(out, 'hw.json'), 'utf8')) as { providers: Array<{ id: string; available: boolean }> };
  if (!hw.providers.find((p) => p.id === 'webgpu')?.available) assert.match(failures, /^provider webgpu\tnot available: .+$/m);
  const records = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).map((f) => runRecordSchema.parse(JSON.parse(readFileSync(join(out, 'runs', f), 'utf8'))));
  const cpuPoints = records.flatMap((r) => r.points).filter((p) => p.provider === 'cpu');
  assert.deepEqual(cpuPoints.map((p) => p.batch), [1, 4]);
  for (const p of cpuPoints) {
    assert.notEqual(p.verdict, 'failed', JSON.stringify(p));
    if (p.verdict === 'failed') continue;
    assert.ok(p.stats.throughput > 0);
    assert.deepEqual(p.telemetry?.gpu, { available: false, reason: 'the point ran on the CPU provider' });
  }
  const summary = readFileSync(join(out, 'summary.txt'), 'utf8');
  assert.match(summary, /^## GPU check \(for the note: paste as is\)\n\n- Machine: .+\n- GPUs: .+\n- Providers: .*cpu available/);
  assert.match(summary, /\n\| \S+ cpu fp32 \| [\d.]+ @ b[14] \| 2\/2 \| – \| – \| – \| – \|\n/);
  assert.match(summary, /\nGPU check: 1 runs, 2 points \(2 measured\) on cpu/);
  assert.match(summary, /\n {2}provider webgpu: not available: |\n {2}none/);
  assert.equal(run.stdout, summary, 'the summary printed is the one written');
});
