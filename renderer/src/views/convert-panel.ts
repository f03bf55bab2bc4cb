import type { ConversionTarget } from '../../../electron/contract/convert';
import type { ModelInfo } from '../../../electron/contract/model';
import { toErrorInfo } from '../api/errors';
import { button, facts, h, replace, spinner } from '../dom';
import type { Store } from '../store';
import { conversionFacts, CONVERSION_TARGETS, defaultOutPath } from '../view-models/convert-report';
import { errorBox, section } from './widgets';

/**
 * Precision conversion of the inspected model (the CLI's `convert`): FP16 or INT8 written to a path on the machine
 * running infermeter, then checked against FP32 on the same inputs. `inspect` opens the result in the model view.
 */
export function convertPanel(store: Store, info: ModelInfo, inspect: (path: string) => void): HTMLElement {
  let target: ConversionTarget = 'fp16';
  const outInput = h('input', { class: 'path', attrs: { type: 'text', 'aria-label': 'Converted model path' } });
  outInput.value = defaultOutPath(info.path, target);
  const result = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'conversion' } });
  const radios = CONVERSION_TARGETS.map(({ target: t, label }) => {
    const input = h('input', { attrs: { type: 'radio', name: 'convert-target', value: t } });
    input.checked = t === target;
    input.addEventListener('change', () => {
      // The default name follows the target unless the user typed their own.
      if (outInput.value === defaultOutPath(info.path, target)) outInput.value = defaultOutPath(info.path, t);
      target = t;
    });
    return h('label', { class: 'check' }, input, label);
  });
  const convertButton = button('Convert and check accuracy', () => void convert());
  const convert = async () => {
    const outPath = outInput.value.trim();
    if (!outPath) return replace(result, errorBox({ code: 'bad-input', message: 'Give the path to write the converted model to.' }));
    convertButton.disabled = true;
    replace(result, spinner(`Converting to ${target.toUpperCase()}, then running FP32 and ${target.toUpperCase()} on the same inputs…`));
    try {
      const report = await store.api.call('convertModel', { model: store.model.spec, to: target, outPath, dims: store.model.dims, intRanges: store.model.intRanges });
      replace(
        result,
        h('h3', null, `Converted to ${report.target.toUpperCase()}`),
        facts(conversionFacts(report)),
        report.warnings.length ? h('ul', { class: 'warnings' }, ...report.warnings.map((w) => h('li', null, w))) : null,
        report.keptFp32.length ? h('details', null, h('summary', null, `Nodes kept in FP32 (${report.keptFp32.length})`), h('ul', null, ...report.keptFp32.map((k) => h('li', null, `${k.node} (${k.op}): ${k.reason}`)))) : null,
        h('div', { class: 'actions' }, button('Inspect the converted model', () => inspect(report.outputPath))),
      );
    } catch (error) {
      replace(result, errorBox(toErrorInfo(error)));
    } finally {
      convertButton.disabled = false;
    }
  };
  return section(
    'Convert precision',
    h('p', { class: 'muted' }, 'The Run tab converts on its own when you pick FP16 or INT8; convert here to keep the file, or to see what a conversion costs in accuracy first.'),
    h('div', { class: 'column' }, ...radios),
    h('label', { class: 'field' }, h('span', null, 'Write to (on the machine running infermeter)'), outInput),
    h('div', { class: 'actions' }, convertButton),
    result,
  );
}
