// Which tool samples the GPU a point runs on, and its readings turned into the point's GPU telemetry.
import type { ProviderId } from '../../contract/hardware';
import type { GpuDevice, GpuTelemetry, NotAvailable } from '../../contract/telemetry';
import { runText } from '../hardware/run-text';
import { amdSmiMetricArgs, amdSmiStaticArgs, parseAmdSmiMetric, parseAmdSmiStatic } from './amd-smi';
import { ENERGY_FIELD, EVENT_REASONS_FIELD, INSTANT_POWER_FIELD, isUnknownField, nvidiaSmiFieldProbeArgs, nvidiaSmiStreamArgs, parseEnergyProbe, parseNvidiaSmiLine, powerReadingLabel, type StreamFields } from './nvidia-smi';
import { parseRocmSmiJson, rocmSmiArgs } from './rocm-smi';
import { startLineSampler, startPolling, type Sampler } from './samplers';
import { inWindow, rangeOf, type Sample } from './series';

/** GPU sampling interval: nvidia-smi's -lms (its power reading itself may be a 1 s average on recent drivers). */
export const GPU_SAMPLE_INTERVAL_MS = 100;
/** rocm-smi and amd-smi start a Python process per query: polled less often. */
export const ROCM_SAMPLE_INTERVAL_MS = 250;

type Tool = 'nvidia-smi' | 'amd-smi' | 'rocm-smi';

export interface GpuReading {
  device: GpuDevice;
  values: Sample['values'];
  throttle: string[];
}

export interface GpuSampler {
  intervalMs: number;
  sampler: Sampler<GpuReading>;
  /** The driver's energy counter that readings carry as `energyJ`, named for the method; else why there is none. */
  energyCounter: { name: string } | { reason: string };
  /** What the readings' `powerW` is, for the method of an energy integrated from it. */
  powerReading: string;
}

/** Tools tried in order for a provider; empty where the provider runs on no GPU we can sample. */
function toolsFor(provider: ProviderId): Tool[] {
  if (provider === 'cuda' || provider === 'tensorrt') return ['nvidia-smi'];
  // amd-smi replaces rocm-smi (deprecated since ROCm 6); either may be the one installed.
  if (provider === 'webgpu') return ['nvidia-smi', 'amd-smi', 'rocm-smi'];
  return [];
}

const PROBE_ARGS: Record<Tool, string[]> = { 'nvidia-smi': ['-L'], 'amd-smi': ['list', '--json'], 'rocm-smi': ['--version'] };

/**
 * GPUs a probe's output lists: nvidia-smi -L lines "GPU N: ..." (its indented "MIG ... Device N:" lines are slices of
 * the GPU above, not GPUs), amd-smi list's JSON entries; rocm-smi: not counted.
 */
export function countGpus(tool: Tool, stdout: string): number {
  if (tool === 'nvidia-smi') return stdout.split('\n').filter((l) => /^GPU \d+:/.test(l)).length;
  if (tool === 'amd-smi') return (stdout.match(/"gpu"\s*:/g) ?? []).length;
  return 0;
}

/** Whether the tool runs here, and for nvidia-smi how many GPUs it lists; asked once per process (nvidia-smi can take a second to start). */
const probes = new Map<string, Promise<{ ok: boolean; gpus: number }>>();
function probe(tool: Tool): Promise<{ ok: boolean; gpus: number }> {
  let p = probes.get(tool);
  if (!p) {
    p = runText(tool, PROBE_ARGS[tool], 5000).then((r) => ({ ok: r.ok, gpus: countGpus(tool, r.stdout) }));
    probes.set(tool, p);
  }
  return p;
}

interface NvidiaFields {
  energyCounter: GpuSampler['energyCounter'];
  /** The stream's field names where this nvidia-smi knows the newer ones (the 535+ throttle name, the instant power). */
  stream: StreamFields;
}

/** Which optional fields nvidia-smi answers for GPU `device`; asked once per device and process, all at once. */
const fieldProbes = new Map<number, Promise<NvidiaFields>>();
function nvidiaFields(device: number): Promise<NvidiaFields> {
  let p = fieldProbes.get(device);
  if (!p) {
    const ask = (field: string) => runText('nvidia-smi', nvidiaSmiFieldProbeArgs(device, field), 5000);
    const known = (r: Awaited<ReturnType<typeof ask>>) => r.ok && !isUnknownField(r.stdout, r.stderr);
    p = Promise.all([ask(ENERGY_FIELD), ask(EVENT_REASONS_FIELD), ask(INSTANT_POWER_FIELD)]).then(([energy, events, instant]) => {
      const answer = parseEnergyProbe(energy.ok, energy.stdout, energy.ok ? energy.stderr : energy.error);
      return {
        energyCounter: 'joules' in answer ? { name: 'nvidia-smi total_energy_consumption (NVML energy counter, mJ)' } : answer,
        stream: { ...(known(events) ? { throttleField: EVENT_REASONS_FIELD } : {}), ...(known(instant) ? { powerField: INSTANT_POWER_FIELD } : {}) },
      };
    });
    fieldProbes.set(device, p);
  }
  return p;
}

async function amdSmiSampler(device: number): Promise<GpuSampler> {
  const fixed = await runText('amd-smi', amdSmiStaticArgs(device), 10_000);
  let info = parseAmdSmiStaticSafe(fixed.ok ? fixed.stdout : '', device);
  const poll = async (): Promise<GpuReading> => {
    const r = await runText('amd-smi', amdSmiMetricArgs(device), 5000);
    if (!r.ok) throw new Error(`amd-smi: ${r.error}`);
    const gpu = parseAmdSmiMetric(r.stdout).find((g) => g.index === device);
    if (!gpu) throw new Error(`amd-smi metric reports no GPU ${device}`);
    info ??= { index: device, name: 'AMD GPU', busId: null, driver: null, source: 'amd-smi' };
    return { device: info, values: gpu.values, throttle: [] };
  };
  return {
    intervalMs: ROCM_SAMPLE_INTERVAL_MS,
    sampler: startPolling(poll, ROCM_SAMPLE_INTERVAL_MS),
    energyCounter: { name: 'amd-smi total_energy_consumption (the driver\'s energy accumulator)' },
    powerReading: 'amd-smi socket power',
  };
}

function parseAmdSmiStaticSafe(text: string, device: number): GpuDevice | null {
  try {
    return parseAmdSmiStatic(text, device);
  } catch {
    return null;
  }
}

/** Starts sampling GPU `device` for `provider`, or says why nothing can be sampled. */
export async function startGpuSampler(provider: ProviderId, device: number): Promise<GpuSampler | NotAvailable> {
  if (provider === 'cpu') return { available: false, reason: 'the point ran on the CPU provider' };
  const tools = toolsFor(provider);
  if (tools.length === 0) return { available: false, reason: `GPU sampling for ${provider} is not implemented (nvidia-smi, amd-smi and rocm-smi only)` };
  for (const tool of tools) {
    const found = await probe(tool);
    if (!found.ok) continue;
    // onnxruntime's WebGPU provider picks its adapter itself: with several GPUs, which one ran is not known.
    if (provider === 'webgpu' && found.gpus > 1)
      return { available: false, reason: `WebGPU picks its own adapter and ${tool} lists ${found.gpus} GPUs: which one ran the point is not known` };
    if (tool === 'nvidia-smi') {
      const { energyCounter, stream } = await nvidiaFields(device);
      const withEnergy = 'name' in energyCounter;
      const args = nvidiaSmiStreamArgs(device, GPU_SAMPLE_INTERVAL_MS, { ...stream, energy: withEnergy });
      const sampler = startLineSampler('nvidia-smi', args, (line) => parseNvidiaSmiLine(line, withEnergy));
      return { intervalMs: GPU_SAMPLE_INTERVAL_MS, sampler, energyCounter, powerReading: powerReadingLabel(stream.powerField ?? 'power.draw') };
    }
    if (tool === 'amd-smi') return amdSmiSampler(device);
    const poll = async (): Promise<GpuReading> => {
      const r = await runText('rocm-smi', rocmSmiArgs(device), 5000);
      if (!r.ok) throw new Error(`rocm-smi: ${r.error}`);
      const card = parseRocmSmiJson(r.stdout).find((c) => c.device.index === device);
      if (!card) throw new Error(`rocm-smi reports no card${device}`);
      return { ...card, throttle: [] };
    };
    return {
      intervalMs: ROCM_SAMPLE_INTERVAL_MS,
      sampler: startPolling(poll, ROCM_SAMPLE_INTERVAL_MS),
      energyCounter: { reason: 'rocm-smi is polled without its energy counter (amd-smi has one)' },
      powerReading: 'rocm-smi graphics package power',
    };
  }
  return { available: false, reason: `no working ${tools.join(' or ')} on this machine` };
}

/** The window's readings summarised, or why there are none. */
export function gpuTelemetryIn(s: GpuSampler, fromMs: number, toMs: number): GpuTelemetry | NotAvailable {
  const all = s.sampler.readings;
  const window = inWindow(all, fromMs, toMs);
  const error = s.sampler.error();
  if (window.length === 0)
    return { available: false, reason: error ?? `no GPU reading in the ${Math.round(toMs - fromMs)} ms timed window (sampled every ${s.intervalMs} ms; ${all.length} readings in all)` };
  const samples: Sample[] = window.map((r) => ({ tMs: r.tMs, values: r.reading.values }));
  const last = window[window.length - 1] as (typeof window)[number];
  return {
    available: true,
    device: last.reading.device,
    intervalMs: s.intervalMs,
    samples: window.length,
    utilizationPercent: rangeOf(samples, 'utilizationPercent'),
    memoryUsedBytes: rangeOf(samples, 'memoryUsedBytes'),
    memoryTotalBytes: last.reading.values['memoryTotalBytes'] ?? null,
    powerW: rangeOf(samples, 'powerW'),
    smClockMHz: rangeOf(samples, 'smClockMHz'),
    memoryClockMHz: rangeOf(samples, 'memoryClockMHz'),
    temperatureC: rangeOf(samples, 'temperatureC'),
    throttleReasons: [...new Set(window.flatMap((r) => r.reading.throttle))],
  };
}
