import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type * as ort from 'onnxruntime-node';
import type { ProviderId } from '../../contract/hardware';
import type { SessionSettings } from '../../contract/run';
import { badInput } from '../errors';
import { DEVICE_PROVIDERS } from './plan';

type GraphOptimizationLevel = NonNullable<ort.InferenceSession.SessionOptions['graphOptimizationLevel']>;
type ExecutionMode = NonNullable<ort.InferenceSession.SessionOptions['executionMode']>;

const GRAPH_OPTIMIZATION_LEVELS: readonly GraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'layout', 'all'];
const EXECUTION_MODES: readonly ExecutionMode[] = ['sequential', 'parallel'];

/**
 * The session settings every point runs with unless the user overrides them: onnxruntime's own defaults, spinning
 * stated explicitly. Chosen with `npm run bench:binding` (4×1024 MLP, CPU provider, 2-core x64, onnxruntime 1.30,
 * 11-25 alternating repeats, fastest repeats compared): no setting beat these. Spinning off cost +50-80% per run at
 * batch 1 and +13-26% at batch 16 (between runs the binding goes back to the event loop, and sleeping workers must
 * be woken); one intra-op thread about 2× (where the default started a pool thread); parallel execution with default inter-op threads 3× (batch 128) to 5×
 * (batch 1); arena, memory pattern and pre-allocated outputs moved nothing beyond the noise.
 *
 * What is left against a native C loop over the same library is the binding's cost per run, which no session
 * setting reaches. `npm run bench:binding` (part `gap`) splits it by layer against the same C loop run inside the
 * Node process: at batch 1 the engine's mean sat 0.06-0.13 ms a run above it (0.66-0.83× its throughput; two runs on a shared
 * 2-vCPU EPYC), spread over onnxruntime-node's native run() (+0.04-0.10 ms: N-API marshalling, output tensor),
 * its setImmediate hop (−0.04 to +0.03 ms, within the noise) and the engine's loop (+0.02-0.05 ms); at batch 16 and
 * 128 the split is within the noise. Against a separate native process the ratio swung from 0.74× to 1.21× at
 * batch 1 between runs half an hour apart: on a shared VM one process against another is not a stable reference.
 * onnxruntime's default intra-op count started no pool thread there (one thread in effect; two set explicitly ran
 * 1.9× faster on a quiet machine and 2.5× slower on a busy one), so "default threads" and "1 thread" read alike.
 */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  interOpNumThreads: null,
  enableCpuMemArena: true,
  enableMemPattern: true,
  allowSpinning: true,
  preallocatedOutputs: false,
};

function isGraphOptimizationLevel(value: string): value is GraphOptimizationLevel {
  return (GRAPH_OPTIMIZATION_LEVELS as readonly string[]).includes(value);
}

function isExecutionMode(value: string): value is ExecutionMode {
  return (EXECUTION_MODES as readonly string[]).includes(value);
}

/**
 * onnxruntime session options for one point. `threads` null leaves intra-op threads to onnxruntime's default
 * (see resolveDefaultIntraOpThreads). `preallocatedOutputs` is not a session option: measurePoint applies it.
 */
export function sessionOptionsFor(
  provider: ProviderId,
  threads: number | null,
  settings: SessionSettings,
  /** The GPU index for providers with a deviceId option (cuda, tensorrt, dml); undefined: their default. */
  device?: number,
): ort.InferenceSession.SessionOptions {
  const level = settings.graphOptimizationLevel;
  if (!isGraphOptimizationLevel(level)) {
    throw badInput(`session setting graphOptimizationLevel '${level}' is not one of ${GRAPH_OPTIMIZATION_LEVELS.join(', ')}; pick one of those.`);
  }
  const mode = settings.executionMode;
  if (!isExecutionMode(mode)) {
    throw badInput(`session setting executionMode '${mode}' is not one of ${EXECUTION_MODES.join(', ')}; pick one of those.`);
  }
  const spin = settings.allowSpinning ? '1' : '0';
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [device !== undefined && DEVICE_PROVIDERS.has(provider) ? ({ name: provider, deviceId: device } as ort.InferenceSession.ExecutionProviderConfig) : provider],
    graphOptimizationLevel: level,
    executionMode: mode,
    enableCpuMemArena: settings.enableCpuMemArena,
    enableMemPattern: settings.enableMemPattern,
    // Session config entries (onnxruntime_session_options_config_keys.h); the Node binding joins nested keys with '.'.
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
  if (threads !== null) options.intraOpNumThreads = threads;
  if (settings.interOpNumThreads !== null) options.interOpNumThreads = settings.interOpNumThreads;
  return options;
}

/** Physical cores from /proc/cpuinfo (distinct physical id + core id pairs); null where it does not say. */
function linuxPhysicalCores(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (physical !== undefined && core !== undefined) cores.add(`${physical}:${core}`);
  }
  return cores.size > 0 ? cores.size : null;
}

let defaultThreads: number | undefined;

/**
 * The intra-op thread count onnxruntime documents for when none is set: one per physical core, the calling thread
 * included ("INTRA Threads Total = Number of physical CPU Cores", https://onnxruntime.ai/docs/performance/tune-performance/threading.html).
 * It may start fewer (on a 2-vCPU VM listing two cores, onnxruntime 1.30 started no pool thread), so records count
 * what it started instead (bench/session-threads.ts); the bench scripts use this as a count of cores.
 * Where physical cores cannot be told apart (no /proc/cpuinfo topology: containers on some hosts, ARM, macOS,
 * Windows) this falls back to the logical count available to the process, which over-counts SMT siblings.
 */
export function resolveDefaultIntraOpThreads(): number {
  defaultThreads ??= Math.max(1, linuxPhysicalCores() ?? availableParallelism());
  return defaultThreads;
}
