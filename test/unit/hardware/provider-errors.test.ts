import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyProviderError, notBundledVerdict } from '../../../electron/engine/hardware/provider-errors';

// Messages thrown by onnxruntime-node 1.30 on Linux x64 without GPU, Vulkan or CUDA provider.
const webgpuNoAdapter =
  "/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n";
const cudaLoad = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';
const tensorrtLoad = 'OrtSessionOptionsAppendExecutionProvider_TensorRT: Failed to load shared library';
const dmlNotFound = 'no available backend found. ERR: [dml] backend not found.';
const coremlNotFound = 'no available backend found. ERR: [coreml] backend not found.';
// The loader error onnxruntime reports when its CUDA provider is present but cuDNN is not.
const cudnnMissing =
  '/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1426 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file: No such file or directory';

test('webgpu without Vulkan loader: no-adapter, the reason says libvulkan.so.1 is missing, the remedy installs it', () => {
  const v = classifyProviderError('webgpu', webgpuNoAdapter, 'linux/x64', { vulkanLoader: null });
  assert.equal(v.status, 'no-adapter');
  assert.match(v.reason, /libvulkan\.so\.1 is not installed/);
  assert.match(v.remedy, /sudo apt-get install libvulkan1 mesa-vulkan-drivers/);
});

test('webgpu with a Vulkan loader but no adapter: the reason names the loader and blames the driver', () => {
  const v = classifyProviderError('webgpu', webgpuNoAdapter, 'linux', { vulkanLoader: '/lib/x86_64-linux-gnu/libvulkan.so.1' });
  assert.equal(v.status, 'no-adapter');
  assert.match(v.reason, /loader is installed \(\/lib\/x86_64-linux-gnu\/libvulkan\.so\.1\) but no Vulkan driver/);
});

test('webgpu unknown loader state and other platforms: the adapter message, platform remedy', () => {
  const linux = classifyProviderError('webgpu', webgpuNoAdapter, 'linux');
  assert.equal(linux.reason, 'no WebGPU adapter (Failed to get a WebGPU adapter: No supported adapters)');
  assert.match(classifyProviderError('webgpu', webgpuNoAdapter, 'win32/x64').remedy, /Direct3D 12/);
  assert.match(classifyProviderError('webgpu', webgpuNoAdapter, 'darwin/arm64').remedy, /Metal/);
});

test('cuda and tensorrt without provider libraries: not-installed, remedy npm run install:cuda', () => {
  const cuda = classifyProviderError('cuda', cudaLoad, 'linux/x64', { providerLibsPresent: false });
  assert.equal(cuda.status, 'not-installed');
  assert.match(cuda.reason, /CUDA provider libraries are not installed/);
  assert.equal(cuda.remedy, "npm run install:cuda (downloads onnxruntime's CUDA 12 provider; needs an NVIDIA driver, CUDA 12 and cuDNN 9)");
  const trt = classifyProviderError('tensorrt', tensorrtLoad, 'linux/x64', { providerLibsPresent: false });
  assert.equal(trt.status, 'not-installed');
  assert.match(trt.remedy, /^npm run install:cuda .*TensorRT 10/);
  // Without file facts the generic message is still read as "not installed".
  assert.equal(classifyProviderError('cuda', cudaLoad, 'linux').status, 'not-installed');
});

test('cuda provider present but its dependencies missing: driver-error naming the library', () => {
  const fromLdd = classifyProviderError('cuda', cudaLoad, 'linux/x64', { providerLibsPresent: true, missingLibraries: ['libcublasLt.so.12', 'libcudnn.so.9'] });
  assert.equal(fromLdd.status, 'driver-error');
  assert.equal(fromLdd.reason, 'the CUDA provider is installed but cannot load: libcublasLt.so.12, libcudnn.so.9 not found');
  assert.match(fromLdd.remedy, /CUDA 12 runtime and cuDNN 9/);
  const fromMessage = classifyProviderError('cuda', cudnnMissing, 'linux/x64', { providerLibsPresent: true, missingLibraries: [] });
  assert.equal(fromMessage.reason, 'the CUDA provider is installed but cannot load: libcudnn.so.9 not found');
  assert.equal(classifyProviderError('cuda', cudnnMissing, 'linux').status, 'driver-error', 'the message alone names an outside library');
  const unnamed = classifyProviderError('tensorrt', tensorrtLoad, 'linux/x64', { providerLibsPresent: true });
  assert.equal(unnamed.status, 'driver-error');
  assert.match(unnamed.reason, /TensorRT provider is installed but cannot load its libraries/);
  assert.match(unnamed.remedy, /TensorRT 10/);
});

test('cuda runtime failures: no device is no-adapter, an old driver is driver-error', () => {
  const noDevice = classifyProviderError('cuda', 'CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; hostname=box ; file=cuda_call.cc ; line=123', 'linux');
  assert.equal(noDevice.status, 'no-adapter');
  const oldDriver = classifyProviderError('cuda', 'CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version ; GPU=0', 'linux');
  assert.equal(oldDriver.status, 'driver-error');
  assert.match(oldDriver.remedy, /update the NVIDIA driver/);
});

test('dml and coreml on Linux: not-bundled with the platform in the reason', () => {
  const dml = classifyProviderError('dml', dmlNotFound, 'linux/x64');
  assert.deepEqual(dml, notBundledVerdict('dml', 'linux/x64'));
  assert.equal(dml.status, 'not-bundled');
  assert.equal(dml.reason, 'not bundled in onnxruntime-node for linux/x64');
  assert.match(dml.remedy, /DirectML ships only with the Windows build/);
  const coreml = classifyProviderError('coreml', coremlNotFound, 'linux/x64');
  assert.equal(coreml.status, 'not-bundled');
  assert.match(coreml.remedy, /macOS only/);
});

test('anything else: failed with the first line of the message', () => {
  const v = classifyProviderError('coreml', 'Error in building plan\nsecond line\n', 'darwin/arm64');
  assert.equal(v.status, 'failed');
  assert.equal(v.reason, 'Error in building plan');
  assert.ok(v.remedy.length > 0);
  assert.equal(classifyProviderError('cpu', '', 'linux').reason, 'the cpu provider failed without a message');
  assert.equal(classifyProviderError('cpu', 'x'.repeat(400), 'linux').reason.length, 300);
});

test('dml with a Direct3D failure is a driver-error', () => {
  const v = classifyProviderError('dml', 'D3D12CreateDevice failed with HRESULT 0x887A0004', 'win32/x64');
  assert.equal(v.status, 'driver-error');
});
