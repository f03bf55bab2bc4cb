import type { InfermeterApi } from '../../../electron/contract/app-api';
import type { CheckReport } from '../../../electron/contract/check';
import type { RecommendationFile } from '../../../electron/contract/recommend';
import { Chart } from 'chart.js';
import type { PointResult, PrecisionVariantInfo } from '../../../electron/contract/run';
import { toErrorInfo } from '../api/errors';
import { button, download, h, replace } from '../dom';
import { checkHtml } from '../view-models/check-table';
import { recommendationHtml } from '../view-models/recommendation';
import { reportHtml, tableHtml } from '../view-models/report-html';
import { GENERATION_TABLE_HEADERS, generationRows, isGenerationRun } from '../view-models/generation';
import { accuracyRows, int8Verdict, precisionSpeedups, speedupRows } from '../view-models/speedups';
import { resultRows } from '../view-models/table-rows';
import { runToRunSentence } from '../../../electron/contract/run-to-run-text';
import type { ExportableChart } from './chart-set';
import { RESULT_COLUMNS } from './results-table';
import { errorBox } from './widgets';

export interface ReportSource {
  runId: string;
  title: string;
  facts: Array<[string, string]>;
  /** The report's opening: the answer (headline.ts) and the SLO it used; the accuracy rows; the INT8 sentence. */
  headline: () => string;
  sloText: () => string;
  variants: () => readonly PrecisionVariantInfo[];
  points: () => readonly PointResult[];
  charts: () => ExportableChart[];
  /** The reference check of a run with --data, exported with it. */
  check?: () => CheckReport | null;
  /** The run's recommendation when one has been computed (Recommend tab): exported with the run. */
  recommendation?: () => RecommendationFile | null;
}

/** The report's charts are drawn again at a page's full width (the panels on screen are half of it), then restored. */
const REPORT_CHART = { width: 1200, height: 560 };
function fullWidthPng(canvas: HTMLCanvasElement): string {
  const chart = Chart.getChart(canvas);
  if (!chart) return canvas.toDataURL('image/png');
  chart.resize(REPORT_CHART.width, REPORT_CHART.height);
  const url = canvas.toDataURL('image/png');
  chart.resize();
  return url;
}

/** Export buttons of a run: CSV and JSON as the CLI writes them (from the service), and an HTML report. */
export function exportBar(api: InfermeterApi, source: ReportSource): HTMLElement {
  const message = h('span', { class: 'export-message', attrs: { role: 'status' } });
  const exportAs = async (format: 'csv' | 'json') => {
    replace(message, `Exporting ${format.toUpperCase()}…`);
    try {
      const file = await api.call('exportRun', { runId: source.runId, format });
      download(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json');
      replace(message, `Saved ${file.fileName}`);
    } catch (error) {
      replace(message, errorBox(toErrorInfo(error)));
    }
  };
  const rec = () => source.recommendation?.() ?? null;
  const exportRecommendation = async (format: 'csv' | 'json') => {
    const recommendation = rec();
    if (!recommendation) return replace(message, 'No recommendation for this run yet: compute one on the Recommend tab.');
    try {
      const file = await api.call('exportRecommendation', { recommendation, format });
      download(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json');
      replace(message, `Saved ${file.fileName}`);
    } catch (error) {
      replace(message, errorBox(toErrorInfo(error)));
    }
  };
  const report = () => {
    const checkReport = source.check?.() ?? null;
    const points = source.points();
    const html = reportHtml({
      title: source.title,
      headline: source.headline(),
      slo: source.sloText(),
      facts: source.facts,
      accuracy: accuracyRows(source.variants()),
      speedups: speedupRows(points),
      speedupNote: int8Verdict(precisionSpeedups(points), null),
      images: source.charts().map((c) => ({ title: c.title, caption: c.caption, dataUrl: fullWidthPng(c.canvas) })),
      columns: RESULT_COLUMNS,
      rows: resultRows(points),
      intervalNote: runToRunSentence({ points }),
      generatedAt: new Date().toISOString(),
      recommendationHtml: rec() ? recommendationHtml(rec() as RecommendationFile) : null,
      checkHtml: checkReport ? checkHtml(checkReport) : null,
      generationHtml: isGenerationRun(points) ? `<h2>Generation (TTFT, inter-token latency, tokens/s)</h2>${tableHtml(GENERATION_TABLE_HEADERS, generationRows(points))}` : null,
    });
    download(`${source.runId}.report.html`, html, 'text/html');
    replace(message, `Saved ${source.runId}.report.html`);
  };
  return h(
    'div',
    { class: 'export-bar' },
    h('span', { class: 'label' }, 'Export'),
    button('CSV', () => void exportAs('csv')),
    button('JSON', () => void exportAs('json')),
    button('HTML report', report),
    rec() ? button('Recommendation CSV', () => void exportRecommendation('csv')) : null,
    rec() ? button('Recommendation JSON', () => void exportRecommendation('json')) : null,
    message,
  );
}
