// How this copy of infermeter was installed, so the fix for a missing CUDA provider is a command that works for it:
// `npm run install:cuda` means something only in a source checkout.
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export type InstallMethod = { kind: 'checkout' } | { kind: 'package'; ortDir: string } | { kind: 'desktop' };

/** From where onnxruntime-node is: inside an Electron archive, a checkout's node_modules, or an installed package. */
export function installMethodOf(ortDir: string, readPackageJson: (file: string) => string = (f) => readFileSync(f, 'utf8')): InstallMethod {
  if (ortDir.includes(`app.asar${sep}`) || ortDir.includes('app.asar.unpacked')) return { kind: 'desktop' };
  const root = dirname(dirname(ortDir));
  const insideNodeModules = dirname(root).split(sep).includes('node_modules');
  try {
    const pkg = JSON.parse(readPackageJson(join(root, 'package.json'))) as { name?: string; scripts?: Record<string, string> };
    if (!insideNodeModules && pkg.name === 'infermeter' && pkg.scripts?.['install:cuda']) return { kind: 'checkout' };
  } catch {
    // no readable package.json above: an installed package
  }
  return { kind: 'package', ortDir };
}

/** The command that downloads onnxruntime's CUDA 12 (and TensorRT) provider for this install. */
export function cudaInstallCommand(method: InstallMethod): string {
  switch (method.kind) {
    case 'checkout':
      return 'npm run install:cuda';
    case 'package':
      return `node "${join(method.ortDir, 'script', 'install')}" --onnxruntime-node-install=cuda12`;
    case 'desktop':
      return 'the desktop app ships onnxruntime\'s CPU and WebGPU build only: measure CUDA with the CLI (npm install -g the infermeter tarball with ONNXRUNTIME_NODE_INSTALL=cuda12)';
  }
}

/** This process's install method, from where onnxruntime-node resolves; null when it does not. */
export function currentCudaInstallCommand(): string | null {
  try {
    return cudaInstallCommand(installMethodOf(dirname(require.resolve('onnxruntime-node/package.json'))));
  } catch {
    return null;
  }
}
