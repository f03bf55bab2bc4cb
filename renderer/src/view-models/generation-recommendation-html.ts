import type { Recommendation } from '../../../electron/contract/recommend';
import { formatMs } from './format';
import {
  GENERATION_BATCH_HEADERS, GENERATION_INSTANCE_HEADERS, generationBatchCells, generationInstanceCells, generationInstanceRows, generationTargetText,
} from './generation-recommendation';
import { htmlTable } from './recommendation';
import { escapeHtml } from './report-html';

/** The HTML report's recommendation section for a generation run. */
export function generationRecommendationHtml(rec: Recommendation): string {
  const g = rec.generation;
  if (!g) return '';
  const batch = htmlTable(GENERATION_BATCH_HEADERS, generationBatchCells(rec).map((r) => ({ cells: r.cells })));
  const instances = htmlTable(
    GENERATION_INSTANCE_HEADERS,
    generationInstanceRows(rec).map((r) => ({ cells: [`${r.instanceId}${r.recommended ? ' (recommended)' : ''}`, ...generationInstanceCells(r)], className: `basis-${r.basis}` })),
  );
  return `<h2>Recommendation</h2>
<p>SLO ITL p99 ≤ ${escapeHtml(formatMs(rec.sloMs))}, ${escapeHtml(generationTargetText(rec))}; computed ${escapeHtml(rec.createdAt)}.</p>
<p>${escapeHtml(g.localAnswer)}</p>
${batch}
<p><strong>${escapeHtml(rec.explanation)}</strong></p>
${instances}
<p class="method">Ranked by the cost of serving the target per 1M generated tokens. PROJECTED rows are ranges, not measurements, ranked on their low end. ${escapeHtml(rec.method)}</p>`;
}
