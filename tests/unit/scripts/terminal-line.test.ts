import { describe, expect, it } from 'vitest';
import { columns, drawLine, leaveLine } from '../../../src/scripts/terminal-line.ts';

describe('terminal line editing', () => {
  it('counts wide characters as two columns', () => {
    expect(columns('abc')).toBe(3);
    expect(columns('容器 ok')).toBe(7);
  });

  it('redraws a short line in place and puts the cursor where it is', () => {
    expect(drawLine(0, '$ ls -l', 7, 80)).toEqual({ sequence: '\r\x1b[J$ ls -l\r\x1b[7C', row: 0 });
    expect(drawLine(0, '$ ls -l', 4, 80)).toEqual({ sequence: '\r\x1b[J$ ls -l\r\x1b[4C', row: 0 });
  });

  it('goes back up to the first row of a wrapped line before drawing it again', () => {
    const shown = `$ ${'x'.repeat(20)}`; // 22 columns on a 10-column terminal: rows 0, 1, 2
    expect(drawLine(2, shown, 22, 10)).toEqual({ sequence: `\x1b[2A\r\x1b[J${shown}\r\x1b[2C`, row: 2 });
    // Cursor moved back to column 5: one row up from the end row.
    expect(drawLine(2, shown, 5, 10)).toEqual({ sequence: `\x1b[2A\r\x1b[J${shown}\x1b[2A\r\x1b[5C`, row: 0 });
  });

  it('steps onto the next row when the line fills its last row exactly', () => {
    expect(drawLine(0, '$ 12345678', 10, 10)).toEqual({ sequence: '\r\x1b[J$ 12345678\r\n\r', row: 1 });
  });

  it('leaves a line below its end, with an optional mark', () => {
    expect(leaveLine(0, '$ ls', 80)).toBe('\r\x1b[4C\r\n');
    expect(leaveLine(0, `$ ${'x'.repeat(20)}`, 10, '^C')).toBe('\x1b[2B\r\x1b[2C^C\r\n');
    expect(leaveLine(1, '$ 12345678', 10)).toBe('\r');
  });
});
