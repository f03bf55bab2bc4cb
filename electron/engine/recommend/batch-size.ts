import { KNEE_FRACTION, SATURATION_FACTOR, type BatchGroup, type BatchPointSummary, type BatchRecommendation } from '../../contract/recommend';
import type { ProviderId } from '../../contract/hardware';
import type { PointResult, Precision, RunRecord } from '../../contract/run';
import { fitLinear } from '../stats/fits';

export { KNEE_FRACTION, SATURATION_FACTOR };

type Measured = Extract<PointResult, { verdict: 'valid' | 'unstable' }>;
type GroupKey = { precision: Precision; provider: ProviderId; threads: number | null };

const fmtRate = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const fmtMs = (x: number) => (x >= 10 ? x.toFixed(1) : x.toPrecision(3));

/**
 * Batch-size recommendation for every precision × provider (× threads, when a run swept them) group of a run.
 * Only measured points count (valid and unstable; unstable ones are named in the explanation); failed points are
 * skipped. The SLO rule is MLPerf's (MLPerf Inference rules, Server scenario): a configuration qualifies when its
 * 99th-percentile latency is within the bound, and among those the one with the highest throughput wins.
 */
export function recommendBatchSize(run: RunRecord, sloMs: number, filter: Partial<Pick<GroupKey, 'precision' | 'provider'>> = {}): BatchRecommendation {
  const groups = groupPoints(run.points)
    .filter(({ key }) => (filter.precision === undefined || key.precision === filter.precision) && (filter.provider === undefined || key.provider === filter.provider))
    .map(({ key, points }) => recommendGroup(key, points, sloMs));
  const showThreads = new Set(groups.map((g) => g.threads)).size > 1;
  const label = (g: GroupKey) => `${g.precision}/${g.provider}${showThreads ? `/${g.threads ?? 'default'} threads` : ''}`;
  let best: BatchRecommendation['best'] = null;
  for (const g of groups) {
    if (g.batch === null || g.throughput === null || g.p99Ms === null) continue;
    if (best === null || g.throughput > best.throughput) best = { precision: g.precision, provider: g.provider, threads: g.threads, batch: g.batch, p99Ms: g.p99Ms, throughput: g.throughput };
  }
  let closest: BatchRecommendation['closest'] = null;
  if (best === null) {
    for (const g of groups) {
      for (const p of g.points) {
        if (closest === null || p.p99Ms < closest.p99Ms) closest = { precision: g.precision, provider: g.provider, threads: g.threads, batch: p.batch, p99Ms: p.p99Ms, throughput: p.throughput };
      }
    }
  }
  let explanation: string;
  if (groups.length === 0) explanation = 'No measured points: every point failed or none matched the filter, so there is nothing to recommend.';
  else if (best !== null) explanation = `Serve ${label(best)} at batch ${best.batch}: ${fmtRate(best.throughput)} samples/s with p99 ${fmtMs(best.p99Ms)} ms within the ${sloMs} ms SLO, the highest throughput of ${groups.length} group${groups.length === 1 ? '' : 's'}.`;
  else if (closest !== null) explanation = `No batch meets the ${sloMs} ms SLO in any group; ${label(closest)} comes closest with p99 ${fmtMs(closest.p99Ms)} ms at batch ${closest.batch}.`;
  else explanation = 'No measured points.';
  return { sloMs, groups, best, closest, explanation };
}

function groupPoints(points: readonly PointResult[]): { key: GroupKey; points: Measured[] }[] {
  const map = new Map<string, { key: GroupKey; points: Measured[] }>();
  for (const p of points) {
    if (p.verdict === 'failed') continue;
    const id = `${p.precision}|${p.provider}|${p.threads ?? 'default'}`;
    let entry = map.get(id);
    if (!entry) {
      entry = { key: { precision: p.precision, provider: p.provider, threads: p.threads }, points: [] };
      map.set(id, entry);
    }
    entry.points.push(p);
  }
  for (const entry of map.values()) entry.points.sort((a, b) => a.batch - b.batch);
  return [...map.values()];
}

/** One group's recommendation from its measured points, sorted by batch. Exported for tests on synthetic curves. */
export function recommendGroup(key: GroupKey, measured: readonly Measured[], sloMs: number): BatchGroup {
  const points: BatchPointSummary[] = measured.map((p) => ({
    batch: p.batch, verdict: p.verdict, meanMs: p.stats.meanMs, p99Ms: p.stats.p99Ms, throughput: p.stats.throughput, meetsSlo: p.stats.p99Ms <= sloMs,
  }));
  const notes: string[] = [];
  const unstableBatches = points.filter((p) => p.verdict === 'unstable').map((p) => p.batch);

  let chosen: BatchPointSummary | null = null;
  for (const p of points) if (p.meetsSlo && (chosen === null || p.throughput > chosen.throughput)) chosen = p;

  const fitted = fitTime(points, notes);
  const asymptoticThroughput = fitted && fitted.marginalMs > 0 ? 1000 / fitted.marginalMs : null;
  let kneeBatch: number | null = null;
  let kneeFittedBatch: number | null = null;
  if (fitted && asymptoticThroughput !== null) {
    kneeBatch = points.find((p) => p.throughput >= KNEE_FRACTION * asymptoticThroughput)?.batch ?? null;
    // B/(a + bB) ≥ 0.9/b  ⇔  B ≥ 9·a/b (a ≥ 0); with a < 0 every batch is past the knee on the fitted line.
    kneeFittedBatch = Math.max(1, ((KNEE_FRACTION / (1 - KNEE_FRACTION)) * fitted.setupMs) / fitted.marginalMs);
    if (kneeBatch === null) notes.push(`the knee (${KNEE_FRACTION * 100}% of ${fmtRate(asymptoticThroughput)} samples/s) is not reached within the measured batches; the fit puts it near batch ${Math.ceil(Number(kneeFittedBatch.toPrecision(12)))}`);
  }

  const reference = points[0];
  let saturationBatch: number | null = null;
  if (reference) {
    if (reference.batch !== 1) notes.push(`batch 1 was not measured; saturation is judged against batch ${reference.batch}`);
    saturationBatch = points.find((p) => p.batch > reference.batch && p.meanMs > SATURATION_FACTOR * reference.meanMs)?.batch ?? null;
  }

  return {
    ...key,
    points,
    batch: chosen?.batch ?? null,
    throughput: chosen?.throughput ?? null,
    p99Ms: chosen?.p99Ms ?? null,
    fit: fitted,
    asymptoticThroughput,
    kneeBatch,
    kneeFittedBatch,
    saturationBatch,
    saturationReferenceBatch: reference?.batch ?? null,
    unstableBatches,
    notes,
    explanation: explainGroup(points, chosen, sloMs, unstableBatches),
  };
}

/** T(B) = T_setup + B·T_marginal on mean latency (the mean is what throughput = B/mean is made of). */
function fitTime(points: readonly BatchPointSummary[], notes: string[]): BatchGroup['fit'] {
  if (new Set(points.map((p) => p.batch)).size < 2) {
    notes.push('one batch size measured: no T(B) fit');
    return null;
  }
  const fit = fitSetupAtLeastZero(points.map((p) => ({ x: p.batch, y: p.meanMs })));
  if (fit.unconstrainedSetupMs !== null) {
    notes.push(`the straight-line fit gave a negative setup time (${fmtMs(fit.unconstrainedSetupMs)} ms), which no machine has — the time per sample fell as the batch grew ` +
      '(caches, threads or vector units better used at larger batches); T_setup is held at 0 and T_marginal fitted through the origin');
  }
  if (fit.b <= 0) notes.push('latency does not grow with batch over the measured range (fitted T_marginal ≤ 0): no marginal cost per sample was seen, so there is no asymptotic throughput or knee — measure larger batches');
  if (fit.r2 < 0.9) notes.push(`T(B) is not a straight line here (R² ${fit.r2.toFixed(2)}): treat the knee as rough`);
  return { setupMs: fit.a, marginalMs: fit.b, r2: fit.r2, points: fit.n, setupConstrained: fit.unconstrainedSetupMs !== null };
}

/**
 * Least squares T(B) = a + b·B with a ≥ 0: a negative intercept is refitted through the origin (b = Σxy/Σx²),
 * with R² against the mean as for the free fit. Exported for tests.
 */
export function fitSetupAtLeastZero(points: readonly { x: number; y: number }[]): { a: number; b: number; r2: number; n: number; unconstrainedSetupMs: number | null } {
  const free = fitLinear(points);
  if (free.a >= 0) return { a: free.a, b: free.b, r2: free.r2, n: free.n, unconstrainedSetupMs: null };
  const sxx = points.reduce((s, p) => s + p.x * p.x, 0);
  const b = points.reduce((s, p) => s + p.x * p.y, 0) / sxx;
  const mean = points.reduce((s, p) => s + p.y, 0) / points.length;
  const ssTot = points.reduce((s, p) => s + (p.y - mean) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p.y - b * p.x) ** 2, 0);
  return { a: 0, b, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1, n: points.length, unconstrainedSetupMs: free.a };
}

function explainGroup(points: readonly BatchPointSummary[], chosen: BatchPointSummary | null, sloMs: number, unstable: readonly number[]): string {
  const flag = unstable.length ? ` (unstable, did not converge: batch ${unstable.join(', ')})` : '';
  if (points.length === 0) return 'No measured points in this group.';
  if (chosen === null) {
    const fastest = points.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
    return `No batch meets the ${sloMs} ms SLO; the lowest p99 is ${fmtMs(fastest.p99Ms)} ms at batch ${fastest.batch}${flag}.`;
  }
  const larger = points.filter((p) => p.batch > chosen.batch);
  const over = larger.find((p) => !p.meetsSlo);
  const base = `Batch ${chosen.batch} gives the highest throughput (${fmtRate(chosen.throughput)} samples/s) with p99 ${fmtMs(chosen.p99Ms)} ms ≤ ${sloMs} ms`;
  let why: string;
  if (over) why = `; batch ${over.batch} would break the SLO (p99 ${fmtMs(over.p99Ms)} ms)`;
  else if (larger.length) why = `; larger batches meet the SLO but are slower per sample`;
  else why = '; it is the largest batch measured, so a larger one may do better';
  const chosenUnstable = chosen.verdict === 'unstable' ? ' — but its measurement is unstable, so re-measure before relying on it' : '';
  return `${base}${why}${chosenUnstable}${flag}.`;
}
