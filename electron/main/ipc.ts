import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { AppEvent, AppMethod } from '../contract/app-api';
import { toErrorInfo } from '../engine/errors';
import { pickModelFile, pickRunFile, saveFile, type DialogMemory } from './dialogs';
import { IPC, pickedFileSchema, type CallReply, type MenuCommand } from '../contract/shell';
import { isAppUrl, validateCall } from './ipc-guard';

/** What main needs of the app service (electron/host/app-service.ts `reply`): the contract's two primitives. */
export interface AppBackend {
  /** A call the IPC guard has checked (params as parsed): its result checked against the contract, errors as data. */
  handle(method: AppMethod, params: unknown): Promise<CallReply>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export type IpcOptions = { backend: AppBackend; window: () => BrowserWindow | null; memory: DialogMemory };

function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  return event.senderFrame?.url;
}

function refuse(event: IpcMainInvokeEvent): Error | null {
  return isAppUrl(senderUrl(event)) ? null : new Error(`IPC refused: the sender ${senderUrl(event) ?? '(unknown)'} is not a page of the app`);
}

/**
 * The only raw IPC in main. Every invoke is checked for its sender (a page of the app) and its payload (the
 * contract) before it reaches the service; events go back as the service sends them. Returns a function that removes it all.
 */
export function registerIpc({ backend, window, memory }: IpcOptions): () => void {
  ipcMain.handle(IPC.call, async (event, payload: unknown): Promise<CallReply> => {
    const check = validateCall(senderUrl(event), payload);
    if (!check.ok) return { ok: false, error: check.error };
    try {
      return await backend.handle(check.method, check.params);
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  ipcMain.handle(IPC.pickModelFile, async (event) => {
    const refused = refuse(event);
    if (refused) throw refused;
    return pickModelFile(window(), memory);
  });
  ipcMain.handle(IPC.pickRunFile, async (event) => {
    const refused = refuse(event);
    if (refused) throw refused;
    return pickRunFile(window(), memory);
  });
  ipcMain.handle(IPC.saveFile, async (event, raw: unknown) => {
    const refused = refuse(event);
    if (refused) throw refused;
    return saveFile(window(), memory, pickedFileSchema.parse(raw));
  });

  // Progress arrives coalesced already (the service's ProgressCoalescer, the one place that does it).
  const unsubscribe = backend.subscribe((appEvent) => {
    const win = window();
    if (win && !win.isDestroyed() && isAppUrl(win.webContents.getURL())) win.webContents.send(IPC.event, appEvent);
  });

  return () => {
    unsubscribe();
    for (const channel of [IPC.call, IPC.pickModelFile, IPC.pickRunFile, IPC.saveFile]) ipcMain.removeHandler(channel);
  };
}

export function sendMenuCommand(win: BrowserWindow | null, command: MenuCommand): void {
  if (win && !win.isDestroyed() && isAppUrl(win.webContents.getURL())) win.webContents.send(IPC.menu, command);
}
