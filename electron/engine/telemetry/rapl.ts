// CPU package energy from RAPL through Linux's powercap sysfs (Intel, and AMD since Linux 5.8): each package is
// /sys/class/powercap/intel-rapl:N with `name` (package-N), `energy_uj` (a wrapping counter) and `max_energy_range_uj`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const POWERCAP_ROOT = '/sys/class/powercap';

export interface RaplPackage {
  name: string;
  dir: string;
  maxEnergyRangeUj: number;
}

export type RaplProbe = { ok: true; packages: RaplPackage[] } | { ok: false; reason: string };

function readNumber(path: string): number {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^\d+$/.test(text)) throw new Error(`${path}: not a counter ("${text.slice(0, 20)}")`);
  return Number(text);
}

/** The package domains under `root` whose counters can be read, or why none can. */
export function probeRapl(root: string = POWERCAP_ROOT): RaplProbe {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return { ok: false, reason: `no ${root} (the kernel exposes no powercap; most VMs and containers lack RAPL)` };
  }
  // intel-rapl:N are packages; intel-rapl:N:M are their sub-domains (cores, uncore, dram), inside the package figure.
  const dirs = entries.filter((e) => /^intel-rapl:\d+$/.test(e)).sort();
  if (dirs.length === 0) return { ok: false, reason: `no RAPL package domain under ${root} (most VMs do not expose RAPL)` };
  const packages: RaplPackage[] = [];
  for (const d of dirs) {
    const dir = join(root, d);
    try {
      readNumber(join(dir, 'energy_uj'));
      const name = readFileSync(join(dir, 'name'), 'utf8').trim();
      packages.push({ name, dir, maxEnergyRangeUj: readNumber(join(dir, 'max_energy_range_uj')) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM')
        return { ok: false, reason: `${join(dir, 'energy_uj')} is readable by root only (since Linux 5.10; run as root or grant read access with a udev rule)` };
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: true, packages };
}

/** Every package's counter now, in µJ, in the order of `packages`. */
export function readRapl(packages: readonly RaplPackage[]): number[] {
  return packages.map((p) => readNumber(join(p.dir, 'energy_uj')));
}

/** µJ between two reads of one counter that wraps at `maxRangeUj` (at most one wrap between reads is assumed). */
export function counterDelta(before: number, after: number, maxRangeUj: number): number {
  return after >= before ? after - before : maxRangeUj - before + after;
}
