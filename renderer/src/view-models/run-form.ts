import { MAX_BATCH, parseBatchList as parseBatchListText } from '../../../common/batch-list';
import { DEFAULT_BATCHES_TEXT, DEFAULT_SERVER_SLO_MS, DEFAULT_STOPPING_RULE } from '../../../common/defaults';
import type { AppParams } from '../../../electron/contract/app-api';
import type { ProviderId } from '../../../electron/contract/hardware';
import type { Precision, StoppingRule } from '../../../electron/contract/run';
import { devicesOption } from './device-choices';

/** The run view's settings, as the user edits them (text where they type). */
export interface RunForm {
  precisions: Precision[];
  providers: ProviderId[];
  /** GPU indexes (nvidia-smi's) that CUDA / TensorRT / DirectML points run on, one group each; empty: the default GPU. */
  devices: number[];
  batchText: string;
  threadsText: string;
  sloMsText: string;
  maxLatencyMsText: string;
  stoppingPreset: StoppingPresetName;
  stopping: StoppingRule;
  profileOrt: boolean;
  seed: number;
  /** What to measure: the batch sweep, or the server / concurrency scenario (contract/scenario.ts). */
  scenario: FormScenario;
  maxBatchText: string;
  maxQueueDelayMsText: string;
  levelMsText: string;
  concurrencyText: string;
  targetQpsText: string;
}

export type FormScenario = 'latency' | 'server' | 'concurrency';

export const BATCH_PRESETS: Array<{ label: string; text: string }> = [
  { label: 'Quick (1–8)', text: '1,2,4,8' },
  { label: 'Standard (1–64)', text: '1,2,4,8,16,32,64' },
  { label: 'Wide (1–256)', text: '1,2,4,8,16,32,64,128,256' },
];

export type StoppingPresetName = 'quick' | 'standard' | 'thorough';

/** Standard is the CLI's defaults; quick is for a first look, thorough for numbers to publish. */
export const STOPPING_PRESETS: Record<StoppingPresetName, StoppingRule> = {
  quick: { warmupIterations: 3, warmupMs: 100, minIterations: 10, minTimeMs: 200, maxTimeMs: 2000, targetRelativeCi: 0.05, maxIterations: 100000 },
  standard: { ...DEFAULT_STOPPING_RULE },
  thorough: { warmupIterations: 10, warmupMs: 500, minIterations: 30, minTimeMs: 2000, maxTimeMs: 30000, targetRelativeCi: 0.005, maxIterations: 100000 },
};

export function defaultRunForm(): RunForm {
  return { precisions: ['fp32'], providers: [], devices: [], batchText: DEFAULT_BATCHES_TEXT, threadsText: '', sloMsText: '', maxLatencyMsText: '', stoppingPreset: 'quick', stopping: { ...STOPPING_PRESETS.quick }, profileOrt: true, seed: 1, scenario: 'latency', maxBatchText: '8', maxQueueDelayMsText: '1', levelMsText: '1000', concurrencyText: '1,2,4,8', targetQpsText: '' };
}

/** "1,2,4" or a power-of-two range "1-256" (common/batch-list.ts, as the CLI's --batch); an error sentence when it is not one. */
export function parseBatchList(text: string): number[] | string {
  const items = text.replace(/\s+/g, '').split(',').filter((p) => p !== '');
  if (items.length === 0) return 'Batch sizes: give at least one, e.g. 1,2,4,8.';
  const parsed = parseBatchListText(items.join(','));
  if (parsed.ok) return parsed.batches;
  const problem = parsed.problem;
  if (problem.kind === 'not-a-size') return `Batch size "${problem.item}" is not a whole number from 1 to ${MAX_BATCH}.`;
  return `Batch range ${text}: use low-high with 1 ≤ low ≤ high, e.g. 1-64.`;
}

/** Blank → onnxruntime's default ([null]); else a list of positive counts. */
export function parseThreads(text: string): Array<number | null> | string {
  const t = text.replace(/\s+/g, '');
  if (t === '' || t === 'default') return [null];
  const parts = t.split(',');
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1);
  if (bad !== undefined) return `Threads "${bad}": give whole numbers of 1 or more, e.g. 1,2,4, or leave blank for the default.`;
  return parts.map(Number);
}

function parseOptionalMs(label: string, text: string): number | null | string {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) && v > 0 ? v : `${label} "${text}": give a number of milliseconds above 0, or leave it blank.`;
}

export type StartRunParams = AppParams<'startRun'>;

/** The startRun parameters, or the first problem with the form in a sentence. */
export function toStartParams(form: RunForm, model: { spec: string; dims: Record<string, number>; intRanges: Record<string, [number, number]>; shapes?: Record<string, number[]>; referenceData?: string }): { params: StartRunParams; sloMs: number | null } | { error: string } {
  if (!model.spec) return { error: 'Choose a model first (Model tab).' };
  if (form.precisions.length === 0) return { error: 'Choose at least one precision.' };
  if (form.providers.length === 0) return { error: 'Choose at least one execution provider (only the available ones can be picked).' };
  const batches = parseBatchList(form.batchText);
  if (typeof batches === 'string') return { error: batches };
  const threads = parseThreads(form.threadsText);
  if (typeof threads === 'string') return { error: threads };
  const sloMs = parseOptionalMs('Latency SLO', form.sloMsText);
  if (typeof sloMs === 'string') return { error: sloMs };
  const maxLatencyMs = parseOptionalMs('Stop growing the batch at', form.maxLatencyMsText);
  if (typeof maxLatencyMs === 'string') return { error: maxLatencyMs };
  const scenario = scenarioOptions(form, sloMs);
  if (typeof scenario === 'string') return { error: scenario };
  const devices = devicesOption(form.devices, form.providers);
  if (typeof devices === 'string') return { error: devices };
  return {
    sloMs,
    params: {
      model: model.spec,
      options: {
        batches,
        providers: form.providers,
        ...devices,
        threads,
        precisions: form.precisions,
        dims: model.dims,
        shapes: model.shapes ?? {},
        intRanges: model.intRanges,
        maxLatencyMs,
        stopping: form.stopping,
        seed: form.seed,
        profileOrt: form.profileOrt,
        ...(model.referenceData ? { referenceData: model.referenceData } : {}),
        ...scenario,
      },
    },
  };
}

function wholeNumber(label: string, text: string, min: number, max: number): number | string {
  const v = Number(text.trim());
  return /^\d+$/.test(text.trim()) && v >= min && v <= max ? v : `${label} "${text}": give a whole number from ${min} to ${max}.`;
}

/** The scenario's options as the CLI's --scenario flags make them; the server's SLO is the form's latency SLO. */
function scenarioOptions(form: RunForm, sloMs: number | null): Pick<StartRunParams['options'], 'scenario' | 'server' | 'concurrency'> | string {
  if (form.scenario === 'latency') return {};
  const levelMs = wholeNumber('Time per level (ms)', form.levelMsText, 50, 600000);
  if (typeof levelMs === 'string') return levelMs;
  const targetQps = parseOptionalMs('Target QPS', form.targetQpsText);
  if (typeof targetQps === 'string') return targetQps.replace('a number of milliseconds', 'a number of requests per second');
  if (form.scenario === 'server') {
    const maxBatch = wholeNumber('Largest batch', form.maxBatchText, 1, 4096);
    if (typeof maxBatch === 'string') return maxBatch;
    const maxQueueDelayMs = Number(form.maxQueueDelayMsText.trim());
    if (form.maxQueueDelayMsText.trim() === '' || !(maxQueueDelayMs >= 0)) return `Longest queue wait "${form.maxQueueDelayMsText}": give a number of milliseconds, 0 or more.`;
    return { scenario: 'server', server: { sloMs: sloMs ?? DEFAULT_SERVER_SLO_MS, targetQps, maxBatch, maxQueueDelayMs, levelMs, searchSteps: 5 } };
  }
  const levels = parseBatchList(form.concurrencyText);
  if (typeof levels === 'string') return levels.replace(/^Batch (sizes|size|range)/, 'In-flight requests');
  return { scenario: 'concurrency', concurrency: { levels, modes: ['one-session', 'n-sessions'], levelMs, targetQps } };
}
