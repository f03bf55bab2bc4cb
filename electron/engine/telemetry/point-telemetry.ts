// Telemetry of one point: GPU readings (nvidia-smi / rocm-smi), this process's and the machine's CPU time, and RAPL
// package energy, sampled from before the session is created until the timing ends; what falls in the timed
// window (the last `windowMs` before finish) becomes the point's figures.
import { performance } from 'node:perf_hooks';
import type { ProviderId } from '../../contract/hardware';
import type { Energy, NotAvailable, PointTelemetry } from '../../contract/telemetry';
import { cpuUsageBetween, readCpuCounters } from './cpu-usage';
import { cpuEnergyFromRapl, gpuEnergyFromCounter, gpuEnergyFromPower } from './energy';
import { gpuTelemetryIn, startGpuSampler, type GpuSampler } from './gpu-sampler';
import { POWERCAP_ROOT, probeRapl, readRapl, type RaplProbe } from './rapl';
import { startPolling, type Sampler } from './samplers';
import type { TimedValue } from './integrate';
import { sampleAt, type Sample } from './series';

/** How often CPU counters and RAPL are read during a point. */
export const HOST_SAMPLE_INTERVAL_MS = 100;

export interface TelemetrySources {
  /** Where the powercap tree is (tests point it at a fixture). */
  powercapRoot?: string;
  procStat?: string;
}

export interface PointTelemetrySession {
  /** Called with each timing progress report: the first one dates the timed window's start. */
  timing(elapsedMs: number): void;
  /**
   * Ends sampling; `windowMs` is the timed window's length, `inferences` the samples run in it. Without a timing
   * report (timing shorter than one report interval) the window is taken to end now.
   */
  finish(windowMs: number, inferences: number): PointTelemetry;
  cancel(): void;
}

function hostReader(rapl: RaplProbe, procStat: string | undefined): () => Sample {
  return () => {
    const c = readCpuCounters(procStat);
    const values: Record<string, number | null> = { processMs: c.processMs, machineBusyMs: c.machineBusyMs, machineTotalMs: c.machineTotalMs };
    if (rapl.ok) readRapl(rapl.packages).forEach((uj, i) => (values[`rapl${i}`] = uj));
    return { tMs: performance.now(), values };
  };
}

/** The series of one reading value over the whole sampling (the edges of the window need the readings around it). */
function valueSeries(gpu: GpuSampler, key: string): TimedValue[] {
  return gpu.sampler.readings.flatMap((r) => {
    const v = r.reading.values[key];
    return typeof v === 'number' ? [{ tMs: r.tMs, value: v }] : [];
  });
}

/**
 * GPU energy over the window: the driver's energy counter where the tool reads one and two readings bracket the
 * window, else board power integrated (the method says which, and why the counter was not used).
 */
function gpuEnergyOf(gpu: GpuSampler, fromMs: number, toMs: number, inferences: number, tool: string, deviceName: string): Energy {
  if ('name' in gpu.energyCounter) {
    const counted = gpuEnergyFromCounter(valueSeries(gpu, 'energyJ'), fromMs, toMs, inferences, gpu.intervalMs, gpu.energyCounter.name);
    if (counted) return counted;
  }
  const power = valueSeries(gpu, 'powerW');
  if (power.length === 0) return { available: false, reason: `${tool} reports no power draw for ${deviceName}` };
  const integrated = gpuEnergyFromPower(power, fromMs, toMs, inferences, gpu.intervalMs, gpu.powerReading);
  if (!integrated.available) return integrated;
  const why = 'reason' in gpu.energyCounter ? gpu.energyCounter.reason : `${gpu.energyCounter.name} did not bracket the window or went backwards`;
  return { ...integrated, method: `${integrated.method}; no energy counter used: ${why}` };
}

function counters(s: Sample) {
  const v = s.values;
  return { processMs: v['processMs'] ?? 0, machineBusyMs: v['machineBusyMs'] ?? null, machineTotalMs: v['machineTotalMs'] ?? null };
}

export async function startPointTelemetry(provider: ProviderId, device: number | undefined, sources: TelemetrySources = {}): Promise<PointTelemetrySession> {
  const gpu: GpuSampler | NotAvailable = await startGpuSampler(provider, device ?? 0);
  const rapl = probeRapl(sources.powercapRoot ?? POWERCAP_ROOT);
  const read = hostReader(rapl, sources.procStat);
  const host: Sampler<Sample> = startPolling(read, HOST_SAMPLE_INTERVAL_MS);
  const stopAll = () => {
    host.stop();
    if ('sampler' in gpu) gpu.sampler.stop();
  };
  let timedStartMs: number | null = null;
  return {
    cancel: stopAll,
    timing(elapsedMs: number): void {
      timedStartMs ??= performance.now() - elapsedMs;
    },
    finish(windowMs: number, inferences: number): PointTelemetry {
      const last = read();
      stopAll();
      const fromMs = timedStartMs ?? last.tMs - windowMs;
      const toMs = fromMs + windowMs;
      const hostReads = [...host.readings.map((r) => r.reading), last];
      // The host reads that bracket the window: at or before its start, at or after its end.
      const a = sampleAt(hostReads, fromMs) ?? last;
      const b = hostReads.find((r) => r.tMs >= toMs) ?? last;
      const cpu = b.tMs > a.tMs ? cpuUsageBetween(counters(a), counters(b), b.tMs - a.tMs) : null;
      let cpuEnergy: PointTelemetry['cpuEnergy'];
      if (!rapl.ok) cpuEnergy = { available: false, reason: rapl.reason };
      else if (host.error()) cpuEnergy = { available: false, reason: `RAPL read failed: ${host.error()}` };
      else cpuEnergy = cpuEnergyFromRapl(a, b, rapl.packages, fromMs, toMs, inferences, HOST_SAMPLE_INTERVAL_MS);
      if (!('sampler' in gpu)) return { windowMs, gpu, cpu, gpuEnergy: gpu, cpuEnergy };
      const telemetry = gpuTelemetryIn(gpu, fromMs, toMs);
      const tool = telemetry.available ? telemetry.device.source : 'GPU tool';
      const gpuEnergy = telemetry.available ? gpuEnergyOf(gpu, fromMs, toMs, inferences, tool, telemetry.device.name) : telemetry;
      return { windowMs, gpu: telemetry, cpu, gpuEnergy, cpuEnergy };
    },
  };
}
