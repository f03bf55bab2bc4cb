/**
 * Numbers as the app, its HTML report and the CLI's answer line print them: "1.50 ms", "2.84 k samples/s", "1 min
 * 05 s". One place, so the charts, the tables and the headline say the same thing wherever they are read.
 */

/** Units for labels, tooltips and tables: one place, so the charts and the table say the same thing. */

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function formatThroughput(samplesPerSecond: number | null | undefined): string {
  if (samplesPerSecond === null || samplesPerSecond === undefined || !Number.isFinite(samplesPerSecond)) return '—';
  return `${formatNumber(samplesPerSecond)} samples/s`;
}

/** 1234 → "1.23 k", 1.5e9 → "1.50 G"; small numbers keep a few significant digits. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) if (abs >= scale) return `${(n / scale).toFixed(2)} ${suffix}`;
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** "1 min 05 s", "42 s", "under a second". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return 'under a second';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
