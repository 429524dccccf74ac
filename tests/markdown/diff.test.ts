import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/scripts/diff.ts';

const changed = (lines: { text: string; changed: boolean }[]) => lines.filter((l) => l.changed).map((l) => l.text);

describe('diffLines', () => {
  it('marks nothing when outputs are equal', () => {
    const d = diffLines('a\nb', 'a\nb');
    expect(changed(d.expected)).toEqual([]);
    expect(changed(d.actual)).toEqual([]);
  });

  it('marks only the lines outside the common subsequence', () => {
    const d = diffLines('NAME\nweb\ndb', 'NAME\nweb\ncache\ndb');
    expect(changed(d.expected)).toEqual([]);
    expect(changed(d.actual)).toEqual(['cache']);
  });

  it('marks a changed line on both sides', () => {
    const d = diffLines('Up 2 seconds\nweb', 'Up 4 seconds\nweb');
    expect(changed(d.expected)).toEqual(['Up 2 seconds']);
    expect(changed(d.actual)).toEqual(['Up 4 seconds']);
  });

  it('marks every line of very large outputs instead of building a huge table', () => {
    const big = Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n');
    const d = diffLines(big, big + '\nmore');
    expect(d.actual.every((l) => l.changed)).toBe(true);
  });
});
