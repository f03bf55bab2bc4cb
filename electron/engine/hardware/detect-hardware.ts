import * as ort from 'onnxruntime-node';
import type { HardwareReport } from '../../contract/hardware';
import { appVersion } from '../app-info';
import { detectCpu } from './cpu';
import { detectGpus } from './gpu';
import { measureInt8Speed } from './int8-speed';
import { detectMemory, detectOs, detectPowerSource } from './memory-os';
import { probeProviders, providersWithoutProbing } from './providers';

/**
 * Everything about this machine that a benchmark result needs to be reproducible. With `probeProviders`
 * each execution provider is tried with a tiny session (seconds, GPU drivers initialise); without it the
 * providers say only what is certain without a session and 'not-probed' for the rest. Never throws for
 * missing tools (nvidia-smi, lscpu, sysctl): what cannot be read is null or 'unknown'.
 */
export async function detectHardware(options: { probeProviders: boolean }): Promise<HardwareReport> {
  const detectedAt = new Date().toISOString();
  const [cpu, memory, os, powerSource, gpus] = await Promise.all([detectCpu(), detectMemory(), detectOs(), detectPowerSource(), detectGpus()]);
  // Probing after the rest, so driver initialisation does not slow or disturb the other readings.
  const providers = options.probeProviders ? await probeProviders() : providersWithoutProbing();
  const int8Speed = options.probeProviders ? await measureInt8Speed().catch(() => null) : null;
  return {
    schemaVersion: 1,
    detectedAt,
    cpu,
    memory,
    os,
    powerSource,
    gpus,
    software: {
      onnxruntime: ort.env.versions.node ?? ort.env.versions.common,
      node: process.version,
      app: appVersion(),
    },
    providers,
    int8Speed,
  };
}
