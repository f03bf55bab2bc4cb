// Which INT8 kernels onnxruntime's CPU provider runs on a CPU, and the weight encoding that cannot saturate there.
import type { CpuFeatures, Int8Kernel, Int8Path } from '../../contract/hardware';

/**
 * Why the encoding matters: the u8s8 kernels (uint8 activations × int8 weights) on x86 without VNNI multiply with
 * vpmaddubsw, which adds each pair of u8×s8 products into a saturating int16: 255·127·2 = 64,770 > 32,767. VNNI
 * (vpdpbusd), AMX tiles and Arm's dot-product instructions accumulate into int32 and are exact. The u8u8 kernels
 * widen both operands to 16 bits first (vpmaddwd on x86, umull/udot on Arm) and are exact everywhere, so where u8s8
 * is not known to be exact the weights are stored as uint8 with zero point 128: the same values, shifted.
 */
const PATHS: Record<Int8Kernel, { saturates: boolean; words: string }> = {
  amx: { saturates: false, words: 'AMX: int8 tiles accumulate in int32, so signed int8 weights are exact' },
  'avx512-vnni': { saturates: false, words: 'AVX-512 VNNI: u8×s8 products add straight into int32 (vpdpbusd), so signed int8 weights are exact' },
  'avx-vnni': { saturates: false, words: 'AVX-VNNI: u8×s8 products add straight into int32 (vpdpbusd), so signed int8 weights are exact' },
  avx2: {
    saturates: true,
    words: 'AVX2 without VNNI: u8×s8 products are added in pairs into int16 (vpmaddubsw), which saturates (255·127·2 > 32,767)',
  },
  'x86-sse': { saturates: true, words: 'x86 without AVX2: the u8s8 kernels may add products in int16 and saturate' },
  'arm-dotprod': { saturates: false, words: 'Arm dot product (sdot/udot): products add into int32, so signed int8 weights are exact' },
  'arm-neon': { saturates: true, words: 'Arm without the dot-product extension: u8s8 exactness is not established for its kernels' },
  unknown: { saturates: true, words: 'unknown CPU: u8s8 exactness cannot be established' },
};

const X86 = new Set(['x64', 'ia32', 'x86', 'x86_64', 'amd64', 'i386', 'i686']);
const ARM = new Set(['arm64', 'aarch64', 'arm', 'armv7l', 'armv8l']);

export function int8KernelFor(features: CpuFeatures, arch: string): Int8Kernel {
  const a = arch.toLowerCase();
  if (X86.has(a)) {
    if (features.amx) return 'amx';
    if (features.avx512vnni) return 'avx512-vnni';
    if (features.avxVnni) return 'avx-vnni';
    return features.avx2 ? 'avx2' : 'x86-sse';
  }
  if (ARM.has(a)) return features.dotprod ? 'arm-dotprod' : 'arm-neon';
  return 'unknown';
}

/** The INT8 path of a CPU from its detected features; anything not known to be exact gets the safe (u8) encoding. */
export function int8PathFor(features: CpuFeatures, arch: string): Int8Path {
  const kernel = int8KernelFor(features, arch);
  const { saturates, words } = PATHS[kernel];
  const weightEncoding = saturates ? 'u8' : 's8';
  const consequence = saturates
    ? 'INT8 variants made here store uint8 weights (zero point 128: the u8u8 kernels, exact here, often slower than u8s8); ' +
      'a model with signed int8 weights made on another CPU loses accuracy here'
    : 'INT8 variants made here store signed int8 weights (u8s8 kernels); they lose accuracy on a CPU without VNNI/AMX/dot product, ' +
      'so convert with --int8-weights u8 to share a file';
  return { kernel, signedWeightsSaturate: saturates, weightEncoding, summary: `${words}. ${consequence}` };
}
