import * as ort from 'onnxruntime-node';

/**
 * Output tensors to hand back to `session.run` as pre-allocated fetches, shaped like the outputs of a run that
 * already happened (so symbolic dims are resolved). Null when an output is not a plain CPU tensor: strings,
 * maps/sequences and device-resident outputs are left to onnxruntime.
 */
export function preallocatedFetches(outputs: ort.InferenceSession.ReturnType): Record<string, ort.Tensor> | null {
  const fetches: Record<string, ort.Tensor> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (!(value instanceof ort.Tensor) || value.location !== 'cpu' || value.type === 'string') return null;
    const data = value.data;
    if (Array.isArray(data)) return null;
    fetches[name] = new ort.Tensor(value.type, data.slice(), value.dims);
  }
  return fetches;
}
