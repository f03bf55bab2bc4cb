/**
 * Lays rows out in columns padded with spaces, two spaces apart; the last column is not padded, so long
 * text there does not push trailing blanks. Rows may have fewer cells than others.
 */
export function padTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}
