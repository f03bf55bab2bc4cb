import type { BenchOptions, PointResult, PrecisionVariantInfo } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { button, h, replace } from '../dom';
import type { Store } from '../store';
import { remeasureParams, runHeadline, type Headline } from '../../../common/headline';
import { errorBox, setText } from './widgets';

export interface HeadlineSource {
  points: () => readonly PointResult[];
  variants: () => readonly PrecisionVariantInfo[];
  options: () => BenchOptions | null;
  running: () => boolean;
}

/** The run's answer in one sentence at the top of Results, with a button that re-measures an unstable answer. */
export function headlineBlock(store: Store, source: HeadlineSource): { element: HTMLElement; update: () => Headline } {
  const text = h('p', { class: 'headline-text' });
  const actions = h('span', { class: 'headline-actions' });
  const hint = h('p', { class: 'muted headline-hint' });
  const element = h('div', { class: 'headline', attrs: { 'data-testid': 'headline', role: 'status' } }, text, actions, hint);
  let shownRemeasure = false;
  let latest: Headline | null = null;
  const remeasure = async () => {
    const options = source.options();
    const point = latest?.point;
    if (!options || !point) return;
    try {
      await store.startRun(remeasureParams(options, point));
    } catch (error) {
      replace(actions, errorBox(toErrorInfo(error)));
    }
  };
  const update = () => {
    const headline = runHeadline({ points: source.points(), variants: source.variants(), sloMs: store.sloMs, running: source.running() });
    latest = headline;
    setText(text, headline.text);
    element.classList.toggle('headline-unstable', headline.remeasure);
    const want = headline.remeasure && !source.running() && source.options() !== null;
    if (want !== shownRemeasure) {
      shownRemeasure = want;
      replace(actions, want ? button('Re-measure this configuration', () => void remeasure(), 'primary small') : null);
    }
    setText(hint, store.sloMs === null ? 'Set a latency SLO on the Run tab to get the best configuration that meets it.' : '');
    return headline;
  };
  update();
  return { element, update };
}
