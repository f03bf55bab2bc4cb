// Facts about native libraries that explain a provider failure, found without loading anything (no dlopen).
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { ProviderId } from '../../contract/hardware';
import { runText } from './run-text';

/** The folder that holds onnxruntime-node's binding and, once installed, its provider libraries. */
export function ortBinDir(platform: string = process.platform, arch: string = process.arch): string | null {
  try {
    return join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', platform, arch);
  } catch {
    return null;
  }
}

/** The provider libraries onnxruntime loads at session creation for `id`; empty for providers built into the binding. */
export function providerLibFiles(id: ProviderId, platform: string): string[] {
  if (id !== 'cuda' && id !== 'tensorrt') return [];
  const name = (base: string): string => (platform === 'win32' ? `${base}.dll` : platform === 'darwin' ? `lib${base}.dylib` : `lib${base}.so`);
  const files = [name('onnxruntime_providers_shared'), name('onnxruntime_providers_cuda')];
  if (id === 'tensorrt') files.push(name('onnxruntime_providers_tensorrt'));
  return files;
}

/** Whether every provider library of `id` is in onnxruntime-node's bin folder; undefined when there are none to check. */
export function providerLibsPresent(id: ProviderId): boolean | undefined {
  const files = providerLibFiles(id, process.platform);
  const dir = ortBinDir();
  if (files.length === 0 || dir === null) return undefined;
  return files.every((f) => existsSync(join(dir, f)));
}

/** Names that `ldd` reports as "=> not found". */
export function parseLddMissing(text: string): string[] {
  const missing: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s*=>\s*not found/.exec(line);
    if (m?.[1] && !missing.includes(m[1])) missing.push(m[1]);
  }
  return missing;
}

/** Libraries that the provider library of `id` links against and the loader cannot find (Linux, via ldd). */
export async function missingProviderDependencies(id: ProviderId): Promise<string[]> {
  const dir = ortBinDir();
  const main = providerLibFiles(id, process.platform).at(-1);
  if (process.platform !== 'linux' || dir === null || main === undefined) return [];
  const file = join(dir, main);
  if (!existsSync(file)) return [];
  const out = await runText('ldd', [file], 5000);
  return parseLddMissing(out.stdout);
}

/** The path `ldconfig -p` lists for library `name` (the first one, as the loader would pick); null when absent. */
export function findLibraryInLdconfig(text: string, name: string): string | null {
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s.*=>\s*(\S+)\s*$/.exec(line);
    if (m && m[1] === name) return m[2] ?? null;
  }
  return null;
}

const commonLibDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];

/** Where the Vulkan loader libvulkan.so.1 is, from the loader cache or the usual folders; null when nowhere. */
export async function findVulkanLoader(): Promise<string | null> {
  const name = 'libvulkan.so.1';
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const out = await runText(ldconfig, ['-p'], 5000);
    if (!out.ok) continue;
    const found = findLibraryInLdconfig(out.stdout, name);
    if (found) return found;
    break;
  }
  const extra = (process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d.length > 0);
  for (const dir of [...extra, ...commonLibDirs]) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}
