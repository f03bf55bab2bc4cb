import type { MenuItemConstructorOptions } from 'electron';

export type MenuActions = { openModel(): void; importRun(): void; exportRun(): void };
export type MenuOptions = { isMac: boolean; dev: boolean; actions: MenuActions };

/** The application menu: the platform's usual roles and shortcuts, plus the app's file commands. */
export function menuTemplate({ isMac, dev, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Model…', accelerator: 'CmdOrCtrl+O', click: () => actions.openModel() },
      { label: 'Import Run…', accelerator: 'CmdOrCtrl+I', click: () => actions.importRun() },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportRun() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(dev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About infermeter', role: 'about' }],
  };
  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
