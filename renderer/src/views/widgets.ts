import type { ErrorInfo } from '../../../electron/contract/errors';
import { facts, h } from '../dom';

const TITLES: Record<ErrorInfo['code'], string> = {
  'bad-input': 'Check the input',
  'engine-crashed': 'The engine crashed',
  'points-not-valid': 'Some points are not valid',
  cancelled: 'Cancelled',
  internal: 'Something went wrong',
};

/** An error as the user should read it: what happened and what to do (the message), details folded away. */
export function errorBox(error: ErrorInfo): HTMLElement {
  return h(
    'div',
    { class: 'error', attrs: { role: 'alert' } },
    h('strong', null, TITLES[error.code]),
    h('p', null, error.message),
    error.detail ? h('details', null, h('summary', null, 'Details'), h('pre', null, error.detail)) : null,
  );
}

/** Long text clamped to three lines; a click (or Enter) shows it whole, and back. */
export function expandable(text: string, what: string): HTMLElement {
  const el = h('div', { class: 'clamp', attrs: { tabindex: '0', role: 'button', 'aria-expanded': 'false', 'aria-label': `${what}: click to show all` } }, text);
  const toggle = () => el.setAttribute('aria-expanded', String(el.classList.toggle('expanded')));
  el.addEventListener('click', toggle);
  el.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), toggle()));
  return el;
}

export function badge(text: string, kind: string): HTMLElement {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function section(title: string, ...children: Array<Node | null>): HTMLElement {
  const s = h('section', { class: 'card' }, h('h2', null, title));
  for (const c of children) if (c) s.appendChild(c);
  return s;
}

/** Writes text only when it differs: an unchanged write still costs a layout of everything around it. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A label → value list whose values update in place (while a run streams, the header changes every frame). */
export function liveFacts(labels: readonly string[]): { element: HTMLDListElement; update: (values: readonly string[]) => void } {
  const cells = labels.map(() => h('span'));
  const element = facts(labels.map((label, i) => [label, cells[i]]));
  return { element, update: (values) => cells.forEach((cell, i) => setText(cell, values[i] ?? '')) };
}
