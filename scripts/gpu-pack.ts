// `npm run gpu:pack [-- --out DIR] [--xz-level 0-9] [--vulkan-deb FILE]`: a folder with everything a bare Linux x64
// GPU box needs to run scripts/gpu-check.sh offline — node, the built CLI with its production node_modules
// (onnxruntime-node's linux-x64 libraries), Debian's Vulkan loader — with large binaries xz-compressed to carry.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cacheDir } from '../electron/engine/cache-dir';
import { flag } from './lib/bench-util';
import { appFiles, COMPRESS_OVER_BYTES, keepModuleFile, productionPackages } from './lib/pack-files';
import { unpackVulkan, vulkanDeb } from './lib/vulkan-deb';

/** The most the pack may weigh, to carry it to a GPU box. */
export const PACK_LIMIT_BYTES = 64 * 1024 * 1024;
const repo = resolve(__dirname, '..', '..');

function copy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, statSync(from).mode & 0o777);
}

/** Every file under `dir` (relative paths), not descending into nested node_modules (npm ls lists those packages itself). */
function walk(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...walk(dir, rel));
    } else if (entry.isFile()) files.push(rel);
  }
  return files;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function bytesUnder(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += lstatSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

function main(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`gpu:pack makes a Linux x64 pack from this machine's node and must run on Linux x64 (this is ${process.platform} ${process.arch})`);
  const out = resolve(flag('out', join(repo, 'gpu-pack')));
  const level = flag('xz-level', '6');
  if (!/^[0-9]$/.test(level)) throw new Error(`--xz-level ${level}: must be 0 to 9`);
  const debArg = flag('vulkan-deb', '');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  for (const f of appFiles(repo)) copy(join(repo, f), join(out, 'app', f));
  for (const pkg of productionPackages(repo)) {
    for (const f of walk(join(repo, pkg))) if (keepModuleFile(`${pkg}/${f}`)) copy(join(repo, pkg, f), join(out, 'app', pkg, f));
  }
  copy(process.execPath, join(out, 'node', 'bin', 'node'));
  const vulkanVersion = unpackVulkan(debArg || vulkanDeb(join(cacheDir(), 'gpu-pack')), out);
  copy(join(repo, 'scripts', 'gpu-check.sh'), join(out, 'gpu-check.sh'));
  chmodSync(join(out, 'gpu-check.sh'), 0o755);

  // Large binaries travel xz-compressed; SHA256SUMS lets gpu-check.sh verify what it restores.
  const sums: string[] = [];
  for (const entry of readdirSync(out, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || statSync(path).size <= COMPRESS_OVER_BYTES) continue;
    sums.push(`${sha256(path)}  ${path.slice(out.length + 1)}`);
    const xz = spawnSync('xz', ['-z', '-T1', `-${level}`, path], { encoding: 'utf8' });
    if (xz.status !== 0) throw new Error(`xz -${level} ${path} failed: ${xz.stderr || xz.error?.message}`);
  }
  writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
  const ort = JSON.parse(readFileSync(join(repo, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string };
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const size = bytesUnder(out);
  const info = { madeAt: new Date().toISOString(), app: pkg.version, commit, node: process.version, onnxruntimeNode: ort.version, libvulkan1: vulkanVersion, xzLevel: Number(level), bytes: size.bytes, files: size.files };
  writeFileSync(join(out, 'PACK.json'), `${JSON.stringify(info, null, 2)}\n`);
  const mb = (size.bytes / 1024 / 1024).toFixed(1);
  if (size.bytes > PACK_LIMIT_BYTES) throw new Error(`the pack in ${out} is ${mb} MB, over the ${PACK_LIMIT_BYTES / 1024 / 1024} MB limit`);
  process.stdout.write(
    `gpu pack: ${out} — ${mb} MB in ${size.files} files (node ${process.version}, onnxruntime-node ${ort.version}, libvulkan1 ${vulkanVersion}, xz -${level})\n` +
      `carry the folder to the GPU box and run: ${join(out, 'gpu-check.sh')} --out DIR   (or --dry-run to check it on any Linux x64 CPU)\n`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`gpu:pack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
