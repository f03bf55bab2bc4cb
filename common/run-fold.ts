/**
 * The one fold of a run's event stream: which point is in flight, the finished points, the scenario results, and
 * how the run ended. The engine's run record (results/run-record.ts, written by the host for the CLI and the app)
 * and the renderer's live run (view-models/live-run.ts) are both this fold; each describes the run (the "head")
 * from its own start events. Types come from the caller (the contract's EngineEvent is a FoldEvent), since
 * common/ imports nothing from the contract.
 */

export type FoldStatus = 'running' | 'complete' | 'cancelled' | 'crashed' | 'interrupted';

/** The events the fold reads, as far as it reads them. */
export type FoldEvent<Point extends { index: number }, Plan, Scenario, Err> =
  | { type: 'run-requested' | 'run-started' | 'progress'; runId: string }
  | { type: 'point-started'; runId: string; point: Plan }
  | { type: 'point-finished' | 'point-failed'; runId: string; point: Point }
  | { type: 'scenario-finished'; runId: string; result: Scenario }
  | { type: 'run-finished' | 'run-cancelled'; runId: string; finishedAt: string }
  | { type: 'engine-crashed'; runId: string | null; error: Err };

/** What each event changed, so a view redraws only that. */
export type FoldChange = 'none' | 'progress' | 'point' | 'status';

export interface RunFoldHooks<Ev, Head, Err> {
  /** The run's description from run-requested (a stand-in until run-started); none: run-requested is not folded. */
  requested?: (event: Extract<Ev, { type: 'run-requested' }>) => Head;
  started: (event: Extract<Ev, { type: 'run-started' }>) => Head;
  /** The end reason a cancelled run records (null: none). */
  cancelledReason: Err | null;
  /** The clock for an engine crash's end time. */
  now: () => string;
}

export class RunFold<Ev extends FoldEvent<Point, Plan, Scenario, Err>, Head, Point extends { index: number }, Plan, Scenario, Err> {
  head: Head | null = null;
  /** True while the head is the stand-in from run-requested (the engine has not described the run yet). */
  requestedOnly = false;
  current: Plan | null = null;
  /** Finished points (measured or failed) in arrival order; a point sent again replaces its first arrival. */
  readonly points: Point[] = [];
  readonly scenarios: Scenario[] = [];
  status: FoldStatus = 'running';
  finishedAt: string | null = null;
  endReason: Err | null = null;
  private readonly at = new Map<number, number>();

  constructor(private readonly hooks: RunFoldHooks<Ev, Head, Err>) {}

  apply(event: Ev): FoldChange {
    const e = event as FoldEvent<Point, Plan, Scenario, Err>;
    switch (e.type) {
      case 'run-requested':
        if (this.head !== null || !this.hooks.requested) return 'none';
        this.head = this.hooks.requested(event as Extract<Ev, { type: 'run-requested' }>);
        this.requestedOnly = true;
        return 'none';
      case 'run-started':
        if (this.head !== null && !this.requestedOnly) return 'none';
        this.head = this.hooks.started(event as Extract<Ev, { type: 'run-started' }>);
        this.requestedOnly = false;
        return 'status';
      case 'point-started':
        this.current = e.point;
        return 'progress';
      case 'progress':
        return 'progress';
      case 'point-finished':
      case 'point-failed':
        return this.addPoint(e.point);
      case 'scenario-finished':
        this.scenarios.push(e.result);
        return 'status';
      case 'run-finished':
        this.finish('complete', e.finishedAt, null);
        return 'status';
      case 'run-cancelled':
        this.finish('cancelled', e.finishedAt, this.hooks.cancelledReason);
        return 'status';
      case 'engine-crashed':
        this.finish('crashed', this.hooks.now(), e.error);
        return 'status';
    }
  }

  /** Ends a running run: by its end event, or one that stopped without one (the CLI was interrupted, say). */
  finish(status: Exclude<FoldStatus, 'running'>, finishedAt: string, reason: Err | null): void {
    if (this.status !== 'running') return;
    this.status = status;
    this.finishedAt = finishedAt;
    this.endReason = reason;
    this.current = null;
  }

  /** The finished points in plan order (a copy). */
  pointsInPlanOrder(): Point[] {
    return [...this.points].sort((a, b) => a.index - b.index);
  }

  private addPoint(point: Point): FoldChange {
    this.current = null;
    const seen = this.at.get(point.index);
    if (seen !== undefined) {
      this.points[seen] = point;
      return 'none';
    }
    this.at.set(point.index, this.points.length);
    this.points.push(point);
    return 'point';
  }
}
