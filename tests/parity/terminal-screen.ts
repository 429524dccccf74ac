/**
 * What a terminal shows once a client's bytes have been written to it (A14). On a terminal the
 * real client draws `docker pull`'s progress as lines it goes back to and redraws (cursor up,
 * erase the line, carriage return, the new text, cursor down); how many redraws there are depends
 * on how the stream arrived, and the reader is left with the last of each. The lab's client writes
 * that last screen. Both transcripts are compared as screens: the text of every row, in order,
 * with the cursor movements a client uses applied. Nothing else is interpreted: any other escape
 * sequence is kept as it is, so it still has to match byte for byte.
 */

/** ESC [ n A/B/K: cursor up, cursor down, erase in line. */
const CSI = new RegExp(`^${String.fromCharCode(27)}\\[(\\d*)([ABK])`);

/** The rows a terminal shows after `text`, joined with CR LF (the last row as it stands). */
export function screenText(text: string): string {
  const rows: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (s: string): void => {
    const line = rows[row] as string;
    rows[row] = line.padEnd(col, ' ').slice(0, col) + s + line.slice(col + s.length);
    col += s.length;
  };
  const move = (to: number): void => {
    row = Math.max(0, to);
    while (rows.length <= row) rows.push('');
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\r') col = 0;
    else if (ch === '\n') move(row + 1);
    else if (ch === '\x1b') {
      const m = CSI.exec(text.slice(i, i + 12));
      if (m) {
        const n = m[1] === '' ? 1 : Number(m[1]);
        if (m[2] === 'A') move(row - n);
        else if (m[2] === 'B') move(row + n);
        // Erase in line: 2 the whole line, 0 (or none) from the cursor on; the cursor stays.
        else if (m[1] === '2') rows[row] = '';
        else if (m[1] === '' || m[1] === '0') rows[row] = (rows[row] as string).slice(0, col);
        else put(m[0]);
        i += m[0].length - 1;
      } else put(ch);
    } else {
      // A run of plain characters at once.
      let j = i;
      while (j < text.length && !'\r\n\x1b'.includes(text[j] as string)) j++;
      put(text.slice(i, j));
      i = j - 1;
    }
  }
  return rows.join('\r\n');
}
