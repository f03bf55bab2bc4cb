import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { runtimePath } from '../../../electron/engine/recommend/runtime-path';

const catalog = loadCatalog();
const path = (id: string, provider: 'cpu' | 'cuda' = 'cpu', cpu = 'AMD EPYC 9R14') => {
  const inst = catalog.instances.find((x) => x.id === id);
  assert.ok(inst, id);
  const acc = catalog.accelerators.get(inst.accelerator_id ?? inst.cpu_id ?? '');
  return runtimePath(inst, acc, provider, cpu);
};

test('Inferentia has no onnxruntime path: listed as needing the Neuron SDK, not projected', () => {
  const p = path('inf2.xlarge');
  assert.equal(p.ok, false);
  assert.ok(!p.ok && /AWS Neuron SDK/.test(p.needs));
});

test('NVIDIA GPUs project through the CUDA provider, flagged as not measured', () => {
  const p = path('g4dn.xlarge');
  assert.ok(p.ok);
  assert.equal(p.runtime, 'cuda');
  assert.match(p.flag ?? '', /CUDA provider.*not measured on a GPU/);
});

test('CPU instances need a CPU-provider run; an x86 run onto Graviton is flagged as cross-ISA', () => {
  assert.ok(path('c7i.2xlarge').ok);
  const fromGpu = path('c7i.2xlarge', 'cuda');
  assert.ok(!fromGpu.ok && /CPU-provider run/.test(fromGpu.needs));
  const graviton = path('c7g.xlarge');
  assert.ok(graviton.ok && graviton.crossIsa);
  assert.match(graviton.ok ? (graviton.flag ?? '') : '', /x86 run onto an Arm CPU/);
  const same = path('c7g.xlarge', 'cpu', 'Neoverse-V1');
  assert.ok(same.ok && !same.crossIsa);
});
