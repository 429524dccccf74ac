/**
 * The table layout of Go's text/tabwriter as the docker CLI and kubectl configure it: each column is
 * as wide as its widest cell plus padding (never less than minwidth), cells padded with spaces, and
 * the last cell of a row is never padded. Docker uses (minwidth 10, padding 3); kubectl (0, 3).
 */
export interface TableOptions {
  minWidth: number;
  padding: number;
}

export const DOCKER_TABLE: TableOptions = { minWidth: 10, padding: 3 };
export const KUBECTL_TABLE: TableOptions = { minWidth: 0, padding: 3 };

/**
 * Lays out rows of cells. As in tabwriter, a column's width is computed over the consecutive rows that
 * have a cell in it; cells are measured in runes (code points), as Go measures them.
 */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      const w = runeLength(row[i] as string) + options.padding;
      widths[i] = Math.max(widths[i] ?? 0, w, options.minWidth);
    }
  }
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i] as string;
      if (i === row.length - 1) {
        line += cell;
      } else {
        line += cell + ' '.repeat((widths[i] as number) - runeLength(cell));
      }
    }
    out += line + '\n';
  }
  return out;
}

export function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
