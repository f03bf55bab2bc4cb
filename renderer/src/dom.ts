import { getShell } from './api/shell';

/** A tiny DOM builder: elements from data, text always as text (never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false;

type Handlers = { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };

export interface Props {
  class?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Handlers;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  for (const [k, v] of Object.entries(props?.attrs ?? {})) el.setAttribute(k, v);
  for (const [type, handler] of Object.entries(props?.on ?? {})) el.addEventListener(type, handler as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, ...children);
}

/** A table from header labels and rows of cells. */
export function table(headers: string[], rows: Child[][], className = 'data'): HTMLTableElement {
  return h('table', { class: className }, h('thead', null, h('tr', null, ...headers.map((x) => h('th', null, x)))), h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))));
}

/** Definition list of label → value pairs. */
export function facts(pairs: Array<[string, Child]>): HTMLDListElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of pairs) append(dl, h('dt', null, k), h('dd', null, v));
  return dl;
}

export function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  return h('button', { class: className, attrs: { type: 'button' }, on: { click: onClick } }, label);
}

/** What the user sees where content will be: a heading and a sentence saying what to do. */
export function emptyState(title: string, text: string, ...actions: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('h3', null, title), h('p', null, text), ...actions);
}

export function spinner(text: string): HTMLElement {
  return h('div', { class: 'busy', attrs: { role: 'status' } }, h('span', { class: 'spin' }), text);
}

/** Saves text or a blob: through the desktop shell's save dialog where there is one for text, else as a download. */
export function download(fileName: string, content: Blob | string, type = 'text/plain'): void {
  const shell = getShell();
  if (typeof content === 'string' && shell.saveFile) {
    void shell.saveFile({ fileName, content });
    return;
  }
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = h('a', { attrs: { href: url, download: fileName } });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
