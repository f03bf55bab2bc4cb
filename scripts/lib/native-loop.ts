import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The libonnxruntime that onnxruntime-node loads (Linux only: elsewhere the native baseline is skipped). */
function ortLibrary(): string | null {
  if (process.platform !== 'linux') return null;
  const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
  const lib = join(pkg, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime.so.1');
  return existsSync(lib) ? lib : null;
}

function source(): string | null {
  // From scripts/lib under tsx, or from dist/scripts/lib after a build (tsc does not copy the .c file).
  for (const candidate of [resolve(__dirname, 'native-loop.c'), resolve(__dirname, '../../../scripts/lib/native-loop.c')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Compiles the native loop against onnxruntime-node's own libonnxruntime; the binary's path, or why not. */
export function buildNativeLoop(): { binary: string } | { skipped: string } {
  const lib = ortLibrary();
  if (lib === null) return { skipped: `no libonnxruntime.so.1 from onnxruntime-node for ${process.platform}/${process.arch}` };
  const src = source();
  if (src === null) return { skipped: 'scripts/lib/native-loop.c not found' };
  const binary = join(mkdtempSync(join(tmpdir(), 'infermeter-native-')), 'native-loop');
  const cc = spawnSync('cc', ['-O2', '-o', binary, src, lib, `-Wl,-rpath,${dirname(lib)}`], { encoding: 'utf8' });
  if (cc.error !== undefined) return { skipped: `no C compiler (cc): ${cc.error.message}` };
  if (cc.status !== 0) return { skipped: `cc failed: ${cc.stderr.trim().split('\n')[0] ?? ''}` };
  return { binary };
}

/**
 * One native-loop process: ms per run at each batch, in a session with `threads` intra-op threads (0: default);
 * under `flock -x lock` when a lock file is given.
 */
export function runNativeLoop(binary: string, modelPath: string, width: number, minMs: number, threads: number, batches: number[], lock = ''): Map<number, number> {
  const args = [modelPath, String(width), String(minMs), String(threads), ...batches.map(String)];
  const out = lock === '' ? spawnSync(binary, args, { encoding: 'utf8' }) : spawnSync('flock', ['-x', lock, binary, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`native loop failed: ${out.stderr.trim() || out.error?.message || `exit ${out.status}`}`);
  const result = new Map<number, number>();
  for (const line of out.stdout.trim().split('\n')) {
    const [batch, ms] = line.split(' ').map(Number);
    if (batch !== undefined && ms !== undefined) result.set(batch, ms);
  }
  return result;
}
