// Converted models are written as one self-contained file: tensors the source keeps in external data files are read
// into the model first (the converters need their values anyway, and FP16/INT8 halve or quarter them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { badInput } from '../errors';
import { onnx } from '../model/onnx-proto';
import { walkTensors } from '../model/graph-walk';
import { externalEntries, isExternal, tensorByteSize } from '../model/tensor-data';

/**
 * Reads every external tensor's bytes into its raw_data, in place. loadModelFile has already checked that each
 * location stays inside the model's folder and that the file is long enough. Returns how many tensors were inlined.
 */
export async function inlineExternalData(model: onnx.IModelProto, modelPath: string): Promise<number> {
  const dir = path.dirname(modelPath);
  const files = new Map<string, Buffer>();
  let count = 0;
  for (const t of walkTensors(model.graph ?? {})) {
    if (!isExternal(t)) continue;
    const entries = externalEntries(t);
    const location = entries.get('location') ?? '';
    let data = files.get(location);
    if (data === undefined) {
      try {
        data = await fs.promises.readFile(path.join(dir, location));
      } catch (error) {
        throw badInput(`${modelPath}: cannot read external data file '${location}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      files.set(location, data);
    }
    const offset = Number(entries.get('offset') ?? '0');
    const length = entries.has('length') ? Number(entries.get('length')) : tensorByteSize(t);
    t.rawData = new Uint8Array(data.subarray(offset, offset + length));
    t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
    t.externalData = [];
    count++;
  }
  return count;
}
