// Debian's Vulkan loader (libvulkan1) for the GPU pack: the .deb is fetched once with `apt-get download` into the
// cache and unpacked with `dpkg -x`. NVIDIA's driver supplies the ICD; the loader is what a bare box may lack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const VULKAN_PACKAGE = 'libvulkan1:amd64';
/** Where the loader lands inside the pack (dpkg -x keeps the package's own paths). */
export const VULKAN_LIB_DIR = 'vulkan/usr/lib/x86_64-linux-gnu';

function run(cmd: string, args: string[], cwd?: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() };
}

/** The cached libvulkan1 .deb, downloading it into `cacheDir` when none is there. Throws one line on failure. */
export function vulkanDeb(cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const cached = () => readdirSync(cacheDir).filter((f) => /^libvulkan1_.*_amd64\.deb$/.test(f)).sort();
  if (cached().length === 0) {
    const r = run('apt-get', ['download', VULKAN_PACKAGE], cacheDir);
    if (!r.ok) throw new Error(`apt-get download ${VULKAN_PACKAGE} failed (run 'apt-get update' first, or pass --vulkan-deb FILE): ${r.out.split('\n').pop() ?? ''}`);
  }
  const deb = cached().pop();
  if (!deb) throw new Error(`apt-get download ${VULKAN_PACKAGE} wrote no .deb into ${cacheDir}`);
  return join(cacheDir, deb);
}

/** Unpacks the .deb under `packDir/vulkan`; returns the package's version. */
export function unpackVulkan(deb: string, packDir: string): string {
  if (!existsSync(deb)) throw new Error(`--vulkan-deb ${deb}: no such file`);
  const x = run('dpkg', ['-x', deb, join(packDir, 'vulkan')]);
  if (!x.ok) throw new Error(`dpkg -x ${deb} failed: ${x.out}`);
  if (!existsSync(join(packDir, VULKAN_LIB_DIR, 'libvulkan.so.1'))) throw new Error(`${deb} holds no ${VULKAN_LIB_DIR.replace('vulkan/', '/')}/libvulkan.so.1`);
  const v = run('dpkg-deb', ['-f', deb, 'Version']);
  return v.ok ? v.out : 'unknown';
}
