import { isBatchSweep } from '../../../common/plan';
import type { RunRecord } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { button, emptyState, h, replace, spinner, table } from '../dom';
import type { Store } from '../store';
import { formatStartedAt } from '../view-models/dates';
import { formatMs, formatPercent } from '../view-models/format';
import { accuracyRows, int8ContextOf, speedupRows } from '../view-models/speedups';
import { exposeCharts } from '../test-hook';
import { ChartSet } from './chart-set';
import { exportBar } from './export-actions';
import { headlineBlock } from './headline-view';
import { ResultsTable } from './results-table';
import { checkSection } from './check-section';
import { ScenarioSection } from './scenario-section';
import { TelemetrySection } from './telemetry-section';
import { GenerationSection } from './generation-section';
import { badge, errorBox, liveFacts, section, setText } from './widgets';

/** The run the view shows: a loaded record, or the live run's record as its events have built it. */
type RunSource = () => RunRecord;

function lazy(el: HTMLElement): HTMLElement {
  el.classList.add('lazy-render');
  return el;
}

/** While a scenario run goes: what it is doing, since it has no points to show. */
function scenarioWaiting(run: RunSource): HTMLElement | null {
  if (run().status !== 'running' || run().scenarios.length > 0) return null;
  return h('p', { class: 'muted', attrs: { 'data-testid': 'waiting' } }, 'Running the scenario: each provider × precision gets a card here when it finishes (a capacity probe, then one timed level after another).');
}

export function mountResults(root: HTMLElement, store: Store): () => void {
  const cleanups: Array<() => void> = [];
  const opened = store.openedRunId;
  if (opened) {
    replace(root, spinner(`Loading run ${opened}…`));
    store.api.call('getRun', { runId: opened }).then(
      (record) => cleanups.push(renderRun(root, store, () => record)),
      (error: unknown) => replace(root, errorBox(toErrorInfo(error)), button('Back to history', () => store.show('history'))),
    );
  } else if (store.live) {
    const live = store.live;
    const show = () => {
      const started = live.record();
      // A run that ended before the engine described it has no record: its reason is all there is to show.
      if (!started) return replace(root, errorBox(live.endError ?? { code: 'internal', message: `run ${live.runId} ended before it started` }), button('Back to history', () => store.show('history')));
      cleanups.push(renderRun(root, store, () => live.record() ?? started));
    };
    if (live.started || live.status !== 'running') show();
    else {
      // Until run-started arrives nothing says whether this is a batch sweep or a scenario (their pages differ).
      replace(root, spinner('Starting the run: converting precisions if needed, then the first point…'));
      const off = store.on('live', () => {
        if (!live.started && live.status === 'running') return;
        off();
        show();
      });
      cleanups.push(off);
    }
  } else {
    replace(
      root,
      emptyState(
        'No results yet',
        'Results appear here live while a run goes. Pick a model (the tiny MLP is a good first one), then press Start on the Run tab; or open a past run from History.',
        h('div', { class: 'actions' }, button('Choose a model', () => store.show('model'), 'primary'), button('Set up a run', () => store.show('run')), button('Open history', () => store.show('history'))),
      ),
    );
  }
  return () => cleanups.forEach((c) => c());
}

function renderRun(root: HTMLElement, store: Store, run: RunSource): () => void {
  const charts = new ChartSet(false, run().id);
  const scenarios = new ScenarioSection();
  const generation = new GenerationSection();
  const generates = run().options.generation !== undefined;
  const resultsTable = new ResultsTable();
  const telemetry = new TelemetrySection();
  const header = h('div', { class: 'run-header' });
  const headline = headlineBlock(store, { points: () => run().points, variants: () => run().variants, options: () => run().options, running: () => run().status === 'running' });
  const failures = h('div');
  const speedups = h('div', { attrs: { 'data-testid': 'speedups' } });
  const accuracy = h('div');
  const title = () => `${run().model.path.split(/[\\/]/).pop() ?? 'model'} — run ${run().id}`;
  const runFacts = (): Array<[string, string]> => {
    const hw = run().hardware;
    return [
      ['Model', run().model.path],
      ['Machine', hw ? `${hw.os.hostname}: ${hw.cpu.model}, ${hw.os.distro}` : '—'],
      ['Started', formatStartedAt(run().startedAt)],
      ['Status', run().status],
      isBatchSweep(run().options.scenario) ? ['Points', `${run().points.length} of ${run().plan.length}`] : ['Scenario results', String(run().scenarios.length)],
      ['onnxruntime', hw?.software.onnxruntime ?? '—'],
    ];
  };
  const headerFacts = liveFacts(runFacts().map(([k]) => k));
  const titleText = h('span');
  const statusBadge = badge('', '');
  replace(header, h('h2', null, titleText, ' ', statusBadge), headerFacts.element);
  const renderHeader = () => {
    const status = run().status;
    setText(titleText, title());
    setText(statusBadge, status);
    statusBadge.className = `badge badge-${status}`;
    headerFacts.update(runFacts().map(([, v]) => v));
  };
  // A generation run's SLO (ITL p99) is answered in its own section.
  const renderSlo = () => {
    if (!generates) headline.update();
  };
  let failuresShown = -1;
  const renderFailures = () => {
    const failed = run().points.filter((p) => p.verdict === 'failed');
    if (failed.length === failuresShown) return;
    failuresShown = failed.length;
    if (failed.length === 0) return replace(failures);
    replace(failures, section(`Failed points (${failed.length})`, table(['#', 'provider', 'precision', 'batch', 'kind', 'reason'], failed.map((p) => [p.index + 1, p.provider, p.precision.toUpperCase(), p.batch, p.verdict === 'failed' ? p.failure : '', p.verdict === 'failed' ? p.error.message : '']))));
  };
  let speedupsShown = -1;
  const renderSpeedups = () => {
    const rows = generates ? [] : speedupRows(run().points);
    if (rows.length === speedupsShown) return;
    speedupsShown = rows.length;
    if (rows.length === 0) return replace(speedups);
    const why = h('p', { class: 'muted' }, 'Throughput over the baseline at the same batch. From paired trials: the variants ran in alternating trials, and the 95% interval is t on the paired log ratios; from verdicts (older runs): the interval the two points\' own intervals allow.');
    replace(speedups, section(`Speed-ups (${rows.length})`, why, table(['configuration', 'compared', 'speed-up', '95% interval', 'from'], rows.map((r) => [r.configuration, r.compared, r.ratio, r.interval, r.basis]))));
  };
  const renderAccuracy = () => {
    if (generates) return generation.updateAccuracy(run().variants);
    charts.setInt8Context(int8ContextOf(run().variants));
    const rows = accuracyRows(run().variants);
    if (rows.length <= 1) return replace(accuracy, rows.length ? h('p', { class: 'muted' }, 'Only FP32 was measured: choose FP16 or INT8 on the Run tab to see their speed-up and accuracy.') : null);
    replace(
      accuracy,
      section(
        'Accuracy against FP32',
        table(
          ['precision', 'status', 'cosine', 'relative L2', 'max abs error', 'top-1 agreement', 'size vs FP32', 'nodes converted', 'note'],
          rows.map((r) => [r.precision.toUpperCase(), r.status, r.cosine === null ? '—' : r.cosine.toFixed(5), r.relativeL2 === null ? '—' : r.relativeL2.toExponential(2), r.maxAbsError === null ? '—' : r.maxAbsError.toPrecision(3), formatPercent(r.top1Agreement), formatPercent(r.sizeRatio, 0), r.nodesConverted, r.note]),
        ),
      ),
    );
  };

  let shown = 0;
  const addNew = () => {
    const points = run().points;
    for (; shown < points.length; shown++) {
      const p = points[shown];
      if (p) charts.addPoint(run().id, null, p);
    }
    resultsTable.setPoints(points);
    telemetry.update(points);
    if (generates) generation.update(points, store.sloMs);
  };
  let slowFrame = 0;
  const onPoint = () => {
    addNew();
    if (slowFrame) return;
    slowFrame = requestAnimationFrame(() => {
      slowFrame = 0;
      renderHeader();
      renderSlo();
      renderFailures();
      renderSpeedups();
    });
  };

  renderHeader();
  renderSlo();
  renderFailures();
  renderSpeedups();
  renderAccuracy();
  scenarios.update(run().scenarios);
  addNew();
  exposeCharts(charts);
  const sweep = isBatchSweep(run().options.scenario);
  const waitingScenario = sweep ? null : scenarioWaiting(run);
  const noPoints = run().points.length === 0 && sweep ? h('p', { class: 'muted', attrs: { 'data-testid': 'waiting' } }, 'Waiting for the first point: the engine builds the session, warms up, then times until the numbers are stable.') : null;
  replace(
    root,
    header,
    exportBar(store.api, { runId: run().id, title: title(), facts: runFacts(), headline: () => (generates ? '' : headline.update().text), sloText: () => (store.sloMs === null ? 'none set: the answer is the best throughput' : `p99 ≤ ${formatMs(store.sloMs)}`), variants: () => run().variants, points: () => run().points, charts: () => [...(generates ? generation.charts() : charts.charts()), ...telemetry.exportable()], check: () => run().check ?? null, recommendation: () => store.recommendations.get(run().id) ?? null }),
    sweep && !generates ? headline.element : null,
    noPoints,
    waitingScenario,
    scenarios.element,
    sweep && !generates ? charts.element : null,
    generates ? generation.element : null,
    sweep ? telemetry.element : null,
    speedups,
    accuracy,
    checkSection(run().check ?? null),
    sweep && !generates ? lazy(section('All points', h('p', { class: 'muted' }, 'Click a column to sort. Click a point on a chart to see its latency histogram.'), resultsTable.element)) : null,
    failures,
  );
  const offs = store.openedRunId
    ? []
    : [
        store.on('live-point', () => {
          noPoints?.remove();
          onPoint();
        }),
        store.on('live', () => {
          renderHeader();
          renderSlo();
          renderAccuracy();
          scenarios.update(run().scenarios);
          if (run().scenarios.length || run().status !== 'running') waitingScenario?.remove();
        }),
      ];
  return () => {
    offs.forEach((o) => o());
    if (slowFrame) cancelAnimationFrame(slowFrame);
    exposeCharts(null);
    charts.destroy();
    scenarios.destroy();
    generation.destroy();
    resultsTable.destroy();
    telemetry.destroy();
  };
}
