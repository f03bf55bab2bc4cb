import type { CheckReport } from '../../../electron/contract/check';
import { facts, h, table } from '../dom';
import { CHECK_COLUMNS, checkFacts, checkTableRows } from '../view-models/check-table';
import { badge, section } from './widgets';

/** The check table alone: every output of every provider × precision against its reference. */
export function checkTable(report: CheckReport): HTMLElement {
  const rows = checkTableRows(report).map((r) => CHECK_COLUMNS.map((c, i) => (i === CHECK_COLUMNS.length - 1 ? badge(c.cell(r), r.pass ? 'valid' : 'failed') : c.cell(r))));
  return h(
    'div',
    { attrs: { 'data-testid': 'check-table' } },
    facts(checkFacts(report)),
    report.warnings.length ? h('ul', { class: 'warnings' }, ...report.warnings.map((w) => h('li', null, w))) : null,
    table(CHECK_COLUMNS.map((c) => c.label), rows),
  );
}

/** The results view's section for a run measured with a data folder; null for a run without one. */
export function checkSection(report: CheckReport | null): HTMLElement | null {
  if (!report) return null;
  return section('Reference check (outputs against the data folder’s references)', checkTable(report));
}
