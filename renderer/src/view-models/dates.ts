/**
 * A run's start as a reader wants it: "2 Dec 2026, 14:34:32 (UTC+1)" in the viewer's locale and time zone, never the
 * raw ISO string; the ISO text stays in the exported files. Unparsable input is returned as it came.
 */
export function formatStartedAt(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date);
  const zone = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value;
  return zone ? `${text} (${zone})` : text;
}
