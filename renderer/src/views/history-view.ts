import type { RunSummary } from '../../../electron/contract/app-api';
import type { RunRecord } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { getShell } from '../api/shell';
import { button, download, emptyState, h, replace, spinner, table } from '../dom';
import type { Store } from '../store';
import { formatStartedAt } from '../view-models/dates';
import { formatNumber, formatThroughput } from '../view-models/format';
import { ratioRows, runLabels } from '../view-models/ratios';
import { exposeCharts } from '../test-hook';
import { isGenerationRun } from '../view-models/generation';
import { anyGenerationRun } from '../view-models/generation-compare';
import { ChartSet } from './chart-set';
import { generationCompareSection } from './generation-compare-section';
import { badge, errorBox, section } from './widgets';

function compareView(runs: RunRecord[]): { element: HTMLElement; destroy: () => void } {
  const charts = new ChartSet(true, `compare-${runs.map((r) => r.id).join('-vs-')}`.slice(0, 160));
  const labels = runs.map((r, i) => ({ run: r, label: runLabels(runs)[i] ?? r.id }));
  // Generation runs compare by tokens/s, TTFT and ITL (one sample of theirs is a whole generation); other runs by batch.
  const generation = anyGenerationRun(runs) ? generationCompareSection(labels) : null;
  const batchRuns = labels.filter(({ run }) => !isGenerationRun(run.points));
  for (const { run, label } of batchRuns) charts.addPoints(run.id, label, run.points);
  const labelOf = (r: RunRecord) => labels.find((l) => l.run === r)?.label ?? r.id;
  const [base, ...others] = runs;
  const rows = base ? ratioRows(base, others) : [];
  const ratioCell = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);
  const ratios = table(
    ['configuration', 'batch', `base: ${base ? labelOf(base) : ''}`, ...others.flatMap((r) => [labelOf(r), 'throughput ratio', 'p99 ratio'])],
    rows.map((r) => [r.label, r.batch, formatThroughput(r.baseThroughput), ...r.cells.flatMap((c) => [c.throughput === null ? 'not measured' : `${formatNumber(c.throughput)}/s`, ratioCell(c.ratio), ratioCell(c.p99Ratio)])]),
  );
  const models = new Set(runs.map((r) => r.model.sha256));
  const modelWarning =
    models.size > 1
      ? h('div', { class: 'error', attrs: { role: 'alert', 'data-testid': 'different-models' } }, h('strong', null, 'Different models'), h('p', null, `These runs measured ${models.size} different models (${[...new Set(runs.map((r) => r.model.path.split(/[\\/]/).pop() ?? r.model.path))].join(', ')}): their ratios compare models, not machines or settings.`))
      : null;
  const element = h(
    'div',
    { attrs: { 'data-testid': 'comparison' } },
    section(`Comparing ${runs.length} runs`, modelWarning, h('p', { class: 'muted' }, 'Ratios are against the first selected run: above 1× is more throughput, or more p99 latency. Colours are the configuration, as in Results; markers and dashes tell the runs apart.'), batchRuns.length ? charts.element : null),
    generation?.element ?? null,
    batchRuns.length ? section('Ratios', rows.length ? ratios : h('p', { class: 'muted' }, 'The base run has no measured points to compare.')) : null,
  );
  exposeCharts(charts);
  return {
    element,
    destroy: () => {
      exposeCharts(null);
      charts.destroy();
      generation?.destroy();
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
  let compared: string[] = [];
  const updateCompare = () => {
    compareButton.disabled = selected.size < 2;
    compareButton.textContent = selected.size < 2 ? 'Select 2 or more runs to compare' : `Compare ${selected.size} runs`;
    // A comparison of another selection is not left on screen as if it were this one's.
    const same = compared.length === selected.size && compared.every((id) => selected.has(id));
    if (compared.length > 0 && !same) {
      destroyCompare?.();
      destroyCompare = null;
      compared = [];
      store.compareRunIds = null;
      store.emit('route');
      replace(comparison, h('p', { class: 'muted', attrs: { 'data-testid': 'comparison-stale' } }, 'The selection changed: press Compare to compare the runs now selected.'));
    }
  };

  const compare = async () => {
    destroyCompare?.();
    const ids = [...selected];
    replace(comparison, spinner(`Loading ${ids.length} runs…`));
    try {
      const runs = await Promise.all(ids.map((runId) => store.api.call('getRun', { runId })));
      if (!alive) return;
      const view = compareView(runs);
      destroyCompare = view.destroy;
      compared = ids;
      store.compareRunIds = ids;
      store.emit('route');
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

  const editor = h('div', { attrs: { 'data-testid': 'notes-editor' } });
  const editNotes = (r: RunSummary) => {
    const tags = h('input', { attrs: { type: 'text', 'aria-label': `Tags for run ${r.id}`, placeholder: 'e.g. baseline, before-upgrade' } });
    tags.value = r.tags.join(', ');
    const note = h('textarea', { attrs: { 'aria-label': `Note for run ${r.id}`, rows: '2', maxlength: '2000' } });
    note.value = r.note;
    const save = async () => {
      try {
        await store.api.call('annotateRun', { runId: r.id, tags: tags.value.split(',').map((t) => t.trim().slice(0, 40)).filter((t) => t !== '').slice(0, 20), note: note.value });
        replace(editor);
        void load();
      } catch (error) {
        editor.appendChild(errorBox(toErrorInfo(error)));
      }
    };
    replace(
      editor,
      section(
        `Notes on run ${r.id}`,
        h('label', { class: 'field' }, h('span', null, 'Tags (comma-separated)'), tags),
        h('label', { class: 'field' }, h('span', null, 'Note'), note),
        h('div', { class: 'actions' }, button('Save notes', () => void save(), 'primary'), button('Cancel', () => replace(editor))),
      ),
    );
    tags.focus();
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
      const notes = h('span', { class: 'run-notes' }, ...r.tags.map((t) => badge(t, 'tag')), r.note ? h('span', { class: 'muted clamp', title: r.note }, r.note) : null);
      return [box, formatStartedAt(r.startedAt), h('code', null, r.model.split(/[\\/]/).pop() ?? r.model), r.machine, badge(r.status, r.status), r.points, r.bestThroughput === null ? (r.points > 0 ? 'no valid point' : '—') : formatThroughput(r.bestThroughput), r.origin, notes, h('span', { class: 'actions' }, open, button('Notes…', () => editNotes(r), 'small'), button('CSV', () => void exportRun(r.id, 'csv'), 'small'), button('JSON', () => void exportRun(r.id, 'json'), 'small'))];
    });
    replace(list, table(['', 'started', 'model', 'machine', 'status', 'points', 'best throughput (valid points)', 'origin', 'tags and note', ''], rows, 'data history-table'));
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

  // A comparison named by the URL (#/compare/a,b) is shown again.
  for (const id of store.compareRunIds ?? []) selected.add(id);
  if (selected.size >= 2) void compare();
  updateCompare();
  replace(
    root,
    h('div', { class: 'view-head' }, h('h1', null, 'History'), importControl, compareButton),
    message,
    editor,
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
