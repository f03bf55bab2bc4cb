import type { BuiltinSummaryInfo } from '../../../electron/contract/app-api';
import type { ModelInfo, TensorInfo } from '../../../electron/contract/model';
import { toErrorInfo } from '../api/errors';
import { getShell } from '../api/shell';
import { button, emptyState, facts, h, replace, spinner, table } from '../dom';
import type { Store } from '../store';
import { formatBytes, formatFlops, formatNumber } from '../view-models/format';
import { checkIntRange, isIntegerInput, parseShape, shapeText, symbolicDims } from '../view-models/model-inputs';
import { checkPanel } from './check-panel';
import { convertPanel } from './convert-panel';
import { errorBox, section } from './widgets';

function builtinPicker(store: Store, builtins: BuiltinSummaryInfo[], choose: (spec: string) => void): HTMLElement {
  const cards = builtins.map((b) =>
    h(
      'div',
      { class: 'builtin' },
      h('h3', null, b.name),
      h('p', { class: 'muted' }, b.description),
      h(
        'div',
        { class: 'actions' },
        ...b.sizes.map((size) => {
          const s = b[size];
          const spec = size === 'base' ? `builtin:${b.name}` : `builtin:${b.name}:tiny`;
          const label = `${size}: ${formatNumber(s.params)} params, ${formatFlops(s.flopsPerSample)}/sample`;
          return button(label, () => choose(spec), store.model.spec === spec ? 'primary' : '');
        }),
      ),
    ),
  );
  return section('Built-in models', h('p', { class: 'muted' }, 'Generated on first use; no download. The tiny sizes finish a full sweep in seconds.'), h('div', { class: 'builtin-grid' }, ...cards));
}

function numberField(label: string, value: number | undefined, onChange: (v: number | null) => void, min = 1): HTMLLabelElement {
  const input = h('input', { attrs: { type: 'number', min: String(min), step: '1', value: value === undefined ? '' : String(value), 'aria-label': label } });
  input.addEventListener('change', () => onChange(input.value === '' ? null : Math.trunc(Number(input.value))));
  return h('label', { class: 'field' }, h('span', null, label), input);
}

/** One input's settings: a full-shape override for every input, a value range for integer ones. */
function inputSettings(store: Store, t: TensorInfo, problem: HTMLElement): HTMLElement {
  const m = store.model;
  const shapeInput = h('input', { attrs: { type: 'text', placeholder: shapeText(t.shape), 'aria-label': `${t.name} shape` } });
  shapeInput.value = m.shapes[t.name]?.join(', ') ?? '';
  shapeInput.addEventListener('change', () => {
    const shape = parseShape(t, shapeInput.value);
    if (typeof shape === 'string') return replace(problem, errorBox({ code: 'bad-input', message: shape }));
    replace(problem);
    if (shape === null) delete m.shapes[t.name];
    else m.shapes[t.name] = shape;
  });
  const range = () => m.intRanges[t.name] ?? [0, 2];
  const setRange = (min: number, max: number) => {
    const checked = checkIntRange(t.name, min, max);
    if (typeof checked === 'string') return replace(problem, errorBox({ code: 'bad-input', message: checked }));
    replace(problem);
    m.intRanges[t.name] = checked;
  };
  return h(
    'div',
    { class: 'input-settings' },
    h('h3', null, h('code', null, t.name), ' ', h('span', { class: 'muted' }, `${t.elemType} ${shapeText(t.shape)}`)),
    h(
      'div',
      { class: 'row' },
      h('label', { class: 'field' }, h('span', null, "Shape override (blank: the model's shape, symbolic sizes as set above)"), shapeInput),
      isIntegerInput(t) ? numberField(`${t.name} min`, m.intRanges[t.name]?.[0], (v) => setRange(v ?? 0, range()[1]), -1e9) : null,
      isIntegerInput(t) ? numberField(`${t.name} max (excluded)`, m.intRanges[t.name]?.[1], (v) => setRange(range()[0], v ?? 2), -1e9) : null,
    ),
  );
}

function modelDetails(store: Store, info: ModelInfo, inspect: (spec: string) => void): HTMLElement {
  const m = store.model;
  const dims = symbolicDims(info);
  const problem = h('div', { attrs: { 'aria-live': 'polite' } });
  const tensorRows = (ts: TensorInfo[]) => ts.map((t) => [h('code', null, t.name), t.elemType, shapeText(t.shape)]);
  return h(
    'div',
    null,
    section(
      info.path.split(/[\\/]/).pop() ?? info.path,
      facts([
        ['File', `${info.path} (${formatBytes(info.fileBytes)})`],
        ['Parameters', `${formatNumber(info.parameterCount)} (${formatBytes(info.parameterBytes)})`],
        ['FLOPs per sample', `${formatFlops(info.cost.flopsPerSample)} (${info.cost.method})`],
        ['Bytes per sample', formatBytes(info.cost.bytesPerSample)],
        ['Batch axis', `${info.batch.kind}${info.batch.dimName ? ` (${info.batch.dimName})` : ''}: ${info.batch.reason}`],
        ['Graph', `${info.nodeCount} nodes, opset ${info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}, by ${info.producer || 'unknown'}`],
      ]),
      info.warnings.length ? h('ul', { class: 'warnings' }, ...info.warnings.map((w) => h('li', null, w))) : null,
    ),
    h('div', { class: 'grid-2' }, section('Inputs', table(['name', 'type', 'shape'], tensorRows(info.inputs))), section('Outputs', table(['name', 'type', 'shape'], tensorRows(info.outputs)))),
    section(
      'Input settings',
      h('p', { class: 'muted' }, 'Symbolic dimensions need a size to run; the batch dimension is swept on the Run tab. A full shape overrides both for one input (its batch position is still swept). Integer inputs get random values in [min, max): set max to the vocabulary size for token ids.'),
      dims.length ? h('div', { class: 'row' }, ...dims.map((d) => numberField(d, m.dims[d], (v) => (v === null ? delete m.dims[d] : (m.dims[d] = v))))) : null,
      ...info.inputs.map((t) => inputSettings(store, t, problem)),
      problem,
    ),
    h('div', { class: 'actions' }, button('Next: set up the run →', () => store.show('run'), 'primary')),
    convertPanel(store, info, inspect),
    checkPanel(store, info),
  );
}

export function mountModel(root: HTMLElement, store: Store): () => void {
  const picker = h('div', null, spinner('Loading the built-in models…'));
  const details = h('div');
  const pathInput = h('input', { class: 'path', attrs: { type: 'text', placeholder: '/path/to/model.onnx  or  builtin:mlp:tiny', 'aria-label': 'Model path', value: store.model.spec } });
  let alive = true;

  const inspect = async (spec: string) => {
    // The same model again (a restored choice) keeps its input settings.
    if (store.model.spec !== spec) store.model = { spec, info: null, dims: {}, intRanges: {}, shapes: {} };
    store.saveSettings();
    pathInput.value = spec;
    replace(details, spinner(`Reading ${spec}: parsing the graph and estimating FLOPs…`));
    try {
      const info = await store.api.call('inspectModel', { model: spec });
      if (store.model.spec !== spec) return;
      store.model.info = info;
      store.emit('model');
      if (alive) replace(details, modelDetails(store, info, (p) => void inspect(p)));
    } catch (error) {
      if (alive) replace(details, errorBox(toErrorInfo(error)));
    }
    if (alive && store.builtins) replace(picker, builtinPicker(store, store.builtins, (s) => void inspect(s)));
  };

  const shell = getShell();
  const browse = shell.pickModelFile ? button('Browse…', () => void shell.pickModelFile?.().then((p) => (p ? inspect(p) : undefined))) : null;
  const form = h(
    'form',
    { class: 'path-form', on: { submit: (e) => (e.preventDefault(), void inspect(pathInput.value.trim())) } },
    pathInput,
    h('button', { attrs: { type: 'submit' } }, 'Inspect'),
    browse,
  );
  const pathForFile = shell.pathForFile;
  // `root` outlives this view (every view mounts into it): listeners go when the view does.
  const listening = new AbortController();
  const { signal } = listening;
  if (pathForFile) {
    root.addEventListener('dragover', (e) => e.preventDefault(), { signal });
    root.addEventListener(
      'drop',
      (e) => {
        e.preventDefault();
        const file = e.dataTransfer?.files[0];
        const p = file ? pathForFile(file) : null;
        if (p) void inspect(p);
      },
      { signal },
    );
  }
  for (const type of ['input', 'change', 'click']) root.addEventListener(type, () => store.saveSettings(), { signal });
  replace(
    root,
    h('div', { class: 'view-head' }, h('h1', null, 'Model')),
    section(
      'Open a model',
      h('p', { class: 'muted' }, pathForFile ? 'Type a path, browse, or drop an .onnx file on this window.' : 'Type the path of an .onnx file on the machine running infermeter, or pick a built-in model below.'),
      form,
    ),
    details,
    picker,
  );
  const pending = store.pendingModelPath;
  store.pendingModelPath = null;
  if (pending) void inspect(pending);
  else if (store.model.info) replace(details, modelDetails(store, store.model.info, (p) => void inspect(p)));
  // The chosen model (the tiny MLP at first, else the one remembered from last time) is shown at once.
  else if (store.model.spec) void inspect(store.model.spec);
  else replace(details, emptyState('No model chosen', 'Pick a built-in model below, or type a path and press Inspect, to see its inputs, parameters and FLOPs.'));

  const showBuiltins = (list: BuiltinSummaryInfo[]) => alive && replace(picker, builtinPicker(store, list, (s) => void inspect(s)));
  if (store.builtins) showBuiltins(store.builtins);
  else
    store.api.call('listBuiltins', {}).then(
      (list) => {
        store.builtins = list;
        showBuiltins(list);
      },
      (error: unknown) => alive && replace(picker, errorBox(toErrorInfo(error))),
    );
  return () => {
    alive = false;
    listening.abort();
  };
}
