// CPU time of this process against the whole machine's, from /proc/stat (Linux) and process.cpuUsage().
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { CpuUsage } from '../../contract/telemetry';
import { parseProcStat as parseCpuTimes } from '../bench/interference';

/** Cumulative counters at one moment, in ms of CPU time. */
export interface CpuCounters {
  processMs: number;
  /** Busy and total time of all cores (null where /proc/stat cannot be read). */
  machineBusyMs: number | null;
  machineTotalMs: number | null;
}

/** USER_HZ: the unit of /proc/stat, 100 on every Linux architecture Node runs on. */
const TICK_MS = 10;

/**
 * Busy and total CPU time from /proc/stat's aggregate line (parsed once, in bench/interference.ts): busy is everything
 * but idle, iowait and the hypervisor's steal. null for other text.
 */
export function parseProcStat(text: string): { busyMs: number; totalMs: number } | null {
  const t = parseCpuTimes(text);
  return t === null ? null : { busyMs: (t.total - t.idle - t.steal) * TICK_MS, totalMs: t.total * TICK_MS };
}

export function readCpuCounters(procStat = '/proc/stat'): CpuCounters {
  const u = process.cpuUsage();
  let machine: { busyMs: number; totalMs: number } | null = null;
  try {
    machine = parseProcStat(readFileSync(procStat, 'utf8'));
  } catch {
    machine = null;
  }
  return { processMs: (u.user + u.system) / 1000, machineBusyMs: machine?.busyMs ?? null, machineTotalMs: machine?.totalMs ?? null };
}

/** Shares of the machine between two reads `wallMs` apart: ours, and everyone else's busy time. */
export function cpuUsageBetween(a: CpuCounters, b: CpuCounters, wallMs: number, logicalCores: number = cpus().length): CpuUsage {
  const capacityMs = wallMs * logicalCores;
  const processMs = b.processMs - a.processMs;
  const processPercent = capacityMs > 0 ? (100 * processMs) / capacityMs : 0;
  let otherPercent: number | null = null;
  if (a.machineBusyMs !== null && b.machineBusyMs !== null && a.machineTotalMs !== null && b.machineTotalMs !== null) {
    const total = b.machineTotalMs - a.machineTotalMs;
    // The machine's counters tick at 10 ms: over a short window "other" can come out a little below zero.
    if (total > 0) otherPercent = Math.max(0, (100 * (b.machineBusyMs - a.machineBusyMs)) / total - (100 * processMs) / total);
  }
  return { processPercent, otherPercent, logicalCores };
}
