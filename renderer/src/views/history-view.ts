import type { RunSummary } from '../../../electron/contract/app-api';
import type { RunRecord } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { getShell } from '../api/shell';
import { button, download, emptyState, h, replace, spinner, table } from '../dom';
import type { Store } from '../store';
import { formatNumber, formatThroughput } from '../view-models/format';
import { ratioRows, runLabels } from '../view-models/ratios';
import { exposeCharts } from '../test-hook';
import { ChartSet } from './chart-set';
import { badge, errorBox, section } from './widgets';

function compareView(runs: RunRecord[]): { element: HTMLElement; destroy: () => void } {
  const charts = new ChartSet(true);
  const labels = runs.map((r, i) => ({ run: r, label: runLabels(runs)[i] ?? r.id }));
  for (const { run, label } of labels) charts.addPoints(run.id, label, run.points);
  const labelOf = (r: RunRecord) => labels.find((l) => l.run === r)?.label ?? r.id;
  const [base, ...others] = runs;
  const rows = base ? ratioRows(base, others) : [];
  const ratioCell = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);
  const ratios = table(
    ['configuration', 'batch', `base: ${base ? labelOf(base) : ''}`, ...others.flatMap((r) => [labelOf(r), 'throughput ratio', 'p99 ratio'])],
    rows.map((r) => [r.label, r.batch, formatThroughput(r.baseThroughput), ...r.cells.flatMap((c) => [c.throughput === null ? 'not measured' : `${formatNumber(c.throughput)}/s`, ratioCell(c.ratio), ratioCell(c.p99Ratio)])]),
  );
  const element = h(
    'div',
    { attrs: { 'data-testid': 'comparison' } },
    section(`Comparing ${runs.length} runs`, h('p', { class: 'muted' }, 'Ratios are against the first selected run: above 1× is more throughput, or more p99 latency.'), charts.element),
    section('Ratios', rows.length ? ratios : h('p', { class: 'muted' }, 'The base run has no measured points to compare.')),
  );
  exposeCharts(charts);
  return {
    element,
    destroy: () => {
      exposeCharts(null);
      charts.destroy();
    },
  };
}

export function mountHistory(root: HTMLElement, store: Store): () => void {
  const list = h('div', null, spinner('Reading the run history…'));
  const comparison = h('div');
  const message = h('div', { attrs: { 'aria-live': 'polite' } });
  const selected = new Set<string>();
  let destroyCompare: (() => void) | null = null;
  let alive = true;

  const compareButton = button('Compare selected', () => void compare(), 'primary');
  const updateCompare = () => {
    compareButton.disabled = selected.size < 2;
    compareButton.textContent = selected.size < 2 ? 'Select 2 or more runs to compare' : `Compare ${selected.size} runs`;
  };

  const compare = async () => {
    destroyCompare?.();
    replace(comparison, spinner(`Loading ${selected.size} runs…`));
    try {
      const runs = await Promise.all([...selected].map((runId) => store.api.call('getRun', { runId })));
      const view = compareView(runs);
      destroyCompare = view.destroy;
      replace(comparison, view.element);
      comparison.scrollIntoView({ behavior: 'smooth' });
    } catch (error) {
      replace(comparison, errorBox(toErrorInfo(error)));
    }
  };

  const exportRun = async (runId: string, format: 'csv' | 'json') => {
    try {
      const file = await store.api.call('exportRun', { runId, format });
      download(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json');
    } catch (error) {
      replace(message, errorBox(toErrorInfo(error)));
    }
  };

  const renderList = (runs: RunSummary[]) => {
    for (const id of [...selected]) if (!runs.some((r) => r.id === id)) selected.delete(id);
    updateCompare();
    if (runs.length === 0) return replace(list, emptyState('No runs yet', 'Every run you start is saved here. Run a benchmark from the Run tab, or import a CSV/JSON run file made on another machine with the button above.'));
    const rows = runs.map((r) => {
      const box = h('input', { attrs: { type: 'checkbox', 'aria-label': `select run ${r.id}` } });
      box.checked = selected.has(r.id);
      box.addEventListener('change', () => {
        if (box.checked) selected.add(r.id);
        else selected.delete(r.id);
        updateCompare();
      });
      const open = button('Open', () => {
        store.openedRunId = r.id;
        store.show('results');
      }, 'small');
      return [box, new Date(r.startedAt).toLocaleString(), h('code', null, r.model.split(/[\\/]/).pop() ?? r.model), r.machine, badge(r.status, r.status), r.points, r.bestThroughput === null ? '—' : formatThroughput(r.bestThroughput), r.origin, h('span', { class: 'actions' }, open, button('CSV', () => void exportRun(r.id, 'csv'), 'small'), button('JSON', () => void exportRun(r.id, 'json'), 'small'))];
    });
    replace(list, table(['', 'started', 'model', 'machine', 'status', 'points', 'best throughput', 'origin', ''], rows, 'data history-table'));
  };

  const load = () =>
    store.api.call('listRuns', {}).then(
      (runs) => alive && renderList([...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt))),
      (error: unknown) => alive && replace(list, errorBox(toErrorInfo(error))),
    );

  const importText = async (fileName: string, content: () => Promise<string>) => {
    replace(message, spinner(`Importing ${fileName}…`));
    try {
      const summary = await store.api.call('importRun', { fileName, content: await content() });
      selected.add(summary.id);
      replace(message, h('p', { class: 'ok' }, `Imported ${fileName} as run ${summary.id} (${summary.points} points, from ${summary.machine}).`));
    } catch (error) {
      replace(message, errorBox(toErrorInfo(error)));
    }
  };
  const fileInput = h('input', { attrs: { type: 'file', accept: '.csv,.json,text/csv,application/json', multiple: '', 'aria-label': 'Import run files' } });
  fileInput.addEventListener('change', async () => {
    for (const file of fileInput.files ?? []) await importText(file.name, () => file.text());
    fileInput.value = '';
    void load();
  });
  const shell = getShell();
  const pickRunFile = shell.pickRunFile;
  const importControl = pickRunFile
    ? button('Import CSV/JSON…', () => void pickRunFile().then(async (file) => file && (await importText(file.fileName, async () => file.content), void load())))
    : h('label', { class: 'button' }, 'Import CSV/JSON…', fileInput);

  updateCompare();
  replace(
    root,
    h('div', { class: 'view-head' }, h('h1', null, 'History'), importControl, compareButton),
    message,
    list,
    comparison,
  );
  void load();
  const off = store.on('history', () => void load());
  return () => {
    alive = false;
    off();
    destroyCompare?.();
  };
}
