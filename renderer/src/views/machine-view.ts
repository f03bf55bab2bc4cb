import type { HardwareReport } from '../../../electron/contract/hardware';
import { button, facts, h, replace, spinner, table } from '../dom';
import type { Store } from '../store';
import { formatBytes } from '../view-models/format';
import { badge, errorBox, section } from './widgets';

function cpuSection(hw: HardwareReport): HTMLElement {
  const c = hw.cpu;
  const features = Object.entries(c.features).filter(([, on]) => on).map(([name]) => name);
  const cache = [['L1d', c.cacheBytes.l1d], ['L2', c.cacheBytes.l2], ['L3', c.cacheBytes.l3]].filter(([, b]) => b !== null).map(([k, b]) => `${String(k)} ${formatBytes(b as number)}`);
  return section(
    'CPU',
    facts([
      ['Model', c.model.toLowerCase().startsWith(c.vendor.toLowerCase()) ? c.model : `${c.vendor} ${c.model}`],
      ['Architecture', c.arch],
      ['Cores', `${c.physicalCores} physical, ${c.logicalCores} logical`],
      ['Clock', c.maxClockGHz ? `${c.baseClockGHz ?? '?'} GHz base, ${c.maxClockGHz} GHz max` : c.baseClockGHz ? `${c.baseClockGHz} GHz` : 'unknown'],
      ['Cache', cache.join(', ') || 'unknown'],
      ['ML instructions', features.join(', ') || 'none detected'],
    ]),
  );
}

function gpuSection(hw: HardwareReport): HTMLElement {
  if (hw.gpus.length === 0) return section('GPUs', h('p', { class: 'muted' }, 'No GPU was found. CPU results are still meaningful; on a machine with an NVIDIA GPU, install its driver and the CUDA provider (see Providers).'));
  return section(
    'GPUs',
    table(
      ['vendor', 'model', 'memory', 'driver', 'CUDA', 'in use', 'source'],
      hw.gpus.map((g) => [g.vendor, g.model, formatBytes(g.vramBytes), g.driver ?? '—', g.cudaVersion ?? '—', g.memoryUsedBytes === null ? '—' : formatBytes(g.memoryUsedBytes), g.source]),
    ),
  );
}

function providerSection(hw: HardwareReport): HTMLElement {
  return section(
    'Execution providers',
    h('p', { class: 'muted' }, 'Each provider was probed with a tiny session. Only available ones can be chosen on the Run tab.'),
    table(
      ['provider', 'status', 'why', 'how to enable', 'probe'],
      hw.providers.map((p) => [
        h('strong', null, p.id),
        badge(p.status, p.available ? 'valid' : p.status === 'not-probed' ? 'running' : 'failed'),
        p.reason ?? '—',
        p.remedy ? h('code', null, p.remedy) : p.available ? '—' : 'not available on this platform',
        p.probeMs === null ? '—' : `${p.probeMs.toFixed(0)} ms`,
      ]),
    ),
  );
}

export function mountMachine(root: HTMLElement, store: Store): () => void {
  const render = () => {
    const hw = store.hardware;
    const redetect = button('Detect again', () => void store.loadHardware(true));
    if (!hw && store.hardwareError) return replace(root, errorBox(store.hardwareError), redetect);
    if (!hw) return replace(root, spinner('Detecting CPUs, GPUs and memory, and probing each execution provider with a tiny model… (a few seconds)'));
    replace(
      root,
      h('div', { class: 'view-head' }, h('h1', null, 'This machine'), h('span', { class: 'muted' }, `detected ${new Date(hw.detectedAt).toLocaleString()}`), redetect),
      h(
        'div',
        { class: 'grid-2' },
        cpuSection(hw),
        section(
          'Memory and system',
          facts([
            ['Memory', `${formatBytes(hw.memory.totalBytes)} total, ${formatBytes(hw.memory.availableBytes)} available`],
            ['OS', `${hw.os.distro} ${hw.os.release} (${hw.os.platform}, ${hw.os.arch})`],
            ['Kernel', hw.os.kernel],
            ['Host', hw.os.hostname],
            ['Power', hw.powerSource],
            ['Software', `onnxruntime ${hw.software.onnxruntime}, Node ${hw.software.node}, infermeter ${hw.software.app}`],
          ]),
        ),
      ),
      gpuSection(hw),
      providerSection(hw),
      h('div', { class: 'actions' }, button('Next: choose a model →', () => store.show('model'), 'primary')),
    );
  };
  render();
  void store.loadHardware();
  return store.on('hardware', render);
}
