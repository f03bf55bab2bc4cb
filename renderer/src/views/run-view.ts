import type { ProviderId } from '../../../electron/contract/hardware';
import type { Precision, StoppingRule } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { button, h, replace, spinner } from '../dom';
import type { Store } from '../store';
import { DEFAULT_SERVER_SLO_MS } from '../../../common/defaults';
import { BATCH_PRESETS, STOPPING_PRESETS, toStartParams, type FormScenario, type StoppingPresetName } from '../view-models/run-form';
import { restoreProviders } from '../view-models/saved-settings';
import { deviceChoices, restoreDevices } from '../view-models/device-choices';
import { batchFieldProblem, shapeProblemsText } from '../view-models/field-checks';
import { errorBox, section, setText } from './widgets';

function checkbox(label: string, checked: boolean, onChange: (on: boolean) => void, disabled = false, title = ''): HTMLLabelElement {
  const input = h('input', { attrs: { type: 'checkbox' } });
  input.checked = checked;
  input.disabled = disabled;
  input.addEventListener('change', () => onChange(input.checked));
  return h('label', { class: `check${disabled ? ' disabled' : ''}`, title }, input, label);
}

function textField(label: string, value: string, onInput: (v: string) => void, placeholder = '', hint = ''): HTMLLabelElement {
  const input = h('input', { attrs: { type: 'text', placeholder, 'aria-label': label } });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('small', { class: 'muted' }, hint) : null);
}

const STOPPING_FIELDS: Array<[keyof StoppingRule, string]> = [
  ['warmupIterations', 'warm-up iterations'],
  ['warmupMs', 'warm-up ms'],
  ['minIterations', 'min iterations'],
  ['minTimeMs', 'min time ms'],
  ['maxTimeMs', 'max time per point ms'],
  ['targetRelativeCi', 'target 95% CI (fraction of mean)'],
];

const SCENARIO_CHOICES: Array<[FormScenario, string]> = [
  ['latency', 'Batch sweep: latency and throughput at each batch size'],
  ['server', 'Server: random (Poisson) arrivals into a dynamic batcher; the highest load whose p99 meets the SLO'],
  ['concurrency', 'Concurrency: 1…N requests in flight, on one session and on N sessions'],
];

export function mountRun(root: HTMLElement, store: Store): () => void {
  const form = store.runForm;
  const providersBox = h('div', { class: 'row' });
  const devicesBox = h('div', { attrs: { 'data-testid': 'devices' } });
  const message = h('div', { attrs: { 'aria-live': 'polite' } });
  const batchProblem = h('small', { class: 'field-problem', attrs: { 'aria-live': 'polite', 'data-testid': 'batch-problem' } });
  const checkBatch = (): string | null => {
    const problem = form.scenario === 'latency' ? batchFieldProblem(form.batchText) : null;
    batchInput.querySelector('input')?.setAttribute('aria-invalid', String(problem !== null));
    setText(batchProblem, problem ?? '');
    return problem;
  };
  const batchInput = textField('Batch sizes', form.batchText, (v) => ((form.batchText = v), checkBatch()), '1,2,4,8 or 1-64', 'Comma list, or a power-of-two range like 1-64.');
  batchInput.appendChild(batchProblem);

  const renderProviders = () => {
    const hw = store.hardware;
    if (!hw) return replace(providersBox, store.hardwareError ? errorBox(store.hardwareError) : spinner('Probing execution providers…'));
    form.providers = restoreProviders(form.providers, hw.providers.filter((p) => p.available).map((p) => p.id));
    replace(
      providersBox,
      ...hw.providers.map((p) =>
        checkbox(
          p.available ? p.id : `${p.id} (${p.status})`,
          form.providers.includes(p.id),
          (on) => (form.providers = on ? [...form.providers, p.id] : form.providers.filter((x: ProviderId) => x !== p.id)),
          !p.available,
          p.reason ? `${p.reason}${p.remedy ? ` — ${p.remedy}` : ''}` : '',
        ),
      ),
    );
    renderDevices(deviceChoices(hw.gpus));
  };

  // Several NVIDIA GPUs: the user picks which ones CUDA / TensorRT points run on, one group per GPU (bench --device).
  const renderDevices = (choices: ReturnType<typeof deviceChoices>) => {
    form.devices = restoreDevices(form.devices, choices);
    if (choices.length < 2) return replace(devicesBox);
    replace(
      devicesBox,
      h('p', { class: 'muted' }, 'GPUs for CUDA and TensorRT (none checked: the first GPU). Each checked GPU gets its own points, so two GPUs compare in one run.'),
      h(
        'div',
        { class: 'row' },
        ...choices.map((c) =>
          checkbox(c.label, form.devices.includes(c.index), (on) => (form.devices = on ? [...form.devices, c.index] : form.devices.filter((d) => d !== c.index))),
        ),
      ),
    );
  };

  const precisionBoxes = (['fp32', 'fp16', 'int8'] as Precision[]).map((prec) =>
    checkbox(prec.toUpperCase(), form.precisions.includes(prec), (on) => (form.precisions = on ? [...form.precisions, prec] : form.precisions.filter((x) => x !== prec))),
  );

  const stoppingFields = h('div', { class: 'row wrap' });
  const renderStopping = () =>
    replace(
      stoppingFields,
      ...STOPPING_FIELDS.map(([key, label]) =>
        textField(label, String(form.stopping[key]), (v) => {
          const n = Number(v);
          if (Number.isFinite(n) && n >= 0) form.stopping = { ...form.stopping, [key]: n };
        }),
      ),
    );
  const presetRadios = (Object.keys(STOPPING_PRESETS) as StoppingPresetName[]).map((name) => {
    const input = h('input', { attrs: { type: 'radio', name: 'stopping' } });
    input.checked = form.stoppingPreset === name;
    input.addEventListener('change', () => {
      form.stoppingPreset = name;
      form.stopping = { ...STOPPING_PRESETS[name] };
      renderStopping();
    });
    const rule = STOPPING_PRESETS[name];
    return h('label', { class: 'check' }, input, `${name} (±${(rule.targetRelativeCi * 100).toFixed(1)}%, ≤ ${rule.maxTimeMs / 1000} s per point)`);
  });

  const scenarioFields = h('div', { class: 'row wrap' });
  const renderScenarioFields = () => {
    const levelMs = textField('Time per level (ms)', form.levelMsText, (v) => (form.levelMsText = v));
    const targetQps = textField('Target QPS (optional)', form.targetQpsText, (v) => (form.targetQpsText = v), 'none');
    if (form.scenario === 'server') {
      replace(
        scenarioFields,
        textField('Largest batch', form.maxBatchText, (v) => (form.maxBatchText = v)),
        textField('Longest queue wait (ms)', form.maxQueueDelayMsText, (v) => (form.maxQueueDelayMsText = v)),
        levelMs,
        targetQps,
        h('p', { class: 'muted' }, `The p99 bound is the latency SLO above (${DEFAULT_SERVER_SLO_MS} ms when blank).`),
      );
    } else if (form.scenario === 'concurrency') {
      replace(scenarioFields, textField('Requests in flight', form.concurrencyText, (v) => (form.concurrencyText = v), '1,2,4,8'), levelMs, targetQps);
    } else replace(scenarioFields);
  };
  const scenarioRadios = SCENARIO_CHOICES.map(([value, label]) => {
    const input = h('input', { attrs: { type: 'radio', name: 'scenario', value } });
    input.checked = form.scenario === value;
    input.addEventListener('change', () => {
      form.scenario = value;
      renderScenarioFields();
      checkBatch();
    });
    return h('label', { class: 'check' }, input, label);
  });

  const startButton = button('Start', () => void start(), 'primary big');
  startButton.setAttribute('data-testid', 'start');
  const start = async () => {
    const blocked = shapeProblemsText(store.shapeProblems);
    if (blocked) return replace(message, errorBox({ code: 'bad-input', message: blocked }), button('Fix it on the Model tab', () => store.show('model'), 'small'));
    const batchBad = checkBatch();
    if (batchBad) {
      const input = batchInput.querySelector('input');
      input?.focus();
      input?.scrollIntoView({ block: 'center' });
      return replace(message, errorBox({ code: 'bad-input', message: batchBad }));
    }
    const out = toStartParams(form, store.model);
    if ('error' in out) return replace(message, errorBox({ code: 'bad-input', message: out.error }));
    store.sloMs = out.sloMs;
    startButton.disabled = true;
    replace(message, spinner('Starting: converting precisions if needed, then the first point…'));
    try {
      await store.startRun(out.params);
    } catch (error) {
      replace(message, errorBox(toErrorInfo(error)));
    } finally {
      startButton.disabled = false;
    }
  };

  const shapes = Object.entries(store.model.shapes).map(([name, dims]) => `${name} [${dims.join(', ')}]`);
  const modelLine = h('p', null, 'Model: ', h('code', null, store.model.spec || 'none'), shapes.length ? ` with shape override ${shapes.join(', ')}` : '', ' ', button('change', () => store.show('model'), 'link'));
  const blockedLine = shapeProblemsText(store.shapeProblems);
  renderProviders();
  renderStopping();
  checkBatch();
  renderScenarioFields();
  replace(
    root,
    h('div', { class: 'view-head' }, h('h1', null, 'Run')),
    modelLine,
    blockedLine ? errorBox({ code: 'bad-input', message: blockedLine }) : null,
    h(
      'div',
      { class: 'grid-2' },
      section('Precisions', h('div', { class: 'row' }, ...precisionBoxes), h('p', { class: 'muted' }, 'FP16 and INT8 are converted from the FP32 model (and cached), then checked against FP32.')),
      section('Execution providers', providersBox, devicesBox, h('p', { class: 'muted' }, 'Unavailable providers are greyed out; hover for why, or see the Machine tab for how to enable them.')),
      section(
        'Batch sizes and threads',
        h('div', { class: 'actions' }, ...BATCH_PRESETS.map((p) => button(p.label, () => ((form.batchText = p.text), ((batchInput.querySelector('input') as HTMLInputElement).value = p.text), checkBatch())))),
        batchInput,
        textField('Intra-op threads', form.threadsText, (v) => (form.threadsText = v), 'default', 'Blank: onnxruntime default. A list such as 1,2,4 sweeps them.'),
      ),
      section(
        'Latency targets',
        textField('Latency SLO (p99, ms)', form.sloMsText, (v) => (form.sloMsText = v), 'e.g. 20', 'The results name the highest-throughput batch that meets it.'),
        textField('Stop growing the batch when p50 passes (ms)', form.maxLatencyMsText, (v) => (form.maxLatencyMsText = v), 'no limit'),
      ),
    ),
    section(
      'What to measure',
      h('div', { class: 'column' }, ...scenarioRadios),
      scenarioFields,
    ),
    section(
      'Stopping rule',
      h('p', { class: 'muted' }, 'Each point warms up, then times iterations until the 95% confidence interval of the mean is within the target, or the time cap is reached (then it is marked unstable).'),
      h('div', { class: 'row' }, ...presetRadios),
      h('details', null, h('summary', null, 'Advanced'), stoppingFields, checkbox("Profile onnxruntime's own run time (a short extra pass per point)", form.profileOrt, (on) => (form.profileOrt = on))),
    ),
    h('div', { class: 'actions' }, startButton),
    message,
  );
  // Every edit in this view ends in an input, change or click event that bubbles here, after the field's own handler.
  // `root` outlives this view (every view mounts into it): the listeners go when the view does.
  const listening = new AbortController();
  for (const type of ['input', 'change', 'click']) root.addEventListener(type, () => store.saveSettings(), { signal: listening.signal });
  void store.loadHardware();
  const off = store.on('hardware', renderProviders);
  return () => {
    off();
    listening.abort();
  };
}
