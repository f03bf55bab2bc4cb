import type { ProviderId } from '../../contract/hardware';
import type { CatalogAccelerator, CatalogInstance } from './catalog';
import type { RuntimeClass } from './overheads';

/**
 * Whether this model, measured through onnxruntime here, has a way to run on a target at all. Only targets with a
 * runtime path are projected and ranked: CPU instances through the CPU provider (from a CPU run), NVIDIA GPUs
 * through the CUDA provider (flagged: not measured, and TensorRT may be faster). Everything else needs a runtime
 * onnxruntime-node does not ship, and is listed with what it needs.
 */
export type RuntimePath =
  | { ok: true; runtime: RuntimeClass; label: string; flag: string | null; crossIsa: boolean }
  | { ok: false; needs: string };

/** The runtime each non-NVIDIA accelerator family needs, by vendor/kind (the catalog's own words). */
function neededRuntime(acc: CatalogAccelerator): string {
  const vendor = acc.vendor.toLowerCase();
  if (vendor === 'aws' && acc.kind === 'npu') return 'AWS Neuron SDK (torch-neuronx or the Neuron runtime; onnxruntime has no Neuron provider)';
  if (vendor === 'google') return 'XLA/PJRT for TPUs (onnxruntime has no TPU provider)';
  if (vendor === 'amd') return 'ROCm/MIGraphX provider (not in the onnxruntime-node build)';
  if (vendor === 'intel') return 'OpenVINO provider (not in the onnxruntime-node build)';
  if (vendor === 'apple') return 'CoreML provider on macOS (a Mac, not a cloud instance)';
  return `a runtime for the ${acc.name} (none in onnxruntime-node)`;
}

const isArm = (text: string) => /graviton|arm|neoverse|ampere altra|apple/i.test(text);

/**
 * The runtime path from a run on `sourceProvider` (on a CPU whose model is `sourceCpu`) to an instance.
 * `gpuRuntime` picks the NVIDIA provider to project through (the recommendation uses CUDA, the conservative one).
 */
export function runtimePath(
  instance: CatalogInstance,
  accelerator: CatalogAccelerator | undefined,
  sourceProvider: ProviderId,
  sourceCpu: string,
  gpuRuntime: 'cuda' | 'tensorrt' = 'cuda',
): RuntimePath {
  if (instance.accelerator_id === null) {
    if (sourceProvider !== 'cpu') return { ok: false, needs: `a CPU-provider run to project a CPU instance from (this run's numbers are ${sourceProvider})` };
    const targetArm = isArm(`${accelerator?.name ?? ''} ${accelerator?.vendor ?? ''} ${instance.id}`);
    const crossIsa = targetArm !== isArm(sourceCpu);
    return {
      ok: true, runtime: 'cpu', label: 'onnxruntime CPU provider', crossIsa,
      flag: crossIsa ? `projected across instruction sets (${targetArm ? 'x86 run onto an Arm CPU' : 'Arm run onto an x86 CPU'}): wider range` : null,
    };
  }
  if (!accelerator) return { ok: false, needs: `accelerator ${instance.accelerator_id} described in the catalog` };
  if (accelerator.vendor.toLowerCase() !== 'nvidia' || accelerator.kind !== 'gpu') return { ok: false, needs: neededRuntime(accelerator) };
  const label = gpuRuntime === 'cuda' ? 'onnxruntime CUDA provider' : 'onnxruntime TensorRT provider';
  return {
    ok: true, runtime: gpuRuntime, label, crossIsa: false,
    flag: `projected onto the GPU through the ${label} (install:cuda), from a CPU run: not measured on a GPU${gpuRuntime === 'cuda' ? '; the TensorRT provider is typically faster' : ''}`,
  };
}
