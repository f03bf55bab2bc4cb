import { z } from 'zod';
import { callReplySchema, type CallReply } from './rpc';

/**
 * The desktop shell's contract: the IPC channels between main and preload (the only place their names are
 * written), the shell API beside `window.infermeter`, and its data. Declared once: main and the preload implement
 * it, the renderer derives its optional view of it (renderer/src/api/shell.ts).
 */
export const IPC = {
  /** invoke: { method, params } → CallReply */
  call: 'infermeter:call',
  /** main → renderer: one AppEvent */
  event: 'infermeter:event',
  /** main → renderer: a MenuCommand */
  menu: 'infermeter:menu',
  /** invoke: () → string | null */
  pickModelFile: 'infermeter:pick-model-file',
  /** invoke: () → PickedFile | null */
  pickRunFile: 'infermeter:pick-run-file',
  /** invoke: PickedFile → saved path | null */
  saveFile: 'infermeter:save-file',
} as const;

/** What `infermeter:call` answers: the contract's reply (rpc.ts); errors travel as data, because Electron flattens thrown errors to a string. */
export { callReplySchema, type CallReply };

/** A text file read or written through a native dialog. */
export const pickedFileSchema = z.object({ fileName: z.string().min(1), content: z.string() });
export type PickedFile = z.infer<typeof pickedFileSchema>;

/** Menu items the renderer acts on (the dialog, where there is one, already ran in main). */
export const menuCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open-model'), path: z.string() }),
  z.object({ kind: z.literal('import-run'), file: pickedFileSchema }),
  z.object({ kind: z.literal('export-run') }),
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

/**
 * `window.infermeterShell` in the desktop app: what only a desktop has, beside `window.infermeter` (the contract's
 * InfermeterApi, the same in both shells). Browser mode has no shell object; the renderer checks before use
 * (renderer/src/api/shell.ts derives its optional view of it).
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
