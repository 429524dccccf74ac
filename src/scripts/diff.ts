/**
 * A line diff for showing how a cell's actual output differs from the expected one: marks the
 * lines outside a longest common subsequence. Outputs in a chapter are short; past a size where
 * the table would be large, every line is marked instead.
 */
export interface DiffLine {
  text: string;
  changed: boolean;
}

const MAX_CELLS = 250_000;

export function diffLines(expected: string, actual: string): { expected: DiffLine[]; actual: DiffLine[] } {
  const a = expected.split('\n');
  const b = actual.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return { expected: a.map((text) => ({ text, changed: true })), actual: b.map((text) => ({ text, changed: true })) };
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const keepA = new Set<number>();
  const keepB = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      keepA.add(i++);
      keepB.add(j++);
    } else if ((lcs[i + 1] as number[])[j] as number >= ((lcs[i] as number[])[j + 1] as number)) i++;
    else j++;
  }
  return {
    expected: a.map((text, k) => ({ text, changed: !keepA.has(k) })),
    actual: b.map((text, k) => ({ text, changed: !keepB.has(k) })),
  };
}
