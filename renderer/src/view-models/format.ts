import { formatBytes as formatBytesText } from '../../../common/units';

import { formatNumber } from '../../../common/readable';

export { formatDuration, formatMs, formatNumber, formatThroughput } from '../../../common/readable';

/** Sizes as the CLI prints them (common/units.ts); a size not known is a dash. */
export function formatBytes(bytes: number | null | undefined): string {
  return formatBytesText(bytes, '—');
}

export function formatFlops(flops: number): string {
  return `${formatNumber(flops)}FLOP`.replace(/(\d) FLOP$/, '$1 FLOP');
}

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

