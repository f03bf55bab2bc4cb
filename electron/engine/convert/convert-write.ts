// Writing a converted model: refuse paths that would clobber the source or cannot be a file, then temp + rename so
// no reader ever sees a partial file under the final name.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { badInput } from '../errors';
import { checkOutputDir } from '../results/output-dir';

/** Checks the output path before any work is done; returns it absolute. */
export async function checkOutputPath(outPath: string, sourcePath: string): Promise<string> {
  if (outPath.trim() === '') throw badInput('-o: give the path of the .onnx file to write');
  const absolute = path.resolve(outPath);
  if (absolute === path.resolve(sourcePath)) throw badInput(`-o ${outPath}: is the source model itself; write the converted model to another file`);
  const stat = await fs.promises.stat(absolute).catch(() => null);
  if (stat?.isDirectory()) throw badInput(`-o ${outPath}: is a directory; give a file name, e.g. ${path.join(outPath, 'model-fp16.onnx')}`);
  checkOutputDir(path.dirname(absolute), '-o');
  return absolute;
}

/** Writes `bytes` to `file` atomically, creating its folder. */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(temp, bytes);
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw badInput(`-o ${file}: cannot write the converted model (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose a writable path`);
  }
}
