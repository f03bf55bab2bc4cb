import type { RecommendationFile } from '../../../electron/contract/recommend';
import type { RunSummary } from '../../../electron/contract/app-api';
import { toErrorInfo } from '../api/errors';
import { costChart } from '../charts/cost-chart';
import { button, download, emptyState, h, replace, spinner } from '../dom';
import type { Store } from '../store';
import {
  BATCH_HEADERS, BATCH_TERMS, batchCells, batchRows, costBars, DEFAULT_RECOMMEND_FORM, formOf, INSTANCE_HEADERS, instanceCells, instanceRows, parseRecommendForm, TENSORRT_COLUMN_NOTE, type RecommendForm,
} from '../view-models/recommendation';
import { RANK_BY } from '../../../electron/contract/energy-rank';
import { energySection } from './energy-section';
import { generationCostBars, generationCostTitle } from '../view-models/generation-recommendation';
import { shapeOptions, type ShapeOption } from '../view-models/generation-recommend-form';
import { generationSections } from './generation-recommendation-view';
import { errorBox, expandable, section } from './widgets';

function field(label: string, value: string, onInput: (v: string) => void, testId: string): { label: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { attrs: { type: 'text', inputmode: 'decimal', 'aria-label': label, 'data-testid': testId, value } });
  input.addEventListener('input', () => onInput(input.value));
  return { label: h('label', { class: 'field' }, h('span', null, label), input), input };
}

/** Room for every bar's label: 22 px a bar plus the title, legend and axis. */
function costChartHeight(bars: number): number {
  return Math.max(160, 110 + 22 * bars);
}

/**
 * The Recommendation view: pick a run, give the SLO, target QPS and headroom (and your prices), and read the batch
 * size per precision × provider and the instances ranked by cost per 1M — MEASURED and PROJECTED rows apart.
 */
export function mountRecommendation(root: HTMLElement, store: Store): () => void {
  let chart: { destroy(): void } | null = null;
  const form: RecommendForm = { ...DEFAULT_RECOMMEND_FORM, ...(store.sloMs !== null ? { sloMs: String(store.sloMs) } : {}) };
  let prices: { fileName: string; content: string } | null = null;
  const output = h('div', { attrs: { 'data-testid': 'recommendation-output' } });
  const message = h('div');
  replace(root, spinner('Loading the run history…'));

  const show = (rec: RecommendationFile) => {
    chart?.destroy();
    const canvas = h('canvas', { attrs: { 'aria-label': 'Cost of serving the target per 1M requests, by instance', 'data-testid': 'recommendation-cost-chart' } });
    const exportAs = async (format: 'csv' | 'json') => {
      try {
        const file = await store.api.call('exportRecommendation', { recommendation: rec, format });
        download(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json');
      } catch (error) {
        replace(message, errorBox(toErrorInfo(error)));
      }
    };
    if (rec.generation) {
      replace(output, ...generationSections(rec, canvas, exportAs));
      const bars = generationCostBars(rec);
      canvas.dataset.bars = String(bars.labels.length);
      chart = costChart(canvas, bars, rec.qps, generationCostTitle(rec));
      return;
    }
    const batch = batchRows(rec);
    const instances = instanceRows(rec);
    const bars = costBars(rec);
    canvas.dataset.bars = String(bars.labels.length);
    canvas.dataset.series = [bars.hasMeasured ? 'MEASURED' : '', bars.hasProjected ? 'PROJECTED' : ''].filter(Boolean).join(',');
    replace(
      output,
      h('p', { class: 'recommendation-verdict', attrs: { 'data-testid': 'recommendation-explanation' } }, h('strong', null, rec.explanation)),
      h('div', { class: 'export-bar' }, h('span', { class: 'label' }, 'Export'), button('Recommendation CSV', () => void exportAs('csv')), button('Recommendation JSON', () => void exportAs('json'))),
      section(
        `Batch size under p99 ≤ ${rec.sloMs} ms`,
        h('p', null, rec.batch.explanation),
        h('table', { class: 'data', attrs: { 'data-testid': 'recommendation-batches' } },
          h('thead', null, h('tr', null, ...BATCH_HEADERS.map((x) => h('th', null, x)))),
          h('tbody', null, ...batch.map((r) => h('tr', { class: r.isSource ? 'source' : '' }, ...batchCells(r).map((c) => h('td', null, c)))))),
        h('p', { class: 'muted', attrs: { 'data-testid': 'recommendation-terms' } }, BATCH_TERMS),
      ),
      section(
        `Instances for ${rec.qps} QPS with ${Math.round(rec.headroom * 100)}% headroom`,
        h('p', { class: 'muted' }, rec.source
          ? `From the ${rec.source.precision.toUpperCase()} ${rec.source.provider} numbers of this run. Ranked by the cost of serving the target (instances needed × price per hour ÷ requests served); ` +
            `PROJECTED rows are low–high ranges (hatched in the chart), ranked on their low end, not measurements; targets with no onnxruntime path are listed, not ranked. ${TENSORRT_COLUMN_NOTE}`
          : 'Nothing in this run meets the SLO to project from.'),
        h('div', { class: 'chart-box cost-chart', attrs: { style: `height: ${costChartHeight(bars.labels.length)}px` } }, canvas),
        h('table', { class: 'data recommendation-instances', attrs: { 'data-testid': 'recommendation-instances' } },
          h('thead', null, h('tr', null, ...INSTANCE_HEADERS.map((x) => h('th', null, x)))),
          h('tbody', null, ...instances.map((r) => h('tr', { class: `basis-${r.basis}${r.recommended ? ' recommended' : ''}`, attrs: { 'data-basis': r.basis } },
            h('td', null, r.instanceId, r.recommended ? h('span', { class: 'badge badge-finished' }, 'recommended') : null),
            // The notes (last) run to several sentences on GPU rows: clamped to three lines, a click shows them whole.
            ...instanceCells(r).map((c, i, all) => (i === all.length - 1 && c ? h('td', { attrs: { title: c } }, expandable(c, 'notes')) : h('td', null, c))))))),
        h('details', null, h('summary', null, 'Method'), h('p', null, rec.method), rec.machineRates ? h('p', null, `This machine's rates: ${rec.machineRates.method}`) : null),
      ),
      rec.energy ? energySection(rec.energy, rec) : null,
    );
    chart = costChart(canvas, bars, rec.qps);
  };

  const build = (runs: RunSummary[]) => {
    if (runs.length === 0) {
      return replace(root, emptyState('No runs yet', 'A recommendation is computed from a run: measure one on the Run tab first.', button('Set up a run', () => store.show('run'), 'primary')));
    }
    const preferred = store.openedRunId ?? store.live?.runId ?? null;
    const select = h('select', { attrs: { 'aria-label': 'Run', 'data-testid': 'recommend-run' } },
      ...runs.map((r) => h('option', { attrs: { value: r.id, ...(r.id === preferred ? { selected: '' } : {}) } }, `${r.id} (${r.origin}, ${r.machine})`)));
    const imported = runs.filter((r) => r.origin === 'imported');
    const others = imported.map((r) => ({ id: r.id, box: h('input', { attrs: { type: 'checkbox', 'aria-label': `use run ${r.id}` } }) }));
    const pricesInput = h('input', { attrs: { type: 'file', accept: '.json,application/json', 'aria-label': 'Your prices (JSON)' } });
    const pricesLabel = h('span', { class: 'muted' }, 'shipped catalog prices');
    pricesInput.addEventListener('change', () => {
      const file = pricesInput.files?.[0];
      if (!file) return;
      void file.text().then((content) => {
        prices = { fileName: file.name, content };
        replace(pricesLabel, `prices from ${file.name}`);
      });
    });
    // The generation fields show only for a run with generation points; its shapes come from its record.
    let generation = false;
    const compute = async () => {
      const parsed = parseRecommendForm(form, generation);
      if (!parsed.ok) return replace(message, errorBox({ code: 'bad-input', message: parsed.errors.join('; ') }));
      replace(message, spinner('Computing (the first time, this machine\'s MatMul and copy rates are measured: a few seconds)…'));
      try {
        const runId = select.value;
        const rec = await store.api.call('recommend', { runId, ...parsed.params, prices, otherRunIds: others.filter((o) => o.box.checked).map((o) => o.id) });
        store.recommendations.set(runId, rec);
        replace(message);
        showWithForm(rec);
      } catch (error) {
        replace(message, errorBox(toErrorInfo(error)));
      }
    };
    const fields = {
      sloMs: field('SLO (p99 ms)', form.sloMs, (v) => (form.sloMs = v), 'recommend-slo'),
      qps: field('Target QPS (requests/s; a generation run: sequences of its prompt + generated tokens)', form.qps, (v) => (form.qps = v), 'recommend-qps'),
      headroomPercent: field('Headroom (%)', form.headroomPercent, (v) => (form.headroomPercent = v), 'recommend-headroom'),
      tokensPerS: field('Target tokens/s (generated, in total; instead of QPS)', form.tokensPerS, (v) => (form.tokensPerS = v), 'recommend-tokens-per-s'),
    };
    // Exactly one target: typing one clears the other.
    const clearOther = (typed: 'qps' | 'tokensPerS', other: 'qps' | 'tokensPerS') => fields[typed].input.addEventListener('input', () => {
      if (fields[typed].input.value.trim() !== '') fields[other].input.value = form[other] = '';
    });
    clearOther('qps', 'tokensPerS');
    clearOther('tokensPerS', 'qps');
    const shape = h('select', { attrs: { 'aria-label': 'Prompt × gen', 'data-testid': 'recommend-shape' } });
    shape.addEventListener('change', () => (form.shape = shape.value));
    const generationFields = h('div', { class: 'form-grid', attrs: { 'data-testid': 'recommend-generation', style: 'display: none' } },
      fields.tokensPerS.label, h('label', { class: 'field' }, h('span', null, 'Prompt × gen (a measured shape)'), shape));
    const showGeneration = (options: ShapeOption[]) => {
      generation = options.length > 0;
      // .form-grid's display would override the hidden attribute.
      generationFields.style.display = generation ? '' : 'none';
      replace(shape, ...options.map((o) => h('option', { attrs: { value: o.value } }, o.label)));
      if (!options.some((o) => o.value === form.shape)) form.shape = '';
      shape.value = form.shape;
    };
    const loadShapes = (runId: string) => {
      showGeneration([]);
      store.api.call('getRun', { runId }).then((run) => {
        if (select.value !== runId) return;
        showGeneration(shapeOptions(run));
        if (!generation && form.qps.trim() === '') fields.qps.input.value = form.qps = DEFAULT_RECOMMEND_FORM.qps;
      }, (error: unknown) => replace(message, errorBox(toErrorInfo(error))));
    };
    const rankBy = h('select', { attrs: { 'aria-label': 'Rank by', 'data-testid': 'recommend-rank-by' } },
      ...RANK_BY.map((r) => h('option', { attrs: { value: r, ...(r === form.rankBy ? { selected: '' } : {}) } }, r)));
    rankBy.addEventListener('change', () => (form.rankBy = rankBy.value));
    // A result on screen is always shown with the inputs that produced it (coming back to the tab included).
    const showWithForm = (rec: RecommendationFile) => {
      Object.assign(form, formOf(rec));
      for (const key of ['sloMs', 'qps', 'headroomPercent', 'tokensPerS'] as const) fields[key].input.value = form[key];
      rankBy.value = form.rankBy;
      shape.value = form.shape;
      show(rec);
    };
    select.addEventListener('change', () => {
      loadShapes(select.value);
      const known = store.recommendations.get(select.value);
      if (known) showWithForm(known);
      else replace(output);
    });
    replace(
      root,
      section(
        'Recommendation',
        h('p', { class: 'muted' }, 'The batch size to serve at under a p99 latency SLO, and the cloud instances that serve a target QPS under it at the lowest cost (price per hour of the instances needed ÷ requests served). For a generation run the SLO is the inter-token latency\'s p99, the target is requests/s or generated tokens/s, a request is one sequence of the prompt × gen shape chosen among those the run measured (by default its longest), and instances are ranked per 1M generated tokens.'),
        h('div', { class: 'form-grid', attrs: { 'data-testid': 'recommend-form' } },
          h('label', { class: 'field' }, h('span', null, 'Run'), select),
          fields.sloMs.label,
          fields.qps.label,
          fields.headroomPercent.label,
          h('label', { class: 'field' }, h('span', null, 'Rank by'), rankBy),
          h('div', { class: 'field' }, h('span', null, 'Prices'), h('label', { class: 'button' }, 'Your prices (JSON)…', pricesInput), pricesLabel),
        ),
        generationFields,
        others.length ? h('div', null, h('p', { class: 'muted' }, 'Runs imported from other machines give MEASURED numbers for their hardware:'), ...others.map((o) => h('label', { class: 'check' }, o.box, o.id))) : null,
        h('div', { class: 'actions' }, h('button', { class: 'primary', attrs: { type: 'button', 'data-testid': 'recommend-compute' }, on: { click: () => void compute() } }, 'Recommend')),
        message,
      ),
      output,
    );
    loadShapes(select.value);
    const known = store.recommendations.get(select.value);
    if (known) showWithForm(known);
  };

  store.api.call('listRuns', {}).then(build, (error: unknown) => replace(root, errorBox(toErrorInfo(error))));
  return () => chart?.destroy();
}
