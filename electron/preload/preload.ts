// The sandboxed preload: exposes the contract's API as window.infermeter, and the desktop's extras (dialogs, dropped
// files, menu commands) as window.infermeterShell; nothing else. Bundled with its
// imports (zod, the contract) by scripts/build-preload.js, because a sandboxed preload can only require 'electron'.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { appEventSchema, appMethods, isAppMethod, type AppEvent, type AppMethod, type AppParams, type AppResult, type InfermeterApi } from '../contract/app-api';
import type { ErrorInfo } from '../contract/errors';
import { IPC, callReplySchema, menuCommandSchema, pickedFileSchema, type InfermeterShell, type MenuCommand } from '../contract/shell';

/**
 * Rejections carry the contract's ErrorInfo as a plain object: contextBridge copies an Error's message only, so its
 * code (which the renderer shows and acts on) would be lost. renderer/src/api/errors.ts reads either form.
 */
function fail(info: ErrorInfo): never {
  throw info;
}

async function call<M extends AppMethod>(method: M, params: AppParams<M>): Promise<AppResult<M>> {
  // Refuse here what main would refuse anyway: nothing off the contract leaves the page.
  if (typeof method !== 'string' || !isAppMethod(method)) fail({ code: 'bad-input', message: `unknown method ${JSON.stringify(method)}` });
  const reply = callReplySchema.safeParse(await ipcRenderer.invoke(IPC.call, { method, params }));
  if (!reply.success) fail({ code: 'internal', message: `${method}: the main process answered off the contract` });
  if (!reply.data.ok) fail(reply.data.error);
  const result = appMethods[method].result.safeParse(reply.data.result);
  if (!result.success) fail({ code: 'internal', message: `${method}: the answer is off the contract (${result.error.issues[0]?.message ?? 'invalid'})` });
  return result.data as AppResult<M>;
}

function listen<T>(channel: string, parse: (raw: unknown) => T | null, listener: (value: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, raw: unknown): void => {
    const value = parse(raw);
    if (value !== null) listener(value);
  };
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const api: InfermeterApi = {
  call,
  subscribe: (listener: (event: AppEvent) => void) => listen(IPC.event, (raw) => appEventSchema.safeParse(raw).data ?? null, listener),
};

const shell: InfermeterShell = {
  onMenuCommand: (listener: (command: MenuCommand) => void) => listen(IPC.menu, (raw) => menuCommandSchema.safeParse(raw).data ?? null, listener),
  pickModelFile: async () => {
    const path: unknown = await ipcRenderer.invoke(IPC.pickModelFile);
    return typeof path === 'string' ? path : null;
  },
  pickRunFile: async () => {
    const file: unknown = await ipcRenderer.invoke(IPC.pickRunFile);
    return file === null ? null : pickedFileSchema.parse(file);
  },
  saveFile: async (file) => {
    const saved: unknown = await ipcRenderer.invoke(IPC.saveFile, pickedFileSchema.parse(file));
    return typeof saved === 'string' ? saved : null;
  },
  // A dropped File's path on disk ('' for files that have none, such as ones made in the page).
  pathForFile: (file) => webUtils.getPathForFile(file) || null,
};

contextBridge.exposeInMainWorld('infermeter', api);
contextBridge.exposeInMainWorld('infermeterShell', shell);
