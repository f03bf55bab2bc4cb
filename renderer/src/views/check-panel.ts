import { DEFAULT_TOLERANCE } from '../../../electron/contract/check';
import type { ModelInfo } from '../../../electron/contract/model';
import type { Precision } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { button, h, replace, spinner } from '../dom';
import type { Store } from '../store';
import { checkTable } from './check-section';
import { errorBox, section } from './widgets';

const PRECISIONS: Precision[] = ['fp32', 'fp16', 'int8'];

/**
 * The CLI's `check` for the inspected model: a reference data folder (test_data_set_N/input_K, output_K as .pb or
 * .npy) on the machine running infermeter, run on the CPU at the chosen precisions, every output against its reference.
 */
export function checkPanel(store: Store, info: ModelInfo): HTMLElement {
  const dirInput = h('input', { class: 'path', attrs: { type: 'text', placeholder: '/path/to/model/test_data_set_0/..', 'aria-label': 'Reference data folder' } });
  dirInput.value = store.model.referenceData ?? '';
  const chosen = new Set<Precision>(['fp32']);
  const boxes = PRECISIONS.map((p) => {
    const input = h('input', { attrs: { type: 'checkbox', value: p, 'aria-label': `Check ${p.toUpperCase()}` } });
    input.checked = chosen.has(p);
    input.addEventListener('change', () => (input.checked ? chosen.add(p) : chosen.delete(p)));
    return h('label', { class: 'check' }, input, p.toUpperCase());
  });
  const result = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'check-result' } });
  const run = async () => {
    const dataDir = dirInput.value.trim();
    if (!dataDir) return replace(result, errorBox({ code: 'bad-input', message: 'Give the reference data folder (it holds test_data_set_N/ folders, or input_K and output_K files).' }));
    if (chosen.size === 0) return replace(result, errorBox({ code: 'bad-input', message: 'Choose at least one precision to check.' }));
    checkButton.disabled = true;
    const precisions = PRECISIONS.filter((p) => chosen.has(p));
    replace(result, spinner(`Running ${info.path.split(/[\\/]/).pop() ?? 'the model'} on every data set at ${precisions.map((p) => p.toUpperCase()).join(', ')}…`));
    try {
      const report = await store.api.call('checkModel', { model: store.model.spec, dataDir, providers: ['cpu'], precisions, tolerance: DEFAULT_TOLERANCE });
      store.model.referenceData = dataDir;
      replace(result, checkTable(report), h('p', { class: 'muted' }, 'Runs started from the Run tab now carry this folder: they repeat the check on every provider and precision measured, and the results and HTML report show it.'));
    } catch (error) {
      replace(result, errorBox(toErrorInfo(error)));
    } finally {
      checkButton.disabled = false;
    }
  };
  const checkButton = button('Check against the references', () => void run());
  return section(
    'Check outputs against reference data',
    h('p', { class: 'muted' }, `A folder as the ONNX Model Zoo ships it: test_data_set_N/input_K.pb and output_K.pb (TensorProto) or .npy. Pass or fail per output at |actual − expected| ≤ ${DEFAULT_TOLERANCE.atol} + ${DEFAULT_TOLERANCE.rtol} × |expected| (the ONNX backend tests' rule); the CLI's check takes other tolerances and GPU providers.`),
    h('label', { class: 'field' }, h('span', null, 'Data folder (on the machine running infermeter)'), dirInput),
    h('div', { class: 'row' }, ...boxes),
    h('div', { class: 'actions' }, checkButton),
    result,
  );
}
