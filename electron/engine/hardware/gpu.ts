import * as si from 'systeminformation';
import type { GpuInfo } from '../../contract/hardware';
import { mergeGpus, parseCudaVersion, parseNvidiaSmiCsv, parseNvidiaSmiMemoryUsed } from './gpu-parse';
import { runText, settleWithin } from './run-text';

const SMI_TIMEOUT_MS = 5000;
const SI_TIMEOUT_MS = 10_000;
const SMI_QUERY = '--query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu';

async function nvidiaSmiGpus(): Promise<GpuInfo[]> {
  const query = await runText('nvidia-smi', [SMI_QUERY, '--format=csv,noheader,nounits'], SMI_TIMEOUT_MS);
  if (!query.ok) return [];
  const header = await runText('nvidia-smi', [], SMI_TIMEOUT_MS);
  return parseNvidiaSmiCsv(query.stdout, header.ok ? parseCudaVersion(header.stdout) : null);
}

/** Every GPU found: NVIDIA ones from nvidia-smi when it runs, the rest from systeminformation. Never throws. */
export async function detectGpus(): Promise<GpuInfo[]> {
  const [smi, graphics] = await Promise.all([nvidiaSmiGpus(), settleWithin(si.graphics(), SI_TIMEOUT_MS, null)]);
  return mergeGpus(smi, graphics?.controllers ?? []);
}

/**
 * GPU memory in use now, in bytes, from nvidia-smi: on one GPU when `deviceIndex` is given, else summed
 * over all of them. Counts every process on the GPU, not only ours. null without a working nvidia-smi.
 */
export async function nvidiaGpuMemoryUsedBytes(deviceIndex?: number): Promise<number | null> {
  const args = ['--query-gpu=memory.used', '--format=csv,noheader,nounits'];
  if (deviceIndex !== undefined) args.push(`--id=${deviceIndex}`);
  const out = await runText('nvidia-smi', args, SMI_TIMEOUT_MS);
  if (!out.ok) return null;
  const used = parseNvidiaSmiMemoryUsed(out.stdout);
  return used.length === 0 ? null : used.reduce((a, b) => a + b, 0);
}
