import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cacheFromSysfs,
  clockGHzFromProcCpuinfo,
  cpuFeaturesFromFlags,
  flagsFromProcCpuinfo,
  parseCacheSize,
  parseSysctlHwOptional,
} from '../../../electron/engine/hardware/cpu-flags';

// Flags of an AMD EPYC (Zen 4) guest, from /proc/cpuinfo.
const zen4 =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx512_bf16 clzero xsaveerptr arat avx512vbmi umip avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid fsrm'.split(' ');

// Sapphire Rapids adds AMX and AVX512-FP16 (excerpt).
const sapphireRapids = ['fma', 'f16c', 'avx2', 'avx512f', 'avx512_vnni', 'avx_vnni', 'avx512_bf16', 'avx512_fp16', 'amx_bf16', 'amx_tile', 'amx_int8'];

// Neoverse V1 (AWS Graviton3) "Features" line.
const graviton3 =
  'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng'.split(' ');

test('cpuFeaturesFromFlags: Zen 4 has AVX-512 VNNI and BF16 but no AMX, FP16 or AVX-VNNI', () => {
  assert.deepEqual(cpuFeaturesFromFlags(zen4, 'x64'), {
    avx2: true, avx512f: true, avx512vnni: true, avxVnni: false, avx512bf16: true, avx512fp16: false, amx: false,
    f16c: true, fma: true, neon: false, dotprod: false, armFp16: false, i8mm: false,
  });
});

test('cpuFeaturesFromFlags: Sapphire Rapids has AMX and AVX512-FP16', () => {
  const f = cpuFeaturesFromFlags(sapphireRapids, 'x64');
  assert.equal(f.amx, true);
  assert.equal(f.avx512fp16, true);
  assert.equal(f.avxVnni, true);
});

test('cpuFeaturesFromFlags: AMX from any one of its three flags', () => {
  assert.equal(cpuFeaturesFromFlags(['amx_int8'], 'x64').amx, true);
  assert.equal(cpuFeaturesFromFlags(['avx512f'], 'x64').amx, false);
});

test('cpuFeaturesFromFlags: Graviton3 has NEON, dot product, FP16 and I8MM and no x86 feature', () => {
  assert.deepEqual(cpuFeaturesFromFlags(graviton3, 'arm64'), {
    avx2: false, avx512f: false, avx512vnni: false, avxVnni: false, avx512bf16: false, avx512fp16: false, amx: false,
    f16c: false, fma: false, neon: true, dotprod: true, armFp16: true, i8mm: true,
  });
});

test('cpuFeaturesFromFlags: flags of the other architecture are ignored', () => {
  assert.equal(cpuFeaturesFromFlags(['avx2', 'fma'], 'arm64').avx2, false);
  assert.equal(cpuFeaturesFromFlags(['asimddp', 'i8mm'], 'x64').dotprod, false);
  assert.equal(cpuFeaturesFromFlags(['i8mm'], 'x64').i8mm, false);
});

test('cpuFeaturesFromFlags: NEON is implied on arm64, needs its flag on 32-bit Arm', () => {
  assert.equal(cpuFeaturesFromFlags([], 'arm64').neon, true);
  assert.equal(cpuFeaturesFromFlags([], 'arm').neon, false);
  assert.equal(cpuFeaturesFromFlags(['neon'], 'arm').neon, true);
});

test('flagsFromProcCpuinfo reads the x86 "flags" line and the Arm "Features" line of the first processor', () => {
  const x86 = 'processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 fma\nbugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: other\n';
  assert.deepEqual(flagsFromProcCpuinfo(x86), ['fpu', 'avx2', 'fma']);
  const arm = 'processor\t: 0\nBogoMIPS\t: 2100.00\nFeatures\t: fp asimd asimddp i8mm\nCPU implementer\t: 0x41\n';
  assert.deepEqual(flagsFromProcCpuinfo(arm), ['fp', 'asimd', 'asimddp', 'i8mm']);
  assert.deepEqual(flagsFromProcCpuinfo('processor : 0\n'), []);
});

// `sysctl hw.optional` on an Apple M1 (excerpt): no I8MM, no BF16.
const m1 = `hw.optional.arm.FEAT_FlagM: 1
hw.optional.arm.FEAT_FHM: 1
hw.optional.arm.FEAT_DotProd: 1
hw.optional.arm.FEAT_RDM: 1
hw.optional.arm.FEAT_BF16: 0
hw.optional.arm.FEAT_I8MM: 0
hw.optional.arm.FEAT_FP16: 1
hw.optional.floatingpoint: 1
hw.optional.neon: 1
hw.optional.neon_hpfp: 1
hw.optional.neon_fp16: 1
hw.optional.watchpoint: 4
hw.optional.breakpoint: 6
hw.optional.arm64: 1`;

test('parseSysctlHwOptional: M1 flags in Linux spelling, zero values and counts left out', () => {
  const flags = parseSysctlHwOptional(m1);
  for (const f of ['asimd', 'asimddp', 'asimdhp', 'fphp', 'feat_dotprod', 'arm64']) assert.ok(flags.includes(f), f);
  for (const f of ['i8mm', 'bf16', 'feat_i8mm', 'watchpoint', 'breakpoint']) assert.ok(!flags.includes(f), f);
  assert.deepEqual(cpuFeaturesFromFlags(flags, 'arm64'), {
    avx2: false, avx512f: false, avx512vnni: false, avxVnni: false, avx512bf16: false, avx512fp16: false, amx: false,
    f16c: false, fma: false, neon: true, dotprod: true, armFp16: true, i8mm: false,
  });
});

test('parseSysctlHwOptional: M2 has I8MM; Intel Mac names map to Linux ones', () => {
  assert.equal(cpuFeaturesFromFlags(parseSysctlHwOptional('hw.optional.arm.FEAT_I8MM: 1\n'), 'arm64').i8mm, true);
  const intel = parseSysctlHwOptional('hw.optional.avx1_0: 1\nhw.optional.avx2_0: 1\nhw.optional.fma: 1\nhw.optional.f16c: 1\nhw.optional.avx512f: 0\n');
  assert.deepEqual(
    Object.entries(cpuFeaturesFromFlags(intel, 'x64')).filter(([, v]) => v).map(([k]) => k).sort(),
    ['avx2', 'f16c', 'fma'],
  );
});

test('parseCacheSize: sysfs and lscpu spellings to bytes', () => {
  assert.equal(parseCacheSize('32K'), 32 * 1024);
  assert.equal(parseCacheSize('1024K\n'), 1024 * 1024);
  assert.equal(parseCacheSize('32M'), 32 * 1024 * 1024);
  assert.equal(parseCacheSize('48 KiB'), 48 * 1024);
  assert.equal(parseCacheSize('1.5 MiB'), 1.5 * 1024 * 1024);
  assert.equal(parseCacheSize('512'), 512);
  assert.equal(parseCacheSize(''), null);
  assert.equal(parseCacheSize('unknown'), null);
});

test('cacheFromSysfs: one entry per level and type, as cpu0 sees them', () => {
  const cache = cacheFromSysfs([
    { level: '1\n', type: 'Data\n', size: '32K\n' },
    { level: '1\n', type: 'Instruction\n', size: '64K\n' },
    { level: '2\n', type: 'Unified\n', size: '1024K\n' },
    { level: '3\n', type: 'Unified\n', size: '32768K\n' },
  ]);
  assert.deepEqual(cache, { l1d: 32768, l1i: 65536, l2: 1048576, l3: 33554432 });
  assert.deepEqual(cacheFromSysfs([{ level: '2', type: 'Unified', size: '2048K' }]), { l1d: null, l1i: null, l2: 2097152, l3: null });
});

test('clockGHzFromProcCpuinfo: first "cpu MHz" in GHz, null on Arm', () => {
  assert.equal(clockGHzFromProcCpuinfo('model name\t: AMD EPYC\ncpu MHz\t\t: 2596.126\ncache size\t: 1024 KB\n'), 2.6);
  assert.equal(clockGHzFromProcCpuinfo('cpu MHz\t\t: 3399.998\n'), 3.4);
  assert.equal(clockGHzFromProcCpuinfo('Features\t: fp asimd\n'), null);
});
