import { SingleBar } from 'cli-progress';
import type { EngineEvent } from '../contract/events';
import type { PlanPoint } from '../contract/run';
import { describePoint } from '../engine/bench/plan';
import type { Deadlines } from '../host/point-watchdog';
import { WAIT_NOTICE_AFTER_MS, WAIT_NOTICE_EVERY_MS, waitNotice, waitShort, type Wait } from './wait-notice';

function runSize(points: number, scenario: string | undefined): string {
  return points > 0 ? `${points} points` : `${scenario ?? 'latency'} scenario`;
}

const TICK_MS = 1000;

/**
 * Progress on stderr: a bar with ETA on a terminal, one line per finished point otherwise (logs, CI).
 * The bar's unit is plan points; the point in flight counts by its share of the time budget. While the run is
 * prepared, or a point has not run its first inference after a few seconds, it says what it waits on and when the
 * deadline ends the wait.
 */
export class RunProgress {
  private bar: SingleBar | null = null;
  private plan: PlanPoint[] = [];
  private done = 0;
  /** What is in flight with no inference yet: the preparation, or a point before its first inference. */
  private waiting: { what: string; doing: string; since: number; inSession: boolean; noticedAt: number | null } | null;
  private readonly ticker: NodeJS.Timeout | null;

  constructor(
    private readonly quiet: boolean,
    private readonly deadlines: Deadlines,
  ) {
    this.waiting = { what: 'preparing the run', doing: 'reading the model, probing the providers and making variants', since: Date.now(), inSession: false, noticedAt: null };
    this.ticker = quiet ? null : setInterval(() => this.tick(), TICK_MS);
    this.ticker?.unref();
  }

  update(event: EngineEvent): void {
    if (this.quiet) return;
    const tty = Boolean(process.stderr.isTTY);
    switch (event.type) {
      case 'run-requested':
        return;
      case 'run-started':
        this.plan = event.plan;
        this.waiting = null;
        process.stderr.write(`infermeter: ${runSize(event.plan.length, event.options.scenario)} on ${event.model.path}\n`);
        if (tty) {
          this.bar = new SingleBar({
            stream: process.stderr,
            format: '{bar} {value}/{total} points | ETA {eta_formatted} | {point}',
            hideCursor: true,
            clearOnComplete: true,
          });
          this.bar.start(event.plan.length, 0, { point: '' });
        }
        return;
      case 'point-started': {
        const trial = event.trial && event.trial.of > 1 ? `, trial ${event.trial.number}` : '';
        this.waiting = { what: `point ${event.point.index + 1} of ${this.plan.length} (${describePoint(event.point)})`, doing: 'session creation', since: Date.now(), inSession: true, noticedAt: null };
        this.bar?.update(this.done, { point: `${describePoint(event.point)}${trial}: starting` });
        return;
      }
      case 'progress': {
        if (this.waiting && (event.iterations > 0 || event.phase === 'timing' || event.phase === 'profile')) this.waiting = null;
        else if (this.waiting && event.phase === 'warmup') Object.assign(this.waiting, { doing: 'the first inference', inSession: false });
        const point = this.plan[event.index];
        if (!point || !this.bar) return;
        const ci = event.ciRelative === null ? '' : ` ci ±${(event.ciRelative * 100).toFixed(1)}%`;
        this.bar.update(this.done, { point: `${describePoint(point)}: ${event.phase} ${event.iterations} iters${ci}` });
        return;
      }
      case 'point-finished':
      case 'point-failed': {
        this.done += 1;
        this.waiting = null;
        this.bar?.update(this.done, { point: describePoint(event.point) });
        if (!tty) {
          const what = event.point.verdict === 'failed' ? event.point.criterion : `${event.point.verdict}, ${event.point.stats.throughput.toFixed(1)} samples/s`;
          process.stderr.write(`[${this.done}/${this.plan.length}] ${describePoint(event.point)}: ${what}\n`);
        }
        return;
      }
      case 'scenario-finished': {
        const r = event.result;
        const what = r.error ? `failed: ${r.error.message}` : r.kind === 'server' ? `highest QPS meeting the SLO: ${r.bestQps === null ? 'none' : r.bestQps.toFixed(0)}` : `${r.levels.length} levels`;
        process.stderr.write(`${r.kind} scenario ${r.provider} ${r.precision}: ${what}\n`);
        return;
      }
      default:
        this.stop();
    }
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.waiting = null;
    this.bar?.stop();
    this.bar = null;
  }

  private tick(): void {
    const w = this.waiting;
    if (!w) return;
    const now = Date.now();
    const wait: Wait = { what: w.what, doing: w.doing, elapsedMs: now - w.since, inSession: w.inSession };
    if (wait.elapsedMs < WAIT_NOTICE_AFTER_MS) return;
    if (this.bar) {
      this.bar.update(this.done, { point: `${w.what}: ${waitShort(wait, this.deadlines)}` });
      return;
    }
    if (w.noticedAt !== null && now - w.noticedAt < WAIT_NOTICE_EVERY_MS) return;
    w.noticedAt = now;
    process.stderr.write(`infermeter: ${waitNotice(wait, this.deadlines)}\n`);
  }
}
