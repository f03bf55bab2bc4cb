// Pure parsers for GPU information; the commands and systeminformation calls that feed them are in gpu.ts.
import type { GpuInfo } from '../../contract/hardware';

const MIB = 1024 * 1024;

/**
 * A number from nvidia-smi's CSV, with or without `nounits` ("631.95" or "631.95 W", "19818 MiB", "1980 MHz",
 * "100 %"); "[N/A]", "N/A", "[Not Supported]", "[Requested functionality has been deprecated]" and blanks are null.
 */
export function smiNumber(text: string | undefined): number | null {
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:W|MiB|MHz|%|mJ))?$/.exec((text ?? '').trim());
  return m ? Number(m[1]) : null;
}

function mibToBytes(mib: number | null): number | null {
  return mib === null ? null : Math.round(mib * MIB);
}

/**
 * Parses the output of
 * `nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits`:
 * one line per GPU, memory in MiB. The name is everything before the last four fields, so a comma in it is harmless.
 */
export function parseNvidiaSmiCsv(text: string, cudaVersion: string | null = null): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 5) continue;
    const [driver, total, used, util] = fields.slice(-4);
    const name = fields.slice(0, -4).join(', ');
    if (name.length === 0) continue;
    gpus.push({
      vendor: 'NVIDIA',
      model: name,
      vramBytes: mibToBytes(smiNumber(total)),
      driver: driver && !driver.startsWith('[') ? driver : null,
      cudaVersion,
      utilizationPercent: smiNumber(util),
      memoryUsedBytes: mibToBytes(smiNumber(used)),
      source: 'nvidia-smi',
    });
  }
  return gpus;
}

/** The CUDA version the driver supports, from plain `nvidia-smi`'s header ("CUDA Version: 12.4"). */
export function parseCudaVersion(text: string): string | null {
  const m = /CUDA Version\s*:\s*(\d+(?:\.\d+)*)/i.exec(text);
  return m ? (m[1] ?? null) : null;
}

/** Per-GPU numbers in MiB, one per line (`--query-gpu=memory.used --format=csv,noheader,nounits`), in bytes. */
export function parseNvidiaSmiMemoryUsed(text: string): number[] {
  return text
    .split(/\r?\n/)
    .map((l) => smiNumber(l))
    .filter((n): n is number => n !== null)
    .map((mib) => Math.round(mib * MIB));
}

/** The fields of a systeminformation graphics controller that we read. */
export interface ControllerLike {
  vendor?: string;
  model?: string;
  name?: string;
  vram?: number | null;
  vramDynamic?: boolean;
  driverVersion?: string;
  memoryUsed?: number;
  utilizationGpu?: number;
}

/**
 * GPUs from systeminformation controllers, with nvidia-smi's view of NVIDIA GPUs taking precedence
 * (it knows the driver, CUDA, memory in use and utilisation). Shared-memory GPUs (vramDynamic) have
 * no dedicated VRAM, so theirs is null rather than a slice of system memory.
 */
export function mergeGpus(fromSmi: GpuInfo[], controllers: ControllerLike[]): GpuInfo[] {
  const fromSi: GpuInfo[] = controllers
    .filter((c) => !(fromSmi.length > 0 && /nvidia/i.test(`${c.vendor ?? ''} ${c.model ?? ''}`)))
    .map((c) => ({
      vendor: c.vendor?.trim() || 'unknown',
      model: c.model?.trim() || c.name?.trim() || 'unknown',
      vramBytes: !c.vramDynamic && typeof c.vram === 'number' && c.vram > 0 ? Math.round(c.vram * MIB) : null,
      driver: c.driverVersion?.trim() || null,
      cudaVersion: null,
      utilizationPercent: typeof c.utilizationGpu === 'number' ? c.utilizationGpu : null,
      memoryUsedBytes: typeof c.memoryUsed === 'number' ? Math.round(c.memoryUsed * MIB) : null,
      source: 'systeminformation' as const,
    }));
  return [...fromSmi, ...fromSi];
}
