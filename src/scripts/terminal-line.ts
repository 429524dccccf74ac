/**
 * The terminal's line editor draws its line itself, so it has to know where a line that wraps puts
 * the cursor: these pure helpers turn "prompt + text, cursor at column N, terminal M columns wide"
 * into the escape sequences that redraw it in place and leave it for output.
 */

/** Columns a text takes: CJK and full-width forms take two, as xterm draws them. */
export function columns(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return n;
}

/**
 * Redraws a line that the cursor left on row `fromRow` of it (0: its first row): up to its first
 * row, clear everything below, write `shown`, and put the cursor `at` columns from its start.
 * Returns the sequence and the cursor's row within the line afterwards.
 */
export function drawLine(fromRow: number, shown: string, at: number, cols: number): { sequence: string; row: number } {
  let s = fromRow > 0 ? `\x1b[${fromRow}A` : '';
  s += `\r\x1b[J${shown}`;
  const total = columns(shown);
  // A line that fills its last row exactly leaves xterm's cursor waiting at the edge: step onto the next row.
  if (total > 0 && total % cols === 0) s += '\r\n';
  const endRow = Math.floor(total / cols);
  const row = Math.floor(at / cols);
  const col = at % cols;
  if (endRow > row) s += `\x1b[${endRow - row}A`;
  s += '\r';
  if (col > 0) s += `\x1b[${col}C`;
  return { sequence: s, row };
}

/**
 * From the cursor's row of a drawn line to its end, then `suffix` (such as `^C`) and a new row, so
 * output starts below the line.
 */
export function leaveLine(row: number, shown: string, cols: number, suffix = ''): string {
  const total = columns(shown);
  const endRow = Math.floor(total / cols);
  const endCol = total % cols;
  let s = endRow > row ? `\x1b[${endRow - row}B` : '';
  s += '\r';
  if (endCol > 0) s += `\x1b[${endCol}C`;
  // Already on a fresh row (the line filled its last row exactly) unless something follows.
  if (endCol === 0 && total > 0 && suffix === '') return s;
  return `${s}${suffix}\r\n`;
}
