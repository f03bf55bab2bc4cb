import assert from 'node:assert/strict';
import { test } from 'node:test';
import { menuTemplate } from '../../../electron/main/menu';

type Item = { label?: string; role?: string; accelerator?: string; submenu?: unknown; click?: unknown };

function items(menu: Item | undefined): Item[] {
  return Array.isArray(menu?.submenu) ? (menu.submenu as Item[]) : [];
}

function build(isMac: boolean, dev: boolean) {
  const calls: string[] = [];
  const template = menuTemplate({
    isMac,
    dev,
    actions: { openModel: () => calls.push('open'), importRun: () => calls.push('import'), exportRun: () => calls.push('export') },
  }) as Item[];
  return { template, calls };
}

test('File has Open Model… on Cmd/Ctrl+O, Import Run…, Export… and Quit, each wired to its action', () => {
  const { template, calls } = build(false, false);
  const file = items(template.find((m) => m.label === 'File'));
  const open = file.find((i) => i.label === 'Open Model…');
  assert.equal(open?.accelerator, 'CmdOrCtrl+O');
  for (const label of ['Open Model…', 'Import Run…', 'Export…']) (file.find((i) => i.label === label)?.click as () => void)();
  assert.deepEqual(calls, ['open', 'import', 'export']);
  assert.ok(file.some((i) => i.role === 'quit'));
  assert.deepEqual(template.map((m) => m.label ?? m.role), ['File', 'editMenu', 'View', 'windowMenu', 'help']);
});

test('reload and devtools only in development; zoom always', () => {
  const roles = (dev: boolean) => items(build(false, dev).template.find((m) => m.label === 'View')).map((i) => i.role);
  assert.ok(!roles(false).includes('reload') && !roles(false).includes('toggleDevTools'));
  assert.ok(roles(true).includes('reload') && roles(true).includes('toggleDevTools'));
  for (const dev of [false, true]) for (const zoom of ['resetZoom', 'zoomIn', 'zoomOut']) assert.ok(roles(dev).includes(zoom));
});

test('macOS gets the app menu first, and File closes the window rather than quitting', () => {
  const { template } = build(true, false);
  assert.equal(template[0]?.role, 'appMenu');
  const file = items(template.find((m) => m.label === 'File'));
  assert.ok(file.some((i) => i.role === 'close') && !file.some((i) => i.role === 'quit'));
});
