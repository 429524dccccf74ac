/** A unified diff of two texts by lines (longest common subsequence), for doc-test reports. */
export function unifiedDiff(expected: string, actual: string, context = 3): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  // ai/bi: 1-based line number of this line on its side (or lines consumed so far on the other).
  type Op = { tag: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ tag: ' ', text: a[i++] as string, ai: i, bi: ++j });
    else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ tag: '-', text: a[i++] as string, ai: i, bi: j });
    else ops.push({ tag: '+', text: b[j++] as string, ai: i, bi: j });
  }
  const out = ['--- expected', '+++ actual'];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.tag === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are within 2*context lines of each other.
    while (end < ops.length) {
      if (ops[end]!.tag !== ' ') {
        end++;
        continue;
      }
      let run = end;
      while (run < ops.length && ops[run]!.tag === ' ') run++;
      if (run === ops.length || run - end > 2 * context) {
        end = Math.min(end + context, ops.length);
        break;
      }
      end = run;
    }
    const hunk = ops.slice(start, end);
    const aStart = hunk.findIndex((o) => o.tag !== '+');
    const bStart = hunk.findIndex((o) => o.tag !== '-');
    const aLen = hunk.filter((o) => o.tag !== '+').length;
    const bLen = hunk.filter((o) => o.tag !== '-').length;
    // Line numbers are 1-based; an empty side names the line before the hunk, as diff does.
    const aFrom = aLen === 0 ? (hunk[0]?.ai ?? 0) : hunk[aStart]!.ai;
    const bFrom = bLen === 0 ? (hunk[0]?.bi ?? 0) : hunk[bStart]!.bi;
    out.push(`@@ -${aFrom},${aLen} +${bFrom},${bLen} @@`);
    for (const o of hunk) out.push(`${o.tag}${o.text}`);
    k = end;
  }
  return out.join('\n');
}
