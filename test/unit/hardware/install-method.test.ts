import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { classifyProviderError } from '../../../electron/engine/hardware/provider-errors';
import { cudaInstallCommand, installMethodOf } from '../../../electron/engine/hardware/install-method';

const pkg = (json: object) => () => JSON.stringify(json);
const checkoutPkg = pkg({ name: 'infermeter', scripts: { 'install:cuda': 'node node_modules/onnxruntime-node/script/install --onnxruntime-node-install=cuda12' } });

test('the CUDA fix is the command for how infermeter was installed', () => {
  const checkout = join(sep, 'src', 'infermeter', 'node_modules', 'onnxruntime-node');
  assert.equal(cudaInstallCommand(installMethodOf(checkout, checkoutPkg)), 'npm run install:cuda');
  const global = join(sep, 'usr', 'lib', 'node_modules', 'infermeter', 'node_modules', 'onnxruntime-node');
  assert.equal(cudaInstallCommand(installMethodOf(global, checkoutPkg)), `node "${join(global, 'script', 'install')}" --onnxruntime-node-install=cuda12`);
  const missing = () => {
    throw new Error('ENOENT');
  };
  assert.equal(installMethodOf(join(sep, 'opt', 'x', 'node_modules', 'onnxruntime-node'), missing).kind, 'package');
  const desktop = join(sep, 'opt', 'infermeter', 'resources', 'app.asar.unpacked', 'node_modules', 'onnxruntime-node');
  assert.match(cudaInstallCommand(installMethodOf(desktop, checkoutPkg)), /^the desktop app ships .* CLI/);
});

test('the provider verdict carries that command, and npm run install:cuda without the fact', () => {
  const withFact = classifyProviderError('cuda', 'Failed to load shared library', 'linux/x64', { providerLibsPresent: false, cudaInstall: 'node "/x/script/install" --onnxruntime-node-install=cuda12' });
  assert.match(withFact.remedy, /^node "\/x\/script\/install" --onnxruntime-node-install=cuda12 \(downloads/);
  assert.match(classifyProviderError('cuda', 'Failed to load shared library', 'linux/x64', { providerLibsPresent: false }).remedy, /^npm run install:cuda \(/);
});
