import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as si from 'systeminformation';
import type { CpuInfo } from '../../contract/hardware';
import { type CacheBytes, cacheFromSysfs, clockGHzFromProcCpuinfo, cpuFeaturesFromFlags, flagsFromProcCpuinfo, parseSysctlHwOptional, type SysfsCacheEntry } from './cpu-flags';
import { int8PathFor } from './int8-path';
import { runText, settleWithin } from './run-text';

const SI_TIMEOUT_MS = 10_000;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function sysfsCache(): CacheBytes | null {
  const dir = '/sys/devices/system/cpu/cpu0/cache';
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith('index'));
  } catch {
    return null;
  }
  const entries: SysfsCacheEntry[] = names.map((n) => ({
    level: readText(join(dir, n, 'level')) ?? '',
    type: readText(join(dir, n, 'type')) ?? '',
    size: readText(join(dir, n, 'size')) ?? '',
  }));
  const cache = cacheFromSysfs(entries);
  return Object.values(cache).some((v) => v !== null) ? cache : null;
}

function positiveOrNull(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

function ghzOrNull(n: number | null | undefined): number | null {
  const v = positiveOrNull(n);
  return v === null ? null : Math.round(v * 100) / 100;
}

async function macFlags(): Promise<string[]> {
  const out = await runText('sysctl', ['hw.optional']);
  return out.ok ? parseSysctlHwOptional(out.stdout) : [];
}

/** CPU model, cores, clocks, caches (bytes, as one core sees them) and the instruction-set features. */
export async function detectCpu(): Promise<CpuInfo> {
  const platform = process.platform;
  const arch = process.arch;
  const cpu = await settleWithin(si.cpu(), SI_TIMEOUT_MS, null);
  const procCpuinfo = platform === 'linux' ? readText('/proc/cpuinfo') : null;

  const flags = new Set<string>((cpu?.flags ?? '').split(/\s+/).filter((f) => f.length > 0));
  if (procCpuinfo) for (const f of flagsFromProcCpuinfo(procCpuinfo)) flags.add(f);
  if (platform === 'darwin') for (const f of await macFlags()) flags.add(f);
  const flagList = [...flags].map((f) => f.toLowerCase()).sort();
  const features = cpuFeaturesFromFlags(flagList, arch);

  const logical = cpu?.cores && cpu.cores > 0 ? cpu.cores : os.cpus().length;
  const physical = cpu?.physicalCores && cpu.physicalCores > 0 ? cpu.physicalCores : logical;

  // systeminformation reads the clock from cpufreq/lscpu; where there is no cpufreq (most VMs) the
  // kernel's "cpu MHz" is the fixed TSC rate, which is the nominal clock.
  let baseClockGHz = ghzOrNull(cpu?.speed);
  if (baseClockGHz === null && procCpuinfo && !existsSync('/sys/devices/system/cpu/cpu0/cpufreq')) {
    baseClockGHz = clockGHzFromProcCpuinfo(procCpuinfo);
  }
  const osModel = os.cpus()[0]?.model?.trim() ?? '';
  const siModel = [cpu?.manufacturer, cpu?.brand].filter((s) => s && s.length > 0).join(' ');

  const siCache = cpu?.cache;
  const cacheBytes = (platform === 'linux' ? sysfsCache() : null) ?? {
    l1d: positiveOrNull(siCache?.l1d),
    l1i: positiveOrNull(siCache?.l1i),
    l2: positiveOrNull(siCache?.l2),
    l3: positiveOrNull(siCache?.l3),
  };

  return {
    vendor: cpu?.vendor || cpu?.manufacturer || 'unknown',
    model: siModel || osModel || 'unknown',
    arch,
    physicalCores: physical,
    logicalCores: logical,
    baseClockGHz,
    maxClockGHz: ghzOrNull(cpu?.speedMax),
    cacheBytes,
    features,
    flags: flagList,
    int8: int8PathFor(features, arch),
  };
}

let localCpu: Promise<CpuInfo> | null = null;

/** This process's CPU, detected once: what the converter and the bench consult for the INT8 path. */
export function localCpuInfo(): Promise<CpuInfo> {
  localCpu ??= detectCpu();
  return localCpu;
}
