/**
 * Reading back a diagram's SVG for layout tests: a small parser for the SVG the diagrams write (see
 * diagrams/shared/svg.ts: elements, attributes in double quotes, escaped text), and each text with
 * its size, its estimated extent and the box it is drawn in.
 */
import { textWidth } from '../../diagrams/shared/text.ts';
import { FONT } from '../../diagrams/shared/theme.ts';

export interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
  parent: Node | undefined;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

export function parseSvg(svg: string): Node {
  const root: Node = { tag: '#root', attrs: {}, children: [], text: '', parent: undefined };
  let at: Node = root;
  const re = /<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
  for (const m of svg.matchAll(re)) {
    if (m[5] !== undefined) {
      at.text += unescape(m[5]);
      continue;
    }
    const [, close, tag = '', rawAttrs = '', selfClose] = m;
    if (close) {
      at = at.parent ?? root;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1] as string] = unescape(a[2] ?? '');
    const node: Node = { tag, attrs, children: [], text: '', parent: at };
    at.children.push(node);
    if (!selfClose) at = node;
  }
  return root.children[0] as Node;
}

export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DrawnText {
  content: string;
  size: number;
  mono: boolean;
  /** Estimated extent of the text (left, right) and its baseline. */
  left: number;
  right: number;
  baseline: number;
  /** The box it is drawn in: the first rect of its nearest group that starts with one, else the picture. */
  box: Box;
  boxId: string;
}

const num = (v: string | undefined): number => Number(v ?? 0);

/** Every text of the drawing with its size, extent and box. */
export function drawnTexts(svg: string): { width: number; height: number; texts: DrawnText[] } {
  const root = parseSvg(svg);
  const [, , width = 0, height = 0] = (root.attrs['viewBox'] ?? '').split(' ').map(Number);
  const texts: DrawnText[] = [];
  for (const node of walk(root)) {
    if (node.tag !== 'text' || node.text === '') continue;
    const size = node.attrs['font-size'] ? num(node.attrs['font-size']) : FONT.body;
    const mono = (node.attrs['class'] ?? '').split(' ').includes('pbd-mono');
    const w = textWidth(node.text, size, mono);
    const x = num(node.attrs['x']);
    const anchor = node.attrs['text-anchor'] ?? 'start';
    const left = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
    let box: Box = { x: 0, y: 0, w: width, h: height };
    let boxId = '(picture)';
    for (let p = node.parent; p; p = p.parent) {
      const first = p.children[0];
      if (p.tag === 'g' && first?.tag === 'rect') {
        box = { x: num(first.attrs['x']), y: num(first.attrs['y']), w: num(first.attrs['width']), h: num(first.attrs['height']) };
        boxId = p.attrs['id'] ?? '(unnamed group)';
        break;
      }
    }
    texts.push({ content: node.text, size, mono, left, right: left + w, baseline: num(node.attrs['y']), box, boxId });
  }
  return { width, height, texts };
}

/** Where a text runs out of its box (empty when it is inside): ascent 0.8 em above the baseline, descent 0.2 em. */
export function overflow(t: DrawnText): string {
  const out: string[] = [];
  if (t.left < t.box.x - 0.5) out.push(`starts at ${t.left.toFixed(1)} left of ${t.box.x}`);
  if (t.right > t.box.x + t.box.w + 0.5) out.push(`ends at ${t.right.toFixed(1)} right of ${t.box.x + t.box.w}`);
  if (t.baseline - 0.8 * t.size < t.box.y - 0.5) out.push(`top ${(t.baseline - 0.8 * t.size).toFixed(1)} above ${t.box.y}`);
  if (t.baseline + 0.2 * t.size > t.box.y + t.box.h + 0.5) out.push(`bottom ${(t.baseline + 0.2 * t.size).toFixed(1)} below ${t.box.y + t.box.h}`);
  return out.length ? `"${t.content}" in ${t.boxId}: ${out.join(', ')}` : '';
}
