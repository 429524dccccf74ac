/** Boxes, labels and arrows the diagrams share, with geometry from d3-shape. */
import { linkHorizontal, linkVertical, line } from 'd3';
import { el, rect, text, type Attrs } from './svg.ts';
import { FONT, type Tone } from './theme.ts';
import { wrap } from './text.ts';

export interface BoxSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  tone?: Tone;
  id?: string;
  rx?: number;
  dashed?: boolean;
}

export function box(b: BoxSpec, ...children: string[]): string {
  const cls = b.tone && b.tone !== 'gray' ? `pbd-${b.tone}` : 'pbd-box';
  return el(
    'g',
    { id: b.id },
    rect(b.x, b.y, b.w, b.h, { rx: b.rx ?? 6, class: cls + (b.dashed ? ' pbd-dashed' : '') }),
    ...children,
  );
}

export interface LabelOpts {
  size?: number;
  mono?: boolean;
  tone?: Tone | undefined;
  cls?: string;
  anchor?: 'start' | 'middle' | 'end';
  weight?: boolean;
}

/**
 * A line of text, whole: a value such as an address or an id is never cut, so the layout makes
 * room for it (measure with `textWidth`, or wrap with `lines`). `_width` names the room it was
 * given, for the reader of the call; tests/diagrams/layout.test.ts checks the text fits its box.
 * `tone` colours it for a filled box of that tone.
 */
export function label(x: number, y: number, content: string, _width: number, opts: LabelOpts = {}): string {
  if (content === '') return '';
  const size = opts.size ?? FONT.body;
  const classes = [
    opts.mono ? 'pbd-mono' : '',
    opts.tone && opts.tone !== 'gray' ? `pbd-on-${opts.tone}` : '',
    opts.weight ? 'pbd-title' : '',
    opts.cls ?? '',
  ].filter(Boolean);
  const a: Attrs = { 'font-size': size === FONT.body ? undefined : size, 'text-anchor': opts.anchor === 'start' ? undefined : opts.anchor, class: classes.length ? classes.join(' ') : undefined };
  return text(x, y, content, a);
}

/** Line height for text of `size` px. */
export function lineHeight(size: number = FONT.body): number {
  return Math.round(size * 1.35);
}

/**
 * `content` wrapped to `width` (see `wrap`), one line under the other from baseline `y`; returns
 * the SVG and the lines' count, so the caller can size the box to hold them.
 */
export function lines(x: number, y: number, content: string, width: number, opts: LabelOpts & { maxLines?: number } = {}): { svg: string; count: number } {
  const size = opts.size ?? FONT.body;
  const rows = wrap(content, width, size, opts.mono, opts.maxLines);
  return { svg: rows.map((row, i) => label(x, y + i * lineHeight(size), row, width, opts)).join(''), count: rows.length };
}

type Pt = [number, number];

const hLink = linkHorizontal<{ source: Pt; target: Pt }, Pt>();
const vLink = linkVertical<{ source: Pt; target: Pt }, Pt>();
const straight = line();

/** An arrow from `a` to `b`: a curve (horizontal or vertical tangents) or a straight line. */
export function arrow(markerId: string, a: Pt, b: Pt, opts: { curve?: 'h' | 'v' | 'none'; dashed?: boolean; tone?: Tone; id?: string; both?: boolean } = {}): string {
  const d = opts.curve === 'h' ? hLink({ source: a, target: b }) : opts.curve === 'v' ? vLink({ source: a, target: b }) : straight([a, b]);
  const cls = ['pbd-line', opts.dashed ? 'pbd-dashed' : '', opts.tone && opts.tone !== 'gray' ? `pbd-stroke-${opts.tone}` : ''].filter(Boolean).join(' ');
  return el('path', { id: opts.id, d: roundPath(d ?? ''), class: cls, 'marker-end': `url(#${markerId})`, 'marker-start': opts.both ? `url(#${markerId})` : undefined });
}

/** d3-path prints full float precision; two decimals keep snapshots short and stable. */
export function roundPath(d: string): string {
  return d.replace(/-?\d+\.\d+(e-?\d+)?/g, (n) => {
    const r = Math.round(Number(n) * 100) / 100;
    return String(r === 0 ? 0 : r);
  });
}

/** A small filled circle (a status light). */
export function dot(x: number, y: number, r: number, tone: Tone): string {
  return el('circle', { cx: x, cy: y, r, class: tone === 'gray' ? 'pbd-box' : `pbd-fill-${tone} pbd-stroke-${tone}` });
}
