// One process of `npm run bench:process-spread` (scripts/bench-process-spread.ts): builds an onnxruntime session
// with the settings it is sent, and on each request times every batch for a while after a warm-up, answering the
// mean ms per run and the means of the timing's slices (to tell a process that is still settling from one that is
// steadily slower). Fresh-process options get one request; the same-process controls get one per round.
import { readdirSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { SessionSettings } from '../../electron/contract/run';
import { measureInterference, snapshot } from '../../electron/engine/bench/interference';
import { sessionOptionsFor } from '../../electron/engine/bench/session-settings';
import { mlpInput } from './bench-util';

export interface SpreadRequest {
  modelPath: string;
  width: number;
  batches: number[];
  threads: number | null;
  settings: SessionSettings;
  warmupMs: number;
  timeMs: number;
  /** A new session for this request (the same-process fresh-session control). */
  freshSession: boolean;
}

export interface SpreadReply {
  batch: number;
  meanMs: number;
  runs: number;
  sliceMeansMs: number[];
  /** Threads of this process once the session exists (onnxruntime's pool threads among them). */
  threads: number | null;
  /** Share of the timed time the main thread waited for a CPU (Linux schedstat; null elsewhere). */
  waitShare: number | null;
  /** Share of the machine's CPU time other processes took during the timing (engine/bench/interference.ts). */
  otherCpuShare: number | null;
  /** Share of the machine's CPU time stolen by the hypervisor during the timing (Linux; null elsewhere). */
  stealShare: number | null;
  /** The CPU the main thread last ran on (Linux; null elsewhere). */
  cpu: number | null;
}

const SLICES = 4;

async function timeFor(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, ms: number): Promise<{ meanMs: number; runs: number; sliceMeansMs: number[] }> {
  const start = process.hrtime.bigint();
  const sliceNs = BigInt(Math.round((ms / SLICES) * 1e6));
  const sliceMeansMs: number[] = [];
  let runs = 0;
  let sliceStart = start;
  let sliceRuns = 0;
  for (;;) {
    await session.run(feeds);
    runs++;
    sliceRuns++;
    const now = process.hrtime.bigint();
    if (now - sliceStart >= sliceNs) {
      sliceMeansMs.push(Number(now - sliceStart) / 1e6 / sliceRuns);
      sliceStart = now;
      sliceRuns = 0;
      if (sliceMeansMs.length === SLICES) return { meanMs: Number(now - start) / 1e6 / runs, runs, sliceMeansMs };
    }
  }
}

function readOr<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Nanoseconds the main thread has waited on a run queue. */
const waitedNs = () => readOr(() => Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]));
const lastCpu = () => readOr(() => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[36]));

const threadCount = () => readOr(() => readdirSync('/proc/self/task').length);

let session: ort.InferenceSession | undefined;

async function measure(request: SpreadRequest): Promise<SpreadReply[]> {
  if (session === undefined || request.freshSession) {
    await session?.release();
    session = await ort.InferenceSession.create(request.modelPath, sessionOptionsFor('cpu', request.threads, request.settings));
  }
  const replies: SpreadReply[] = [];
  for (const batch of request.batches) {
    const feeds = mlpInput(batch, request.width);
    await timeFor(session, feeds, request.warmupMs);
    const wait0 = waitedNs();
    const before = snapshot();
    const timed = await timeFor(session, feeds, request.timeMs);
    const wait1 = waitedNs();
    const interference = measureInterference(before);
    replies.push({
      batch,
      ...timed,
      threads: threadCount(),
      waitShare: wait0 === null || wait1 === null ? null : (wait1 - wait0) / 1e6 / request.timeMs,
      otherCpuShare: interference.available ? interference.otherCpuShare : null,
      stealShare: interference.available ? interference.stealShare : null,
      cpu: lastCpu(),
    });
  }
  return replies;
}

process.on('message', (request: SpreadRequest) => {
  measure(request).then(
    (replies) => process.send?.(replies),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
