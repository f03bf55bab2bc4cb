import type { CpuFeatures, HardwareReport } from '../../contract/hardware';
import { formatBytes } from '../../../common/units';
import { padTable } from './text-table';

/** Display names, in the order they are listed. */
const featureLabels: [keyof CpuFeatures, string][] = [
  ['avx2', 'AVX2'],
  ['fma', 'FMA'],
  ['f16c', 'F16C'],
  ['avxVnni', 'AVX-VNNI'],
  ['avx512f', 'AVX-512'],
  ['avx512vnni', 'AVX512-VNNI'],
  ['avx512bf16', 'AVX512-BF16'],
  ['avx512fp16', 'AVX512-FP16'],
  ['amx', 'AMX'],
  ['neon', 'NEON'],
  ['dotprod', 'DotProd'],
  ['armFp16', 'FP16'],
  ['i8mm', 'I8MM'],
];

function ghz(value: number | null): string {
  return value === null ? 'unknown' : `${value.toFixed(2)} GHz`;
}

export function featureList(features: CpuFeatures): string {
  const names = featureLabels.filter(([key]) => features[key]).map(([, label]) => label);
  return names.length > 0 ? names.join(' ') : 'none of note';
}

const times = (x: number): string => `${x.toFixed(2)}×`;

/** The INT8 path of the CPU, and what INT8 gains over FP32 here with each weight encoding, when measured. */
export function int8Rows(report: Pick<HardwareReport, 'cpu' | 'int8Speed'>): string[][] {
  const path = report.cpu.int8;
  if (path === undefined) return [];
  const rows = [['  INT8 path', `${path.kernel}: ${path.summary}`]];
  const speed = report.int8Speed;
  if (speed) {
    const used = speed[path.weightEncoding];
    const verdict = used < 1
      ? `INT8 does not pay on this CPU: FP32 is ${times(1 / used)} faster with the weights INT8 variants made here use`
      : `INT8 variants made here run ${times(used)} FP32 on this product`;
    rows.push([
      '  INT8 speed',
      `${times(speed.s8)} FP32 with int8 weights (${times(speed.spread.s8[0])}–${times(speed.spread.s8[1])}), ${times(speed.u8)} with uint8 weights ` +
        `(${times(speed.spread.u8[0])}–${times(speed.spread.u8[1])}); ${verdict}. Method: ${speed.method}`,
    ]);
  }
  return rows;
}

function cpuRows(cpu: HardwareReport['cpu']): string[][] {
  const c = cpu.cacheBytes;
  return [
    ['CPU', `${cpu.model} (${cpu.vendor}, ${cpu.arch})`],
    ['  cores', `${cpu.physicalCores} physical, ${cpu.logicalCores} logical`],
    ['  clock', `${ghz(cpu.baseClockGHz)} base, ${ghz(cpu.maxClockGHz)} max`],
    ['  cache', `L1d ${formatBytes(c.l1d)}, L1i ${formatBytes(c.l1i)}, L2 ${formatBytes(c.l2)}, L3 ${formatBytes(c.l3)} (per core's view)`],
    ['  features', featureList(cpu.features)],
  ];
}

function gpuRows(gpus: HardwareReport['gpus']): string[][] {
  if (gpus.length === 0) return [['GPUs', 'none found']];
  return gpus.map((g, i) => {
    const parts = [`${g.vendor} ${g.model}`.trim(), `VRAM ${formatBytes(g.vramBytes)}`];
    if (g.driver) parts.push(`driver ${g.driver}`);
    if (g.cudaVersion) parts.push(`CUDA ${g.cudaVersion}`);
    if (g.memoryUsedBytes !== null) parts.push(`${formatBytes(g.memoryUsedBytes)} in use`);
    if (g.utilizationPercent !== null) parts.push(`${g.utilizationPercent}% busy`);
    parts.push(`from ${g.source}`);
    return [i === 0 ? 'GPUs' : '', parts.join(', ')];
  });
}

function providerDetail(p: HardwareReport['providers'][number]): string {
  if (p.available) return '';
  return p.remedy ? `${p.reason ?? ''} → ${p.remedy}` : (p.reason ?? '');
}

/** The report as plain-text tables for a terminal: machine first, then which execution providers work. */
export function formatHardware(report: HardwareReport): string {
  const os = report.os;
  const machine = padTable([
    ...cpuRows(report.cpu),
    ...int8Rows(report),
    ['Memory', `${formatBytes(report.memory.totalBytes)} total, ${formatBytes(report.memory.availableBytes)} available`],
    ['OS', `${os.distro} ${os.release} (${os.platform} ${os.arch}, kernel ${os.kernel}), host ${os.hostname}`],
    ['Power', report.powerSource === 'ac' ? 'AC' : report.powerSource],
    ...gpuRows(report.gpus),
    ['Software', `onnxruntime ${report.software.onnxruntime}, node ${report.software.node}, infermeter ${report.software.app}`],
  ]);
  const providers = padTable([
    ['provider', 'status', 'probe', 'detail'],
    ...report.providers.map((p) => [p.id, p.status, p.probeMs === null ? '-' : `${p.probeMs.toFixed(1)} ms`, providerDetail(p)]),
  ]);
  return `${machine}\n\nExecution providers\n${providers}`;
}
