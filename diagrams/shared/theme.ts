/**
 * Colours and type for every diagram, as CSS inside the SVG. Everything is a Starlight custom
 * property (`--sl-color-*`, which flip between dark and light mode), with a fallback for an SVG
 * shown outside the site; so one SVG reads in both modes and no colour is baked into geometry.
 */
import { el } from './svg.ts';

/**
 * Type sizes in px of the drawing. A diagram is drawn as wide as the column shows it (see
 * `WIDE` in types.ts), so these are the sizes a reader sees: none under 12.5.
 */
export const FONT = { body: 13, small: 12.5, heading: 15 } as const;

export type Tone = 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'accent' | 'gray';

const TONES: Record<Exclude<Tone, 'gray'>, [string, string, string]> = {
  // low (fill), base (stroke), high (text on the fill), with light-mode fallbacks.
  blue: ['#dbe7ff', '#2f6feb', '#0b2e6f'],
  green: ['#d8f5e0', '#1f9d55', '#0f4d2a'],
  orange: ['#fde6d2', '#d9771e', '#6b3207'],
  red: ['#fbdada', '#d03c3c', '#6e1414'],
  purple: ['#ece0fb', '#8a4fd8', '#43206f'],
  accent: ['#dfe6ff', '#3b5bdb', '#1b2a6b'],
};

function toneRules(): string {
  let css = '';
  for (const [name, [low, base, high]] of Object.entries(TONES)) {
    css += `.pbd-${name}{fill:var(--sl-color-${name}-low,${low});stroke:var(--sl-color-${name},${base})}`;
    css += `.pbd-on-${name}{fill:var(--sl-color-${name}-high,${high})}`;
    css += `.pbd-stroke-${name}{stroke:var(--sl-color-${name},${base})}`;
    css += `.pbd-fill-${name}{fill:var(--sl-color-${name},${base})}`;
  }
  return css;
}

export const CSS =
  '.pbd{font-family:var(--sl-font-system,system-ui,sans-serif);font-size:13px}' +
  '.pbd text{fill:var(--sl-color-white,#17181c);stroke:none}' +
  '.pbd .pbd-muted{fill:var(--sl-color-gray-3,#545861)}' +
  '.pbd .pbd-mono{font-family:var(--__sl-font-mono,var(--sl-font-system-mono,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace))}' +
  '.pbd .pbd-title{font-weight:600}' +
  '.pbd-bg{fill:var(--sl-color-bg,#fff);stroke:none}' +
  '.pbd-box{fill:var(--sl-color-gray-6,#eceef2);stroke:var(--sl-color-gray-4,#8a8f98)}' +
  '.pbd-frame{fill:none;stroke:var(--sl-color-gray-4,#8a8f98);stroke-dasharray:4 3}' +
  '.pbd-line{fill:none;stroke:var(--sl-color-gray-3,#545861);stroke-width:1.5}' +
  '.pbd-arrowhead{fill:var(--sl-color-gray-3,#545861)}' +
  '.pbd-dashed{stroke-dasharray:5 4}' +
  '.pbd-strong{stroke-width:2.5}' +
  '.pbd:focus-visible{outline:2px solid var(--sl-color-accent,#3b5bdb);outline-offset:2px}' +
  toneRules();

export function style(): string {
  return el('style', {}, CSS);
}

/** An arrowhead marker; lines use `marker-end="url(#<id>)"`. */
export function arrowMarker(id: string): string {
  return el(
    'marker',
    { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    el('path', { d: 'M0,0L10,5L0,10z', class: 'pbd-arrowhead' }),
  );
}
