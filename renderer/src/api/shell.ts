/**
 * Optional extras a native shell exposes beside the contract API, as `window.infermeterShell` (the Electron
 * preload: electron/preload/desktop-api.ts): native dialogs, saving files, dropped files' paths and menu commands.
 * Declared here structurally (the renderer imports nothing from electron/), every member optional: browser mode
 * has no shell, and the views fall back to a path field, <input type=file> and downloads.
 */
export interface ShellFile {
  fileName: string;
  content: string;
}

export type ShellMenuCommand = { kind: 'open-model'; path: string } | { kind: 'import-run'; file: ShellFile } | { kind: 'export-run' };

export interface InfermeterShell {
  /** Opens a native "Open model" dialog; resolves to the chosen path, or null when cancelled. */
  pickModelFile?(): Promise<string | null>;
  /** Opens a native dialog for a run file made elsewhere; its name and text, or null. */
  pickRunFile?(): Promise<ShellFile | null>;
  /** A native save dialog, then writes the text; the saved path, or null when cancelled. */
  saveFile?(file: ShellFile): Promise<string | null>;
  /** The file-system path of a File dropped on the window (Electron's webUtils.getPathForFile). */
  pathForFile?(file: File): string | null;
  /** File-menu commands; returns an unsubscribe. */
  onMenuCommand?(listener: (command: ShellMenuCommand) => void): () => void;
}

export function getShell(): InfermeterShell {
  return window.infermeterShell ?? {};
}
