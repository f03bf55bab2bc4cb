import type { PointResult } from '../../../electron/contract/run';
import { runToRunSentence } from '../../../electron/contract/run-to-run-text';
import { button, h, replace } from '../dom';
import { formatMs, formatNumber, formatPercent } from '../view-models/format';
import { expandable } from './widgets';
import { resultRow, sortRows, type ResultRow, type SortDirection, type SortKey } from '../view-models/table-rows';

export const RESULT_COLUMNS: Array<{ key: SortKey; label: string; cell: (r: ResultRow) => string }> = [
  { key: 'index', label: '#', cell: (r) => String(r.index + 1) },
  { key: 'provider', label: 'provider', cell: (r) => r.provider },
  { key: 'precision', label: 'precision', cell: (r) => r.precision.toUpperCase() },
  { key: 'batch', label: 'batch', cell: (r) => String(r.batch) },
  { key: 'threads', label: 'threads', cell: (r) => r.threadsText },
  { key: 'verdict', label: 'verdict', cell: (r) => r.verdict },
  { key: 'throughput', label: 'samples/s', cell: (r) => (r.throughput === null ? '—' : formatNumber(r.throughput)) },
  { key: 'meanMs', label: 'mean', cell: (r) => formatMs(r.meanMs) },
  { key: 'p50Ms', label: 'p50', cell: (r) => formatMs(r.p50Ms) },
  { key: 'p99Ms', label: 'p99', cell: (r) => formatMs(r.p99Ms) },
  { key: 'ciRelative', label: '95% CI ±', cell: (r) => formatPercent(r.ciRelative, 2) },
  { key: 'runToRun', label: 'run-to-run sd', cell: (r) => r.runToRun || '—' },
  { key: 'iterations', label: 'iterations', cell: (r) => (r.iterations === null ? '—' : String(r.iterations)) },
  { key: 'note', label: 'reason / warnings', cell: (r) => r.note },
];

/** Rows per page: thousands of table rows in the DOM cost more layout per frame than every chart together. */
const PAGE_ROWS = 100;

/** The sortable, paged results table; click a header to sort, again to reverse. Redraws at most every 250 ms. */
export class ResultsTable {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private points: readonly PointResult[] = [];
  private page = 0;
  private readonly pager: HTMLElement;
  /** How the intervals include this machine's run-to-run drift (run-to-run-text.ts), under the table. */
  private readonly driftNote: HTMLElement;
  private sortKey: SortKey = 'index';
  private direction: SortDirection = 'asc';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRender = 0;
  /** What the body and pager show now: a render that would show the same rows touches no DOM (no layout). */
  private shownBody = '';
  private shownPager = '';
  private readonly rowCache = new WeakMap<PointResult, ResultRow>();

  constructor() {
    this.body = h('tbody');
    const headers = RESULT_COLUMNS.map((c) =>
      h('th', { class: `col-h-${c.key}`, attrs: { scope: 'col', 'data-key': c.key, tabindex: '0', 'aria-sort': 'none' }, on: { click: () => this.sortBy(c.key), keydown: (e) => e.key === 'Enter' && this.sortBy(c.key) } }, c.label),
    );
    this.pager = h('div', { class: 'actions pager' });
    const tableEl = h('table', { class: 'data results-table', attrs: { 'data-testid': 'results-table' } }, h('thead', null, h('tr', null, ...headers)), this.body);
    this.driftNote = h('p', { class: 'muted drift-note', attrs: { 'data-testid': 'run-to-run-note' } });
    this.element = h('div', { attrs: { 'data-testid': 'results', 'data-rows': '0' } }, tableEl, this.driftNote, this.pager);
  }

  /** The points to show (rows are built at render time, so a burst of points costs one build). */
  setPoints(points: readonly PointResult[]): void {
    this.points = points;
    const wait = 250 - (performance.now() - this.lastRender);
    if (wait <= 0) this.render();
    else if (!this.timer) this.timer = setTimeout(() => this.render(), wait);
  }

  private row(r: ResultRow): HTMLTableRowElement {
    // Long notes (a point's warnings) are clamped to three lines; a click (or Enter) shows them whole, and back.
    const cell = (c: (typeof RESULT_COLUMNS)[number]) => (c.key === 'note' && r.note ? h('td', { class: 'col-note', title: r.note }, expandable(r.note, 'warnings')) : h('td', { class: `col-${c.key}` }, c.cell(r)));
    return h('tr', { class: `verdict-${r.verdict}`, attrs: { 'data-index': String(r.index) } }, ...RESULT_COLUMNS.map(cell));
  }

  private sortBy(key: SortKey): void {
    this.direction = this.sortKey === key && this.direction === 'asc' ? 'desc' : 'asc';
    this.sortKey = key;
    this.render();
  }

  private render(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastRender = performance.now();
    for (const th of this.element.querySelectorAll<HTMLTableCellElement>('thead th')) {
      th.setAttribute('aria-sort', th.dataset['key'] === this.sortKey ? (this.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    }
    const sorted = sortRows(this.rows(), this.sortKey, this.direction);
    const drift = runToRunSentence({ points: this.points }) ?? '';
    if (this.driftNote.textContent !== drift) this.driftNote.textContent = drift;
    if (this.element.dataset['rows'] !== String(sorted.length)) this.element.dataset['rows'] = String(sorted.length);
    const pages = Math.max(1, Math.ceil(sorted.length / PAGE_ROWS));
    this.page = Math.min(this.page, pages - 1);
    const first = this.page * PAGE_ROWS;
    const shown = sorted.slice(first, first + PAGE_ROWS);
    const bodyKey = shown.map((r) => r.index).join(',');
    if (bodyKey !== this.shownBody) {
      this.shownBody = bodyKey;
      replace(this.body, ...shown.map((r) => this.row(r)));
    }
    const pagerKey = `${first}|${sorted.length}`;
    if (pagerKey === this.shownPager) return;
    this.shownPager = pagerKey;
    replace(
      this.pager,
      pages > 1 ? `Rows ${first + 1}–${Math.min(sorted.length, first + PAGE_ROWS)} of ${sorted.length} ` : '',
      pages > 1 ? button('‹ Previous', () => this.goTo(this.page - 1), 'small') : null,
      pages > 1 ? button('Next ›', () => this.goTo(this.page + 1), 'small') : null,
    );
  }

  /** A point's row is built once: a result never changes after it is recorded. */
  private rows(): ResultRow[] {
    return this.points.map((p) => {
      let r = this.rowCache.get(p);
      if (!r) this.rowCache.set(p, (r = resultRow(p)));
      return r;
    });
  }

  private goTo(page: number): void {
    this.page = Math.max(0, page);
    this.render();
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
