/**
 * Text metrics without a DOM: widths estimated from character classes of the site's fonts (a
 * system sans-serif and a monospace at 0.6 em). Good enough to size boxes and cut long labels;
 * the estimate errs wide so text stays inside its box.
 */

const NARROW = new Set('iljtf!|.,:;\'`()[]{} ');
const WIDE = new Set('mwMW@%');

function isWide(code: number): boolean {
  // CJK, full-width forms and Hangul take a full em.
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || (code >= 0x3000 && code <= 0x303f);
}

/** Estimated width in px of `text` at `size` px. */
export function textWidth(text: string, size: number, mono = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (isWide(code)) em += 1;
    else if (mono) em += 0.6;
    else if (NARROW.has(ch)) em += 0.32;
    else if (WIDE.has(ch)) em += 0.85;
    else if (ch >= 'A' && ch <= 'Z') em += 0.66;
    else em += 0.56;
  }
  return em * size;
}

/** Cuts `text` with an ellipsis so it fits `width` px. */
export function fit(text: string, width: number, size: number, mono = false): string {
  if (textWidth(text, size, mono) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', size, mono) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('') + '…';
}
