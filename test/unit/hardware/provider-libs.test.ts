import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLibraryInLdconfig, parseLddMissing, providerLibFiles } from '../../../electron/engine/hardware/provider-libs';

test('parseLddMissing lists only the "not found" libraries, once each', () => {
  const ldd = `\tlinux-vdso.so.1 (0x00007ffc8a5f1000)
\tlibcublasLt.so.12 => not found
\tlibcublas.so.12 => not found
\tlibonnxruntime_providers_shared.so => /opt/ort/libonnxruntime_providers_shared.so (0x00007f1c2c000000)
\tlibcudnn.so.9 => not found
\tlibcudnn.so.9 => not found
\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1c2bc00000)
`;
  assert.deepEqual(parseLddMissing(ldd), ['libcublasLt.so.12', 'libcublas.so.12', 'libcudnn.so.9']);
  assert.deepEqual(parseLddMissing('\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n'), []);
});

test('findLibraryInLdconfig finds the exact soname, not a prefix of it', () => {
  const cache = `538 libs found in cache \`/etc/ld.so.cache'
\tlibvulkan.so.1.3 (libc6,x86-64) => /opt/odd/libvulkan.so.1.3
\tlibvulkan.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libvulkan.so.1
\tlibvulkan.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libvulkan.so
`;
  assert.equal(findLibraryInLdconfig(cache, 'libvulkan.so.1'), '/lib/x86_64-linux-gnu/libvulkan.so.1');
  assert.equal(findLibraryInLdconfig('\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1\n', 'libvulkan.so.1'), null);
});

test('providerLibFiles: the files onnxruntime loads for CUDA and TensorRT, per platform', () => {
  assert.deepEqual(providerLibFiles('cuda', 'linux'), ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']);
  assert.deepEqual(providerLibFiles('tensorrt', 'win32'), ['onnxruntime_providers_shared.dll', 'onnxruntime_providers_cuda.dll', 'onnxruntime_providers_tensorrt.dll']);
  assert.deepEqual(providerLibFiles('webgpu', 'linux'), []);
});
