// The app's device list: the GPUs a run's CUDA / TensorRT / DirectML points can be placed on, as `bench --device`
// numbers them (nvidia-smi's index; the engine runs CUDA in the same PCI bus order).
import { DEVICE_PROVIDERS, type GpuInfo, type ProviderId } from '../../../electron/contract/hardware';
import { formatBytes } from './format';

export interface DeviceChoice {
  index: number;
  label: string;
}

/** NVIDIA GPUs from nvidia-smi, in its order (the hardware listing keeps it); other GPUs have no index we can pass. */
export function deviceChoices(gpus: readonly GpuInfo[]): DeviceChoice[] {
  return gpus
    .filter((g) => g.source === 'nvidia-smi')
    .map((g, index) => ({ index, label: `GPU ${index}: ${g.model}${g.vramBytes ? `, ${formatBytes(g.vramBytes)}` : ''}` }));
}

/** The saved choice, less GPUs this machine does not have. */
export function restoreDevices(saved: readonly number[], choices: readonly DeviceChoice[]): number[] {
  return saved.filter((d) => choices.some((c) => c.index === d));
}

/** The run's `devices` option, or why the choice cannot run: chosen GPUs need a provider that takes a device. */
export function devicesOption(devices: readonly number[], providers: readonly ProviderId[]): { devices?: number[] } | string {
  if (devices.length === 0) return {};
  if (!providers.some((p) => DEVICE_PROVIDERS.has(p))) {
    return 'GPUs are chosen, but none of the chosen providers runs on a chosen GPU: pick CUDA or TensorRT (WebGPU picks its own adapter), or clear the GPUs.';
  }
  return { devices: [...new Set(devices)].sort((a, b) => a - b) };
}
