/**
 * Natural order, as the docker CLI sorts volume names (`vol2` before `vol10`): runs of ASCII
 * digits compare as numbers (with fewer leading zeros first on a tie), everything else character
 * by character, digits before other characters, and a string that is a prefix of another first.
 */
function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = isDigit(a, i);
    const db = isDigit(b, j);
    if (da !== db) return da;
    if (!da) {
      if (a[i] !== b[j]) return (a[i] as string) < (b[j] as string);
      i++;
      j++;
      continue;
    }
    // A number on both sides: skip leading zeros, then the longer number is the larger.
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a, i)) i++;
    while (j < b.length && isDigit(b, j)) j++;
    if (i - startA !== j - startB) return i - startA < j - startB;
    const na = a.slice(startA, i);
    const nb = b.slice(startB, j);
    if (na !== nb) return na < nb;
    if (startA !== startB) return startA < startB;
  }
  return a.length < b.length;
}

/** A comparator for Array.prototype.sort. */
export function byNaturalOrder(a: string, b: string): number {
  return naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0;
}
