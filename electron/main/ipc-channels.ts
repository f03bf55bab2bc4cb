import { z } from 'zod';
import { errorInfoSchema } from '../contract/errors';

/**
 * The IPC channels between main and preload: the only place their names are written. Everything else derives
 * from the contract (electron/contract/app-api.ts). Pure data: imported by main and bundled into the preload.
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

/** What `infermeter:call` answers: errors travel as data, because Electron flattens thrown errors to a string. */
export const callReplySchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);
export type CallReply = z.infer<typeof callReplySchema>;

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
