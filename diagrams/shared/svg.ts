/**
 * A tiny SVG string builder. Diagrams are built as strings (no DOM), so they render the same at
 * build time in Node, in a test and in the page. Attribute order is the order given, numbers are
 * rounded to two decimals, and text is escaped: the same input always gives the same bytes.
 */

export type Attrs = Record<string, string | number | boolean | undefined | null>;

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number as SVG wants it: at most two decimals, no trailing zeros, never `-0`. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 100) / 100;
  return String(r === 0 ? 0 : r);
}

function attrs(a: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined || value === null || value === false) continue;
    if (value === true) out += ` ${key}`;
    else out += ` ${key}="${typeof value === 'number' ? num(value) : esc(value)}"`;
  }
  return out;
}

/** An element; `children` are already-built strings (escape text with `esc` or use `text`). */
export function el(tag: string, a: Attrs = {}, ...children: (string | false | null | undefined)[]): string {
  const inner = children.filter((c): c is string => typeof c === 'string' && c !== '').join('');
  return inner === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${inner}</${tag}>`;
}

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, esc(content));
}

export function rect(x: number, y: number, width: number, height: number, a: Attrs = {}): string {
  return el('rect', { x, y, width: Math.max(0, width), height: Math.max(0, height), ...a });
}

export function group(a: Attrs, ...children: (string | false | null | undefined)[]): string {
  return el('g', a, ...children);
}

/** A slug usable in an id: lowercase letters, digits and dashes, from any object name. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s.slice(0, 48);
}
