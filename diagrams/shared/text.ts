/**
 * Text metrics without a DOM: widths estimated from character classes of the site's fonts (a
 * system sans-serif and a monospace at 0.6 em). Good enough to size boxes and wrap long labels;
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
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else em += 0.58;
  }
  return em * size;
}

/** Cuts `text` with an ellipsis so it fits `width` px (for prose only: values are wrapped, never cut). */
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

/** Where a line may break inside a word: after a path, list or key separator. */
const SOFT = new Set(['/', ',', ';', ':', '=', '-', '.', '_', '@']);

/**
 * Breaks `text` into lines no wider than `width` px: at spaces first, then after separators
 * (`/`, `:`, `,` …) inside a long word, and only then between any two characters. Nothing is
 * dropped: joined back (with the spaces it broke at) the lines are the text. With `maxLines`, the
 * lines past it are left out and the last one ends in an ellipsis: for prose such as a build step,
 * whose whole text stays in the picture's text alternative.
 */
export function wrap(text: string, width: number, size: number, mono = false, maxLines = Infinity): string[] {
  if (text === '') return [];
  const fits = (s: string): boolean => textWidth(s, size, mono) <= width;
  const lines: string[] = [];
  let line = '';
  const push = (word: string): void => {
    const joined = line === '' ? word : `${line} ${word}`;
    if (fits(joined)) {
      line = joined;
      return;
    }
    // A word wider than a whole line starts on this one (a digest after `ADD file:`); any other
    // goes to the next line.
    let rest = word;
    if (line !== '' && !fits(word)) rest = joined;
    else if (line !== '') lines.push(line);
    line = '';
    // Cut what is left after the last separator that fits, else where it must.
    while (!fits(rest)) {
      const chars = Array.from(rest);
      let cut = 0;
      let slash = 0;
      let soft = 0;
      for (let i = 1; i <= chars.length; i++) {
        if (!fits(chars.slice(0, i).join(''))) break;
        cut = i;
        if (i === chars.length) break;
        if (chars[i - 1] === '/') slash = i;
        if (SOFT.has(chars[i - 1] as string)) soft = i;
      }
      // A path breaks best after a slash; other separators do when no slash is near the end.
      const at = slash > cut / 2 ? slash : soft > cut / 2 ? soft : Math.max(1, cut);
      lines.push(chars.slice(0, at).join(''));
      rest = chars.slice(at).join('');
    }
    line = rest;
  };
  for (const word of text.split(/ +/)) if (word !== '') push(word);
  if (line !== '') lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    // The joined rest never fits (that is why it wrapped), so `fit` always ends it in an ellipsis.
    kept[maxLines - 1] = fit(lines.slice(maxLines - 1).join(' '), width, size, mono);
    return kept;
  }
  return lines;
}

/** Width of the widest of `texts`. */
export function widest(texts: readonly string[], size: number, mono = false): number {
  return Math.max(0, ...texts.map((s) => textWidth(s, size, mono)));
}
