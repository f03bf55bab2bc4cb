import type { HardwareReport, ProviderId } from '../../contract/hardware';
import type { CatalogAccelerator, CatalogInstance } from './catalog';

const GPU_PROVIDERS: readonly ProviderId[] = ['cuda', 'tensorrt', 'webgpu', 'dml', 'coreml'];

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t !== '');
}

/** The word of a catalog name that identifies the part: the first with a digit ("T4", "A100", "8275CL", "7R13"). */
export function modelToken(name: string): string | null {
  return tokens(name.split('(')[0] ?? name).find((t) => /\d/.test(t) && !/^\d+gb$/.test(t)) ?? null;
}

function memoryGb(text: string): number | null {
  const m = /(\d+)\s*gb/i.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Simple normalised match of a detected device name against a catalog entry: the entry's model token must be a
 * whole word of the detected name ("NVIDIA A100-SXM4-40GB" has "a100"), and where both state a memory size
 * ("40GB") they must agree.
 */
export function namesMatch(detected: string, entry: CatalogAccelerator): boolean {
  const token = modelToken(entry.name);
  if (token === null || !tokens(detected).includes(token)) return false;
  const a = memoryGb(detected);
  const b = memoryGb(entry.name);
  return a === null || b === null || a === b;
}

/**
 * Which providers of a run measured this instance's hardware: a GPU instance is matched by a GPU of the run with
 * a GPU provider; a CPU-only instance by the run's CPU model on the CPU provider, and only with as many logical
 * cores as the instance has vCPUs (a bigger or smaller sibling is a different machine). Empty when none did.
 */
export function matchingProviders(hardware: HardwareReport, instance: CatalogInstance, accelerators: ReadonlyMap<string, CatalogAccelerator>): ProviderId[] {
  if (instance.accelerator_id !== null) {
    const acc = accelerators.get(instance.accelerator_id);
    if (!acc || !hardware.gpus.some((g) => namesMatch(g.model, acc))) return [];
    return [...GPU_PROVIDERS];
  }
  const cpu = instance.cpu_id ? accelerators.get(instance.cpu_id) : undefined;
  if (!cpu || !namesMatch(hardware.cpu.model, cpu) || hardware.cpu.logicalCores !== instance.vcpus) return [];
  return ['cpu'];
}
