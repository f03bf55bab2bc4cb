import { badInput } from '../errors';

/** One CSV row by header, with its 1-based line number in the file (the header is row 1), for error messages. */
export class CsvRow {
  constructor(
    private readonly fileName: string,
    readonly row: number,
    private readonly cells: Record<string, string>,
  ) {}

  private fail(column: string, value: string, want: string): never {
    throw badInput(`${this.fileName}: row ${this.row}, column ${column}: '${value}' is not ${want}; import a CSV written by infermeter (bench --out or Export CSV)`);
  }

  /** The text of a cell, with the quote runToCsv puts before text a spreadsheet would execute taken off again. */
  text(column: string): string {
    const value = this.cells[column] ?? '';
    return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
  }

  required(column: string): string {
    const value = this.text(column);
    if (value === '') this.fail(column, value, 'given (the cell is empty)');
    return value;
  }

  number(column: string): number {
    const value = this.required(column);
    const n = Number(value);
    if (!Number.isFinite(n)) this.fail(column, value, 'a number');
    return n;
  }

  int(column: string): number {
    const value = this.required(column);
    const n = Number(value);
    if (!Number.isInteger(n)) this.fail(column, value, 'a whole number');
    return n;
  }

  optionalNumber(column: string): number | null {
    return this.text(column) === '' ? null : this.number(column);
  }

  optionalInt(column: string): number | null {
    return this.text(column) === '' ? null : this.int(column);
  }

  /** `1.5 2 3.25` → [1.5, 2, 3.25]; an empty cell is an empty list. */
  numbers(column: string): number[] {
    return this.text(column)
      .split(' ')
      .filter((v) => v !== '')
      .map((v) => {
        const n = Number(v);
        if (!Number.isFinite(n)) this.fail(column, v, 'a number (of a space-separated list)');
        return n;
      });
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const value = this.required(column);
    const found = allowed.find((a) => a === value);
    if (found === undefined) this.fail(column, value, `one of ${allowed.join(', ')}`);
    return found;
  }

  /** `x=1x64 mask=1x128` → { x: [1, 64], mask: [1, 128] }; `k=` is a scalar. */
  shapes(column: string): Record<string, number[]> {
    const shapes: Record<string, number[]> = {};
    for (const part of this.text(column).split(' ').filter((p) => p !== '')) {
      const eq = part.lastIndexOf('=');
      const dims = eq < 0 ? [] : part.slice(eq + 1).split('x').filter((d) => d !== '').map(Number);
      if (eq <= 0 || dims.some((d) => !Number.isInteger(d) || d < 0)) this.fail(column, part, 'NAME=DxDx... (an input shape)');
      shapes[part.slice(0, eq)] = dims;
    }
    return shapes;
  }
}
