/** Human-readable numbers for messages and terminal output; the JSON and CSV keep the raw values. */
export function formatCount(n: number, unit = ''): string {
  const steps: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, prefix] of steps) if (Math.abs(n) >= scale) return `${(n / scale).toFixed(n / scale >= 100 ? 0 : 2)} ${prefix}${unit}`;
  return `${n}${unit ? ` ${unit}` : ''}`;
}

/** Milliseconds with three significant digits, whatever the magnitude. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** 1536 → "1.5 KiB"; binary units, as caches and memory are sized. UNKNOWN stands in for a size not known. */
export function formatBytes(bytes: number | null | undefined, unknown = 'unknown'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return unknown;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}
