// Pure: turns what a failed execution-provider probe said into a status, a reason and a remedy a user can act on.
import type { ProviderId, ProviderStatus } from '../../contract/hardware';

export interface ProviderVerdict {
  status: ProviderStatus['status'];
  reason: string;
  remedy: string;
}

/** What the prober found out besides the error message (native code logs the useful part to stderr, out of reach). */
export interface ProviderFacts {
  /** cuda/tensorrt: whether onnxruntime's provider libraries sit next to its binding; undefined when not checked. */
  providerLibsPresent?: boolean;
  /** Libraries the provider library needs that the loader cannot find (from ldd); empty or undefined when none known. */
  missingLibraries?: string[];
  /** webgpu on Linux: where libvulkan.so.1 was found, null when it was not, undefined when not checked. */
  vulkanLoader?: string | null;
  /** cuda/tensorrt: the command that installs the provider for how infermeter was installed (install-method.ts). */
  cudaInstall?: string | null;
}

const cudaInstall = (command = 'npm run install:cuda') => `${command} (downloads onnxruntime's CUDA 12 provider; needs an NVIDIA driver, CUDA 12 and cuDNN 9)`;
const tensorrtInstall = (command = 'npm run install:cuda') =>
  `${command} (downloads onnxruntime's CUDA 12 and TensorRT providers; needs an NVIDIA driver, CUDA 12, cuDNN 9 and the TensorRT 10 libraries)`;
const VULKAN_REMEDY =
  "install the Vulkan loader and your GPU's Vulkan driver (Debian/Ubuntu: sudo apt-get install libvulkan1 mesa-vulkan-drivers; NVIDIA: the proprietary driver ships its Vulkan ICD)";

/** "linux" or "linux/x64" → "linux". */
function osOf(platform: string): string {
  return platform.split('/')[0] ?? platform;
}

function firstLine(message: string): string {
  const line = message.trim().split(/\r?\n/)[0]?.trim() ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

const notBundledRemedies: Record<ProviderId, string> = {
  cpu: 'reinstall onnxruntime-node (npm ci)',
  webgpu: 'onnxruntime-node bundles WebGPU on Windows, macOS and Linux x64; use one of those or the cpu provider',
  cuda: 'the CUDA provider exists for onnxruntime-node on Linux x64 only: run there with an NVIDIA GPU and npm run install:cuda',
  tensorrt: 'the TensorRT provider exists for onnxruntime-node on Linux x64 only: run there with an NVIDIA GPU and npm run install:cuda',
  dml: 'DirectML ships only with the Windows build of onnxruntime-node: run on Windows 10/11',
  coreml: 'CoreML is macOS only: run on a Mac',
};

/** The verdict for a provider that onnxruntime-node was not built with on this platform. */
export function notBundledVerdict(id: ProviderId, platform: string): ProviderVerdict {
  return { status: 'not-bundled', reason: `not bundled in onnxruntime-node for ${platform}`, remedy: notBundledRemedies[id] };
}

/** A library name from a loader message: "libcudnn.so.9", "libcublasLt.so.12", "cudnn64_9.dll"; onnxruntime's own excluded. */
function missingLibraryIn(message: string): string | null {
  const names = message.match(/\b[\w.+-]+\.(?:so(?:\.\d+)*|dll|dylib)\b/g) ?? [];
  return names.find((n) => !/onnxruntime/i.test(n)) ?? null;
}

function cudaLike(id: 'cuda' | 'tensorrt', message: string, facts: ProviderFacts): ProviderVerdict | null {
  const label = id === 'cuda' ? 'CUDA' : 'TensorRT';
  const install = (id === 'cuda' ? cudaInstall : tensorrtInstall)(facts.cudaInstall ?? undefined);
  if (/no CUDA-capable device|cudaErrorNoDevice|CUDA failure 100\b/i.test(message)) {
    return { status: 'no-adapter', reason: `${label} found no NVIDIA GPU (${firstLine(message)})`, remedy: 'run on a machine with an NVIDIA GPU, or check that the GPU is visible (nvidia-smi)' };
  }
  if (/driver version is insufficient|CUDA failure 35\b|cudaErrorInsufficientDriver/i.test(message)) {
    return { status: 'driver-error', reason: `the NVIDIA driver is too old for CUDA 12 (${firstLine(message)})`, remedy: 'update the NVIDIA driver to one that supports CUDA 12 (nvidia-smi shows the CUDA version it supports)' };
  }
  const loadFailure = /Failed to load (shared )?library|cannot open shared object|LoadLibrary|error code 126|providers_shared|providers_cuda|providers_tensorrt/i.test(message);
  if (!loadFailure) return null;
  const missing = facts.missingLibraries?.length ? facts.missingLibraries.join(', ') : missingLibraryIn(message);
  // Without file facts, a load failure that names no outside library is taken as onnxruntime's own provider missing.
  if (facts.providerLibsPresent === false || (facts.providerLibsPresent === undefined && missing === null)) {
    return { status: 'not-installed', reason: `onnxruntime's ${label} provider libraries are not installed next to onnxruntime-node's binding`, remedy: install };
  }
  const needs = id === 'cuda' ? 'CUDA 12 runtime and cuDNN 9' : 'CUDA 12 runtime, cuDNN 9 and TensorRT 10';
  return {
    status: 'driver-error',
    reason: missing
      ? `the ${label} provider is installed but cannot load: ${missing} not found`
      : `the ${label} provider is installed but cannot load its libraries (${firstLine(message)})`,
    remedy: `install the NVIDIA driver, the ${needs} libraries, and make their folders visible to the loader (ldconfig or LD_LIBRARY_PATH)`,
  };
}

function webgpuRemedy(os: string): string {
  if (os === 'linux') return VULKAN_REMEDY;
  if (os === 'win32') return 'update the GPU driver (WebGPU runs on Direct3D 12)';
  if (os === 'darwin') return 'WebGPU needs a Metal-capable GPU (macOS 11 or newer)';
  return 'install a GPU driver with Vulkan, Direct3D 12 or Metal support';
}

function webgpu(message: string, os: string, facts: ProviderFacts): ProviderVerdict | null {
  if (!/WebGPU adapter|No supported adapters|RequestAdapter|adapter_result/i.test(message)) return null;
  let reason = `no WebGPU adapter (${firstLine(message.replace(/^[^\n]*?(Failed to get a WebGPU adapter)/, '$1'))})`;
  if (os === 'linux' && facts.vulkanLoader === null) {
    reason = 'no WebGPU adapter: the Vulkan loader libvulkan.so.1 is not installed, so WebGPU (Dawn) cannot reach any GPU';
  } else if (os === 'linux' && typeof facts.vulkanLoader === 'string') {
    reason = `no WebGPU adapter: the Vulkan loader is installed (${facts.vulkanLoader}) but no Vulkan driver offered a usable GPU`;
  }
  return { status: 'no-adapter', reason, remedy: webgpuRemedy(os) };
}

/**
 * Classifies the error thrown when a session with `executionProviders: [id]` could not be created or run.
 * `platform` is process.platform, optionally with the arch ("linux/x64"), which then appears in the reason.
 */
export function classifyProviderError(id: ProviderId, message: string, platform: string, facts: ProviderFacts = {}): ProviderVerdict {
  const os = osOf(platform);
  if (/no available backend found|backend not found/i.test(message)) return notBundledVerdict(id, platform);
  const specific =
    id === 'cuda' || id === 'tensorrt' ? cudaLike(id, message, facts) : id === 'webgpu' ? webgpu(message, os, facts) : null;
  if (specific) return specific;
  if (id === 'dml' && /D3D12|DXGI|DirectML/i.test(message)) {
    return { status: 'driver-error', reason: `DirectML could not start: ${firstLine(message)}`, remedy: 'update the GPU driver (DirectML needs a Direct3D 12 capable GPU)' };
  }
  return {
    status: 'failed',
    reason: firstLine(message) || `the ${id} provider failed without a message`,
    remedy: `update onnxruntime-node and the GPU driver; until then benchmark with another provider`,
  };
}
