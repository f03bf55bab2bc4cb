import { SingleBar } from 'cli-progress';
import type { EngineEvent } from '../contract/events';
import type { PlanPoint } from '../contract/run';
import { describePoint } from '../engine/bench/plan';

function runSize(points: number, scenario: string | undefined): string {
  return points > 0 ? `${points} points` : `${scenario ?? 'latency'} scenario`;
}

/**
 * Progress on stderr: a bar with ETA on a terminal, one line per finished point otherwise (logs, CI).
 * The bar's unit is plan points; the point in flight counts by its share of the time budget.
 */
export class RunProgress {
  private bar: SingleBar | null = null;
  private plan: PlanPoint[] = [];
  private done = 0;

  constructor(private readonly quiet: boolean) {}

  update(event: EngineEvent): void {
    if (this.quiet) return;
    const tty = Boolean(process.stderr.isTTY);
    switch (event.type) {
      case 'run-started':
        this.plan = event.plan;
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
      case 'point-started':
        this.bar?.update(this.done, { point: `${describePoint(event.point)}: starting` });
        return;
      case 'progress': {
        const point = this.plan[event.index];
        if (!point || !this.bar) return;
        const ci = event.ciRelative === null ? '' : ` ci ±${(event.ciRelative * 100).toFixed(1)}%`;
        this.bar.update(this.done, { point: `${describePoint(point)}: ${event.phase} ${event.iterations} iters${ci}` });
        return;
      }
      case 'point-finished':
      case 'point-failed': {
        this.done += 1;
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
    this.bar?.stop();
    this.bar = null;
  }
}
