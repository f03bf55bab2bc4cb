import * as os from 'node:os';
import type { HardwareReport } from '../../contract/hardware';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, RunRecord } from '../../contract/run';
import { appInfo } from '../app-info';

/** Said in the model and hardware of a run that ended before the engine described them. */
export const UNSTARTED_NOTE = 'the run stopped before the engine read the model and probed the machine';

/**
 * The machine as the host sees it without the engine (no provider probed, no CPU feature read): what a run that
 * ended before it started records, so it is still listed with the machine it was tried on.
 */
export function hostOnlyHardware(detectedAt: string): HardwareReport {
  const cpus = os.cpus();
  const features = { avx2: false, avx512f: false, avx512vnni: false, avxVnni: false, avx512bf16: false, avx512fp16: false, amx: false, f16c: false, fma: false, neon: false, dotprod: false, armFp16: false, i8mm: false };
  return {
    schemaVersion: 1,
    detectedAt,
    cpu: { vendor: '', model: cpus[0]?.model.trim() ?? '', arch: os.arch(), physicalCores: cpus.length, logicalCores: cpus.length, baseClockGHz: null, maxClockGHz: null, cacheBytes: { l1d: null, l1i: null, l2: null, l3: null }, features, flags: [] },
    memory: { totalBytes: os.totalmem(), availableBytes: os.freemem() },
    os: { platform: os.platform(), distro: '', release: os.release(), kernel: os.release(), arch: os.arch(), hostname: os.hostname() },
    powerSource: 'unknown',
    gpus: [],
    software: { onnxruntime: '', node: process.versions.node, app: appInfo().version },
    providers: [],
  };
}

/** The model of a run that ended before the engine read it: its path and nothing else. */
export function unreadModel(options: BenchOptions): ModelInfo {
  return {
    path: options.modelPath, fileBytes: 0, sha256: '', irVersion: 0, producer: '', opsets: [], inputs: [], outputs: [], nodeCount: 0, opHistogram: {},
    parameterCount: 0, parameterBytes: 0, externalData: [],
    batch: { kind: 'none', dimName: null, inputs: [], reason: UNSTARTED_NOTE },
    cost: { flopsPerSample: 0, bytesPerSample: 0, flopsByOp: {}, unestimatedOps: [], method: UNSTARTED_NOTE },
    warnings: [UNSTARTED_NOTE],
  };
}

/** True for the record of a run that ended before the engine described it (its model and machine are stand-ins). */
export function endedBeforeStart(record: RunRecord): boolean {
  return record.model.batch.reason === UNSTARTED_NOTE;
}
