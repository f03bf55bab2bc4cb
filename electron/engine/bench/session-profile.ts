import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** Runs profiled per point by default: enough for a stable mean, short next to the timed pass. */
export const PROFILE_RUNS = 20;
/**
 * Warm-up before the profiled runs, so the fresh session's lazy allocation, page faults on its weights and cold
 * caches stay out of both means: at least 2 runs, then on until 5 runs or 100 ms, whichever comes first.
 */
export const PROFILE_WARMUP_MIN_RUNS = 2;
export const PROFILE_WARMUP_RUNS = 5;
export const PROFILE_WARMUP_MS = 100;
/** Profiled runs stop early past this time (3 runs at least), so slow models do not pay 20 long runs. */
export const PROFILE_MAX_MS = 2000;
const PROFILE_MIN_RUNS = 3;

export interface OrtProfile {
  runs: number;
  /**
   * onnxruntime's own mean time per run: the profiler's 'model_run' event (InferenceSession::Run). Profiling slows
   * runs itself (it records every node), so compare it with endToEndMeanMs of the same pass, not with the timed pass.
   */
  ortMeanMs: number;
  /** The mean of the same runs timed around `await session.run()` from JS: binding and event loop included. */
  endToEndMeanMs: number;
  /** Kernel time per op type over every run of the profiled session (warm-up included), per run, slowest first. */
  opTimes: OpTime[];
}

export interface OpTime {
  op: string;
  meanMs: number;
  /** Nodes of this op type that ran. */
  nodes: number;
}

interface TraceEvent {
  cat?: string;
  name?: string;
  dur?: number;
  args?: { op_name?: unknown };
}

/**
 * onnxruntime's 'Node' events ('<node>_kernel_time', args.op_name) summed per op type and divided by the runs the
 * trace holds ('model_run' events): which operators the time goes to.
 */
export function opTimesFromTrace(trace: unknown): OpTime[] {
  if (!Array.isArray(trace)) return [];
  const runs = modelRunDurationsUs(trace).length;
  if (runs === 0) return [];
  const byOp = new Map<string, { us: number; nodes: Set<string> }>();
  for (const event of trace as TraceEvent[]) {
    const op = event.args?.op_name;
    if (event.cat !== 'Node' || typeof op !== 'string' || typeof event.dur !== 'number' || !event.name?.endsWith('_kernel_time')) continue;
    let entry = byOp.get(op);
    if (!entry) byOp.set(op, (entry = { us: 0, nodes: new Set() }));
    entry.us += event.dur;
    entry.nodes.add(event.name);
  }
  return [...byOp].map(([op, e]) => ({ op, meanMs: e.us / runs / 1000, nodes: e.nodes.size })).sort((a, b) => b.meanMs - a.meanMs || a.op.localeCompare(b.op));
}

/** Per-run durations (µs) of onnxruntime's 'model_run' events, in trace order. */
export function modelRunDurationsUs(trace: unknown): number[] {
  if (!Array.isArray(trace)) throw new Error('onnxruntime profile is not a JSON array of trace events');
  const durations: number[] = [];
  for (const event of trace as TraceEvent[]) {
    if (event.cat === 'Session' && event.name === 'model_run' && typeof event.dur === 'number') durations.push(event.dur);
  }
  return durations;
}

/**
 * A second session on the same model with onnxruntime's profiler on: runs it `runs` times (after a short warm-up;
 * fewer when they pass PROFILE_MAX_MS) and compares onnxruntime's own per-run time with the end-to-end time seen from JS. The profiler costs time
 * itself, so these runs are kept apart from the timed pass.
 */
export async function ortProfilePass(
  model: string | Uint8Array,
  options: ort.InferenceSession.SessionOptions,
  feeds: Record<string, ort.Tensor>,
  runs: number = PROFILE_RUNS,
  fetches?: ort.InferenceSession.FetchesType,
): Promise<OrtProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-profile-'));
  const profiled = { ...options, enableProfiling: true, profileFilePrefix: join(dir, 'ort') };
  let session: ort.InferenceSession | undefined;
  try {
    const s = typeof model === 'string' ? await ort.InferenceSession.create(model, profiled) : await ort.InferenceSession.create(model, profiled);
    session = s;
    const run = (): Promise<ort.InferenceSession.ReturnType> => (fetches === undefined ? s.run(feeds) : s.run(feeds, fetches));
    const warmStart = process.hrtime.bigint();
    const warmNs = BigInt(PROFILE_WARMUP_MS * 1e6);
    for (let i = 0; i < PROFILE_WARMUP_MIN_RUNS || (i < PROFILE_WARMUP_RUNS && process.hrtime.bigint() - warmStart < warmNs); i++) await run();
    const profiledStart = process.hrtime.bigint();
    const maxNs = BigInt(PROFILE_MAX_MS * 1e6);
    let endToEndNs = 0n;
    let done = 0;
    while (done < runs && (done < PROFILE_MIN_RUNS || process.hrtime.bigint() - profiledStart < maxNs)) {
      const t0 = process.hrtime.bigint();
      await run();
      endToEndNs += process.hrtime.bigint() - t0;
      done++;
    }
    s.endProfiling();
    const file = readdirSync(dir).find((name) => name.endsWith('.json'));
    if (file === undefined) throw new Error(`onnxruntime wrote no profile into ${dir}`);
    const trace: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const durations = modelRunDurationsUs(trace);
    if (durations.length < done) throw new Error(`onnxruntime's profile has ${durations.length} model_run events, expected at least ${done}`);
    const ortUs = durations.slice(-done).reduce((sum, d) => sum + d, 0);
    return { runs: done, ortMeanMs: ortUs / done / 1000, endToEndMeanMs: Number(endToEndNs) / 1e6 / done, opTimes: opTimesFromTrace(trace) };
  } finally {
    await session?.release().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
