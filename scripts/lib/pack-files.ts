// What the GPU pack carries of this checkout: the files `npm pack` ships (package.json "files"), the GPU check's
// own compiled scripts, and the production dependencies as installed here, trimmed to Linux x64.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where the compiled helpers gpu-check.sh runs with the pack's node are (not part of the npm tarball): all of them go. */
const GPU_CHECK_DIR = 'dist/scripts/gpu-check';
const GPU_CHECK_ENTRIES = ['plan.js', 'summarize.js'];

/** Files the app needs, relative to the repository: `npm pack --dry-run` of the built checkout, plus the check's scripts. */
export function appFiles(repo: string): string[] {
  const out = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  if (out.status !== 0) throw new Error(`npm pack --dry-run failed in ${repo}: ${out.stderr.trim().split('\n').pop() ?? ''}`);
  const [info] = JSON.parse(out.stdout) as Array<{ files: Array<{ path: string }> }>;
  const files = (info?.files ?? []).map((f) => f.path);
  for (const entry of GPU_CHECK_ENTRIES)
    if (!existsSync(join(repo, GPU_CHECK_DIR, entry))) throw new Error(`${GPU_CHECK_DIR}/${entry} is missing: run 'npm run build' first`);
  for (const f of readdirSync(join(repo, GPU_CHECK_DIR))) if (f.endsWith('.js')) files.push(`${GPU_CHECK_DIR}/${f}`);
  return files.filter((f) => f !== 'package.json').concat('package.json');
}

/** Installed production dependencies (transitively), as folders relative to the repository. */
export function productionPackages(repo: string): string[] {
  const out = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  const dirs = out.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l !== repo);
  if (dirs.length === 0) throw new Error(`npm ls --omit=dev found no production dependencies in ${repo}: run 'npm ci' first`);
  return dirs.map((d) => relative(repo, d).split(sep).join('/'));
}

const ORT_BINARIES = /(^|\/)onnxruntime-node\/bin\/napi-v\d+\/([^/]+)\/([^/]+)\//;

/**
 * Whether a file under node_modules goes into the pack: onnxruntime-node's binaries for Linux x64 only, and no
 * type declarations, source maps or docs (nothing at run time reads them).
 */
export function keepModuleFile(path: string): boolean {
  const ort = ORT_BINARIES.exec(path);
  if (ort) return ort[2] === 'linux' && ort[3] === 'x64';
  return !/\.(d\.ts|d\.mts|d\.cts|map|md|markdown)$/i.test(path) && !/(^|\/)(docs?|test|tests|__tests__|example|examples)\//.test(path);
}

/** Files this large are xz-compressed in the pack; gpu-check.sh restores them before anything runs. */
export const COMPRESS_OVER_BYTES = 4 * 1024 * 1024;
