/**
 * The dynamic batcher of the server scenario (the policy of Triton's dynamic batcher and of MLPerf Server
 * submissions): queued single-sample requests are run as one batch when `maxBatch` of them are waiting, or when the
 * oldest has waited `maxQueueDelayMs`, or when no more will arrive; one batch runs at a time. The policy is pure
 * (BatcherState), so the same decisions drive a simulation on a virtual clock (simulateBatcher, unit-tested against
 * queueing theory) and the real-time driver over onnxruntime (server-driver.ts).
 */

export type BatcherPolicy = { maxBatch: number; maxQueueDelayMs: number };

export type BatcherDecision = { kind: 'dispatch'; count: number } | { kind: 'wait'; untilMs: number } | { kind: 'done' };

export class BatcherState {
  /** Index of the oldest request not yet dispatched. */
  private head = 0;
  /** Requests with index < arrived have arrived. */
  private arrived = 0;

  constructor(
    private readonly arrivals: Float64Array,
    private readonly policy: BatcherPolicy,
  ) {
    if (policy.maxBatch < 1) throw new RangeError('maxBatch must be at least 1');
  }

  get nextIndex(): number {
    return this.head;
  }

  /** What to do at time `nowMs` when the session is idle. */
  decide(nowMs: number): BatcherDecision {
    const n = this.arrivals.length;
    while (this.arrived < n && (this.arrivals[this.arrived] as number) <= nowMs) this.arrived++;
    const queued = this.arrived - this.head;
    if (queued === 0) return this.head >= n ? { kind: 'done' } : { kind: 'wait', untilMs: this.arrivals[this.head] as number };
    if (queued >= this.policy.maxBatch) return { kind: 'dispatch', count: this.policy.maxBatch };
    const deadline = (this.arrivals[this.head] as number) + this.policy.maxQueueDelayMs;
    if (nowMs >= deadline || this.arrived >= n) return { kind: 'dispatch', count: queued };
    return { kind: 'wait', untilMs: Math.min(deadline, this.arrivals[this.arrived] as number) };
  }

  /** The first `count` queued requests were dispatched; returns the index of the first of them. */
  take(count: number): number {
    const first = this.head;
    this.head += count;
    return first;
  }
}

export type BatcherOutcome = {
  /** End-to-end latency of each request (its batch's completion − its arrival), by request index. */
  latencyMs: Float64Array;
  /** Time each request waited from arrival to the start of its batch. */
  queueMs: Float64Array;
  /** Size of each batch run, in order. */
  batchSizes: number[];
  /** Completion time of the last batch. */
  endMs: number;
};

/** Records one dispatched batch into the outcome arrays. */
export function recordBatch(out: BatcherOutcome, arrivals: Float64Array, first: number, count: number, startMs: number, endMs: number): void {
  for (let i = first; i < first + count; i++) {
    out.latencyMs[i] = endMs - (arrivals[i] as number);
    out.queueMs[i] = startMs - (arrivals[i] as number);
  }
  out.batchSizes.push(count);
  out.endMs = endMs;
}

export function emptyOutcome(n: number): BatcherOutcome {
  return { latencyMs: new Float64Array(n), queueMs: new Float64Array(n), batchSizes: [], endMs: 0 };
}

/** Runs the batcher on a virtual clock: a batch of size b takes serviceMs(b). */
export function simulateBatcher(arrivals: Float64Array, serviceMs: (batch: number) => number, policy: BatcherPolicy): BatcherOutcome {
  const state = new BatcherState(arrivals, policy);
  const out = emptyOutcome(arrivals.length);
  let now = 0;
  for (;;) {
    const d = state.decide(now);
    if (d.kind === 'done') return out;
    if (d.kind === 'wait') {
      now = d.untilMs;
      continue;
    }
    const first = state.take(d.count);
    const end = now + serviceMs(d.count);
    recordBatch(out, arrivals, first, d.count, now, end);
    now = end;
  }
}
