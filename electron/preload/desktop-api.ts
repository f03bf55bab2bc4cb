import type { MenuCommand, PickedFile } from '../main/ipc-channels';

/**
 * `window.infermeterShell` in the desktop app: what only a desktop has, beside `window.infermeter` (the contract's
 * InfermeterApi, the same in both shells). Browser mode has no shell object; the renderer checks before use
 * (renderer/src/api/shell.ts declares the subset it uses).
 */
export interface InfermeterShell {
  /** The native open dialog for a model; the chosen path, or null when cancelled. */
  pickModelFile(): Promise<string | null>;
  /** The native open dialog for a run made elsewhere (.csv/.json); its name and text, ready for importRun. */
  pickRunFile(): Promise<PickedFile | null>;
  /** The native save dialog, then writes the text (e.g. an exportRun result); the saved path, or null. */
  saveFile(file: PickedFile): Promise<string | null>;
  /** The path on disk of a File dropped on the page (drag-and-drop of a .onnx); null for files with none. */
  pathForFile(file: File): string | null;
  /** File menu commands (Open Model…, Import Run…, Export…); returns an unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
