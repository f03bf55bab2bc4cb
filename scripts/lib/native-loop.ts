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

function source(name: string): string | null {
  // From scripts/lib under tsx, or from dist/scripts/lib after a build (tsc does not copy the .c file).
  for (const candidate of [resolve(__dirname, name), resolve(__dirname, '../../../scripts/lib', name)]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Compiles `name` (in scripts/lib) with `cc` against onnxruntime-node's own libonnxruntime; the output's path, or why not. */
function compile(name: string, output: string, extra: string[]): { binary: string } | { skipped: string } {
  const lib = ortLibrary();
  if (lib === null) return { skipped: `no libonnxruntime.so.1 from onnxruntime-node for ${process.platform}/${process.arch}` };
  const src = source(name);
  if (src === null) return { skipped: `scripts/lib/${name} not found` };
  const binary = join(mkdtempSync(join(tmpdir(), 'infermeter-native-')), output);
  const cc = spawnSync('cc', ['-O2', ...extra, '-o', binary, src, lib, `-Wl,-rpath,${dirname(lib)}`], { encoding: 'utf8' });
  if (cc.error !== undefined) return { skipped: `no C compiler (cc): ${cc.error.message}` };
  if (cc.status !== 0) return { skipped: `cc failed: ${cc.stderr.trim().split('\n')[0] ?? ''}` };
  return { binary };
}

/** Compiles the native loop against onnxruntime-node's own libonnxruntime; the binary's path, or why not. */
export function buildNativeLoop(): { binary: string } | { skipped: string } {
  return compile('native-loop.c', 'native-loop', []);
}

/** The native loop as a Node addon (native-loop-addon.c): the same C loop run inside this process. */
export interface NativeLoopAddon {
  open(modelPath: string, threads: number): unknown;
  time(session: unknown, batch: number, width: number, minMs: number): number;
  close(session: unknown): void;
}

/** Builds and loads the in-process native loop against Node's own headers; the addon, or why not. */
export function loadNativeLoopAddon(): { addon: NativeLoopAddon } | { skipped: string } {
  const headers = join(dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(join(headers, 'node_api.h'))) return { skipped: `no Node headers (node_api.h) in ${headers}` };
  const built = compile('native-loop-addon.c', 'native-loop.node', ['-shared', '-fPIC', `-I${headers}`]);
  if ('skipped' in built) return built;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a .node addon built at run time loads only through require
  return { addon: require(built.binary) as NativeLoopAddon };
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
