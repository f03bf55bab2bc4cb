// Pure parsers for CPU feature flags and cache sizes; the probing that feeds them is in cpu.ts.
import type { CpuFeatures } from '../../contract/hardware';

const x86Arches = new Set(['x64', 'ia32', 'x86', 'x86_64', 'amd64', 'i386', 'i686']);
const armArches = new Set(['arm64', 'aarch64', 'arm', 'armv7l', 'armv8l']);

function isArm64(arch: string): boolean {
  return arch === 'arm64' || arch === 'aarch64';
}

/**
 * Maps CPU flags (Linux /proc/cpuinfo spelling, as also produced by parseSysctlHwOptional) to the features
 * that matter for inference kernels. x86 flags count only on x86 and Arm flags only on Arm, so a stray name
 * from another architecture cannot switch a feature on.
 */
export function cpuFeaturesFromFlags(flags: string[], arch: string): CpuFeatures {
  const set = new Set(flags.map((f) => f.trim().toLowerCase()));
  const x86 = x86Arches.has(arch.toLowerCase());
  const arm = armArches.has(arch.toLowerCase());
  const onX86 = (...names: string[]): boolean => x86 && names.some((n) => set.has(n));
  const onArm = (...names: string[]): boolean => arm && names.some((n) => set.has(n));
  return {
    avx2: onX86('avx2'),
    avx512f: onX86('avx512f'),
    avx512vnni: onX86('avx512_vnni', 'avx512vnni'),
    avxVnni: onX86('avx_vnni', 'avxvnni'),
    avx512bf16: onX86('avx512_bf16', 'avx512bf16'),
    avx512fp16: onX86('avx512_fp16', 'avx512fp16'),
    amx: onX86('amx_tile', 'amx_int8', 'amx_bf16', 'amxtile', 'amxint8', 'amxbf16'),
    f16c: onX86('f16c'),
    fma: onX86('fma'),
    // Advanced SIMD is mandatory in AArch64; 32-bit Arm has to say so.
    neon: (arm && isArm64(arch.toLowerCase())) || onArm('asimd', 'neon'),
    dotprod: onArm('asimddp', 'dotprod'),
    armFp16: onArm('asimdhp', 'fphp'),
    i8mm: onArm('i8mm'),
  };
}

/** The flag list of the first processor in /proc/cpuinfo: `flags` on x86, `Features` on Arm. */
export function flagsFromProcCpuinfo(text: string): string[] {
  for (const line of text.split('\n')) {
    const m = /^(flags|features)\s*:\s*(.*)$/i.exec(line);
    if (m) return (m[2] ?? '').split(/\s+/).filter((f) => f.length > 0);
  }
  return [];
}

/** macOS sysctl names for features that Linux spells differently. */
const sysctlSynonyms: Record<string, string[]> = {
  feat_dotprod: ['asimddp'],
  feat_i8mm: ['i8mm'],
  feat_fp16: ['fphp', 'asimdhp'],
  feat_bf16: ['bf16'],
  feat_fhm: ['asimdfhm'],
  neon: ['asimd'],
  adv_simd: ['asimd'],
  advsimd: ['asimd'],
  neon_fp16: ['asimdhp'],
  neon_hpfp: ['asimdhp'],
  avx1_0: ['avx'],
  avx2_0: ['avx2'],
  avx512vnni: ['avx512_vnni'],
  avx512bf16: ['avx512_bf16'],
};

/**
 * Parses `sysctl hw.optional` output ("hw.optional.arm.FEAT_DotProd: 1") into flag names in Linux spelling.
 * Only keys whose value is 1 count (others are counts such as watchpoint: 4, or 0 for absent).
 */
export function parseSysctlHwOptional(text: string): string[] {
  const flags = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^hw\.optional\.(?:arm\.)?([\w.]+)\s*[:=]\s*(\d+)\s*$/.exec(line.trim());
    if (!m || m[2] !== '1') continue;
    const name = (m[1] ?? '').toLowerCase();
    flags.add(name);
    for (const synonym of sysctlSynonyms[name] ?? []) flags.add(synonym);
  }
  return [...flags].sort();
}

/** "32K", "1024K", "32M", "48 KiB", "2 MiB", "512" (bytes) → bytes; null when it is not a size. */
export function parseCacheSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) return null;
  const scale: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  const bytes = Number(m[1]) * (scale[(m[2] ?? '').toUpperCase()] ?? 1);
  return Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : null;
}

export interface SysfsCacheEntry {
  level: string;
  type: string;
  size: string;
}

export interface CacheBytes {
  l1d: number | null;
  l1i: number | null;
  l2: number | null;
  l3: number | null;
}

/**
 * Cache sizes as one core sees them, from /sys/devices/system/cpu/cpu0/cache/index* (level, type, size):
 * the size of the one instance that core uses, not a sum over all instances the way newer lscpu prints it.
 */
export function cacheFromSysfs(entries: SysfsCacheEntry[]): CacheBytes {
  const result: CacheBytes = { l1d: null, l1i: null, l2: null, l3: null };
  for (const e of entries) {
    const size = parseCacheSize(e.size);
    const level = e.level.trim();
    const type = e.type.trim().toLowerCase();
    if (size === null) continue;
    if (level === '1' && type === 'data') result.l1d = size;
    else if (level === '1' && type === 'instruction') result.l1i = size;
    else if (level === '2') result.l2 = size;
    else if (level === '3') result.l3 = size;
  }
  return result;
}

/** The first "cpu MHz" line of /proc/cpuinfo in GHz (2 decimals); null when there is none (Arm has none). */
export function clockGHzFromProcCpuinfo(text: string): number | null {
  const m = /^cpu MHz\s*:\s*([\d.]+)/im.exec(text);
  if (!m) return null;
  const mhz = Number(m[1]);
  return Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz / 10) / 100 : null;
}
