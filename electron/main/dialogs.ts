import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import { badInput } from '../engine/errors';
import type { PickedFile } from '../contract/shell';

/** Run files are text (CSV/JSON); anything larger is not one of ours. */
const MAX_RUN_FILE_BYTES = 256 * 1024 * 1024;

export type DialogMemory = { lastModelDir?: string | undefined; lastRunDir?: string | undefined };

export async function pickModelFile(win: BrowserWindow | null, memory: DialogMemory): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open an ONNX model',
    properties: ['openFile'],
    filters: [{ name: 'ONNX models', extensions: ['onnx'] }, { name: 'All files', extensions: ['*'] }],
    ...(memory.lastModelDir ? { defaultPath: memory.lastModelDir } : {}),
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const file = result.canceled ? undefined : result.filePaths[0];
  if (!file) return null;
  memory.lastModelDir = dirname(file);
  return file;
}

export async function pickRunFile(win: BrowserWindow | null, memory: DialogMemory): Promise<PickedFile | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import a run made on another machine',
    properties: ['openFile'],
    filters: [{ name: 'infermeter runs', extensions: ['csv', 'json'] }],
    ...(memory.lastRunDir ? { defaultPath: memory.lastRunDir } : {}),
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const file = result.canceled ? undefined : result.filePaths[0];
  if (!file) return null;
  memory.lastRunDir = dirname(file);
  const size = (await stat(file)).size;
  if (size > MAX_RUN_FILE_BYTES) throw badInput(`${file}: ${size} bytes is too large for a run file; pick the .csv or .json infermeter wrote`);
  return { fileName: basename(file), content: await readFile(file, 'utf8') };
}

export async function saveFile(win: BrowserWindow | null, memory: DialogMemory, file: PickedFile): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: 'Export',
    defaultPath: memory.lastRunDir ? `${memory.lastRunDir}/${basename(file.fileName)}` : basename(file.fileName),
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, file.content);
  memory.lastRunDir = dirname(result.filePath);
  return result.filePath;
}
