import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CpuFeatures } from '../../../electron/contract/hardware';
import { cpuFeaturesFromFlags } from '../../../electron/engine/hardware/cpu-flags';
import { int8PathFor } from '../../../electron/engine/hardware/int8-path';
import { int8Rows } from '../../../electron/cli/format/hardware-text';

const x86 = (flags: string): CpuFeatures => cpuFeaturesFromFlags(flags.split(' '), 'x64');
const arm = (flags: string): CpuFeatures => cpuFeaturesFromFlags(flags.split(' '), 'arm64');

test('the weight encoding is a pure function of the CPU: s8 only where u8s8 accumulates in int32', () => {
  const cases: [CpuFeatures, string, string, string][] = [
    [x86('sse4_2 avx avx2 fma f16c'), 'x64', 'avx2', 'u8'], // AMD EPYC without AVX-512 (the machine)
    [x86('sse4_2 avx avx2 avx512f avx512_vnni'), 'x64', 'avx512-vnni', 's8'],
    [x86('sse4_2 avx avx2 avx_vnni'), 'x64', 'avx-vnni', 's8'], // Alder Lake
    [x86('avx2 avx512f avx512_vnni amx_tile amx_int8'), 'x64', 'amx', 's8'],
    [x86('sse4_2 avx'), 'x64', 'x86-sse', 'u8'],
    [x86('avx2 avx512f'), 'x64', 'avx2', 'u8'], // Skylake-SP: AVX-512 without VNNI still pairs in int16
    [arm('fp asimd asimddp'), 'arm64', 'arm-dotprod', 's8'],
    [arm('fp asimd'), 'arm64', 'arm-neon', 'u8'],
    [x86(''), 'riscv64', 'unknown', 'u8'],
  ];
  for (const [features, arch, kernel, encoding] of cases) {
    const path = int8PathFor(features, arch);
    assert.equal(path.kernel, kernel);
    assert.equal(path.weightEncoding, encoding, kernel);
    assert.equal(path.signedWeightsSaturate, encoding === 'u8');
    assert.ok(path.summary.length > 40);
  }
  assert.match(int8PathFor(x86('avx2'), 'x64').summary, /vpmaddubsw.*saturates.*uint8 weights/);
});

test('hw says the INT8 path, and says so when INT8 does not pay with the encoding used here', () => {
  const path = int8PathFor(x86('avx2'), 'x64');
  const cpu = { int8: path } as never;
  const spread = { s8: [1.8, 2.2] as [number, number], u8: [0.7, 0.9] as [number, number] };
  const rows = int8Rows({ cpu, int8Speed: { s8: 2, u8: 0.8, spread, method: 'm' } });
  assert.equal(rows[0]?.[0], '  INT8 path');
  assert.match(rows[0]?.[1] ?? '', /^avx2: AVX2 without VNNI: .*variants made here store uint8 weights/);
  assert.match(rows[1]?.[1] ?? '', /2\.00× FP32 with int8 weights \(1\.80×–2\.20×\), 0\.80× with uint8 weights/);
  assert.match(rows[1]?.[1] ?? '', /INT8 does not pay on this CPU: FP32 is 1\.25× faster/);
  const vnni = int8Rows({ cpu: { int8: int8PathFor(x86('avx2 avx512_vnni'), 'x64') } as never, int8Speed: { s8: 3, u8: 1.5, spread, method: 'm' } });
  assert.match(vnni[1]?.[1] ?? '', /INT8 variants made here run 3\.00× FP32/);
  assert.deepEqual(int8Rows({ cpu: {} as never, int8Speed: null }), []);
});
