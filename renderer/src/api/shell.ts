import type { InfermeterShell as DesktopShell, MenuCommand, PickedFile } from '../../../electron/contract/shell';

/**
 * The desktop shell's extras beside the contract API, as `window.infermeterShell` (declared once in
 * electron/contract/shell.ts, which the Electron preload implements): native dialogs, saving files, dropped files'
 * paths and menu commands. Every member optional here: browser mode has no shell, and the views fall back to a
 * path field, <input type=file> and downloads.
 */
export type InfermeterShell = Partial<DesktopShell>;
export type ShellFile = PickedFile;
export type ShellMenuCommand = MenuCommand;

export function getShell(): InfermeterShell {
  return window.infermeterShell ?? {};
}
