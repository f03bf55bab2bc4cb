import { getApi, type ConnectionState } from './api';
import { applyChartDefaults, onThemeChange, restoreThemeChoice, setThemeChoice, themeChoice, warmUpCharts, type ThemeChoice } from './charts/theme';
import { toErrorInfo } from './api/errors';
import { getShell } from './api/shell';
import { button, download, replace } from './dom';
import { Store, type ViewName } from './store';
import { parseRoute, routeHash, type Route } from './view-models/routes';
import { mountHistory } from './views/history-view';
import { mountMachine } from './views/machine-view';
import { mountModel } from './views/model-view';
import { mountProgressStrip } from './views/progress-strip';
import { mountRecommendation } from './views/recommendation-view';
import { mountResults } from './views/results-view';
import { mountRun } from './views/run-view';

const VIEWS: Array<{ name: ViewName; label: string; mount: (root: HTMLElement, store: Store) => () => void }> = [
  { name: 'machine', label: 'Machine', mount: mountMachine },
  { name: 'model', label: 'Model', mount: mountModel },
  { name: 'run', label: 'Run', mount: mountRun },
  { name: 'results', label: 'Results', mount: mountResults },
  { name: 'recommend', label: 'Recommend', mount: mountRecommendation },
  { name: 'history', label: 'History', mount: mountHistory },
];

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el;
}

function connectionText(state: ConnectionState): string {
  switch (state.kind) {
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return '';
    case 'reconnecting':
      return `${state.reason}: reconnecting in ${Math.round(state.inMs / 100) / 10} s…`;
    case 'no-token':
      return 'This page needs its token: open the full URL that `infermeter serve` printed.';
  }
}

/** The desktop shell's File menu: the dialogs already ran in main; the renderer does the rest. */
function listenToMenu(store: Store): void {
  getShell().onMenuCommand?.((command) => {
    if (command.kind === 'open-model') {
      store.pendingModelPath = command.path;
      store.show('model');
    } else if (command.kind === 'import-run') {
      store.api.call('importRun', { fileName: command.file.fileName, content: command.file.content }).then(
        () => store.show('history'),
        (error: unknown) => window.alert(toErrorInfo(error).message),
      );
    } else {
      const runId = store.openedRunId ?? store.live?.runId;
      if (!runId) return window.alert('Nothing to export yet: run a benchmark or open a run from History first.');
      store.api.call('exportRun', { runId, format: 'json' }).then(
        (file) => download(file.fileName, file.content, 'application/json'),
        (error: unknown) => window.alert(toErrorInfo(error).message),
      );
    }
  });
}

/** Auto (the OS preference), light or dark: a select in the top bar. */
function themeToggle(): HTMLElement {
  const select = document.createElement('select');
  select.className = 'theme-toggle';
  select.setAttribute('aria-label', 'Theme');
  for (const [value, label] of [['auto', 'Theme: as the system'], ['light', 'Theme: light'], ['dark', 'Theme: dark']] as const) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    select.appendChild(option);
  }
  select.value = themeChoice();
  select.addEventListener('change', () => setThemeChoice(select.value as ThemeChoice));
  return select;
}

/** What is on screen as a route: the run shown, the runs compared. */
function currentRoute(store: Store): Route {
  const runId = store.openedRunId ?? store.live?.runId;
  if ((store.view === 'results' || store.view === 'recommend') && runId) return { view: store.view, runId };
  if (store.view === 'history' && store.compareRunIds) return { view: 'history', compare: store.compareRunIds };
  return { view: store.view };
}

/** Opens what a hash names: the run (from the history), the comparison, or the view; false when it names none. */
function applyRoute(store: Store, hash: string): boolean {
  const route = parseRoute(hash);
  if (!route) return false;
  if (route.runId && route.runId !== store.live?.runId) store.openedRunId = route.runId;
  store.compareRunIds = route.compare ?? (route.view === 'history' ? null : store.compareRunIds);
  store.view = route.view;
  return true;
}

function start(): void {
  restoreThemeChoice();
  const conn = byId('conn');
  const api = getApi((state) => {
    conn.textContent = connectionText(state);
    conn.className = `conn conn-${state.kind}`;
  });
  const store = new Store(api);
  applyChartDefaults();
  warmUpCharts();

  const nav = byId('nav');
  const viewRoot = byId('view');
  const tabs = VIEWS.map((v) => {
    const b = button(v.label, () => {
      if (v.name === 'results' && store.view !== 'results') store.openedRunId = store.live ? null : store.openedRunId;
      store.show(v.name);
    }, 'tab');
    b.dataset['view'] = v.name;
    return b;
  });
  replace(nav, ...tabs);

  let unmount: (() => void) | null = null;
  let shownRunId: string | null = null;
  const render = () => {
    unmount?.();
    for (const t of tabs) t.setAttribute('aria-current', t.dataset['view'] === store.view ? 'page' : 'false');
    replace(viewRoot);
    const view = VIEWS.find((v) => v.name === store.view) ?? VIEWS[0];
    shownRunId = store.live?.runId ?? null;
    unmount = view ? view.mount(viewRoot, store) : null;
    viewRoot.focus({ preventScroll: true });
  };
  store.on('view', render);
  // The address follows what is on screen (replaceState: no history entry per tab click), and a hash typed or
  // reloaded reopens it.
  const writeHash = () => {
    const hash = routeHash(currentRoute(store));
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  };
  store.on('view', writeHash);
  store.on('route', writeHash);
  store.on('live', writeHash);
  window.addEventListener('hashchange', () => {
    if (window.location.hash !== routeHash(currentRoute(store)) && applyRoute(store, window.location.hash)) store.emit('view');
  });
  applyRoute(store, window.location.hash);
  // A new live run replaces the one the results view is following.
  store.on('live', () => {
    if (store.view === 'results' && !store.openedRunId && store.live?.runId !== shownRunId) render();
  });
  onThemeChange(render);
  listenToMenu(store);
  replace(byId('theme'), themeToggle());
  mountProgressStrip(byId('progress'), store);
  render();
}

start();
