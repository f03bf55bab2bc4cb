// What else ran on the machine while a point was timed: CPU time taken by other processes and stolen by the
// hypervisor (Linux /proc/stat against this process's own CPU time), and the load average. A point measured while
// others took a large share of the CPUs says so; elsewhere the reason it cannot be told is recorded.
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import type { Interference } from '../../contract/run';

/** Other processes' share of all CPUs over the window above which a point is flagged. */
export const OTHER_CPU_SHARE_FLAG = 0.2;
/** Hypervisor steal above which a point is flagged (cloud VMs with noisy neighbours). */
export const STEAL_SHARE_FLAG = 0.05;
/** The kernel's clock ticks per second for /proc/stat (USER_HZ; 100 on every Linux architecture Node ships for). */
const USER_HZ = 100;

export interface CpuTimes {
  /** Ticks since boot, summed over CPUs: all, idle (idle + iowait), stolen. */
  total: number;
  idle: number;
  steal: number;
}

/** The aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is in user). */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return null;
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((v) => !Number.isFinite(v))) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

export interface Snapshot {
  atMs: number;
  cpu: CpuTimes | null;
  /** This process's CPU time (all its threads), ms. */
  ownCpuMs: number;
  why: string | null;
}

export function snapshot(): Snapshot {
  const usage = process.cpuUsage();
  const ownCpuMs = (usage.user + usage.system) / 1000;
  if (process.platform !== 'linux') return { atMs: performance.now(), cpu: null, ownCpuMs, why: `not available on ${process.platform}: other processes' CPU time is read from Linux's /proc/stat` };
  let cpu: CpuTimes | null = null;
  try {
    cpu = parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    cpu = null;
  }
  return { atMs: performance.now(), cpu, ownCpuMs, why: cpu === null ? 'not available: /proc/stat could not be read' : null };
}

/** Shares of the machine's CPU time over the window between two snapshots. */
export function interferenceBetween(a: Snapshot, b: Snapshot, cpus: number, loadAverage: number): Interference {
  if (a.cpu === null || b.cpu === null) return { available: false, reason: b.why ?? a.why ?? 'not available' };
  const totalTicks = b.cpu.total - a.cpu.total;
  if (totalTicks <= 0) return { available: false, reason: 'not available: the window was shorter than one clock tick of /proc/stat' };
  const busyMs = ((totalTicks - (b.cpu.idle - a.cpu.idle) - (b.cpu.steal - a.cpu.steal)) * 1000) / USER_HZ;
  const capacityMs = (totalTicks * 1000) / USER_HZ;
  const ownMs = b.ownCpuMs - a.ownCpuMs;
  const otherCpuShare = Math.min(1, Math.max(0, (busyMs - ownMs) / capacityMs));
  const stealShare = (b.cpu.steal - a.cpu.steal) / totalTicks;
  return {
    available: true,
    otherCpuShare,
    ownCpuShare: Math.min(1, Math.max(0, ownMs / capacityMs)),
    stealShare,
    loadPerCpu: loadAverage / Math.max(1, cpus),
    flagged: otherCpuShare > OTHER_CPU_SHARE_FLAG || stealShare > STEAL_SHARE_FLAG,
  };
}

export function measureInterference(a: Snapshot): Interference {
  return interferenceBetween(a, snapshot(), os.cpus().length, os.loadavg()[0] ?? 0);
}

/** The warning a flagged point carries, or null. */
export function interferenceWarning(i: Interference): string | null {
  if (!i.available || !i.flagged) return null;
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  return (
    `interference: other processes used ${pct(i.otherCpuShare)} of the machine's CPU time while this point was timed` +
    `${i.stealShare > 0 ? ` and the hypervisor stole ${pct(i.stealShare)}` : ''} (load ${i.loadPerCpu.toFixed(2)} per CPU); measure it again on a quiet machine`
  );
}
