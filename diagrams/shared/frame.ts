/**
 * The outer `<svg>` every diagram shares: a text alternative (`<title>` and `<desc>`, referenced by
 * `aria-labelledby`), `role="img"`, keyboard focus (`tabindex="0"`) and the theme's CSS.
 */
import { arrowMarker, style } from './theme.ts';
import { el, esc, rect } from './svg.ts';

export interface FrameSpec {
  /** Prefix of every id in the SVG (unique on the page). */
  id: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  /** Diagram name, kept in `data-diagram`. */
  name: string;
  /** Whether the picture is the static model (no lab state for it yet). */
  isStatic: boolean;
  body: string;
}

export function frame(spec: FrameSpec): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${spec.width} ${spec.height}`,
      width: spec.width,
      height: spec.height,
      class: 'pbd',
      role: 'img',
      tabindex: 0,
      'aria-labelledby': `${spec.id}-title ${spec.id}-desc`,
      'data-diagram': spec.name,
      'data-static': spec.isStatic ? 'true' : 'false',
    },
    el('title', { id: `${spec.id}-title` }, esc(spec.title)),
    el('desc', { id: `${spec.id}-desc` }, esc(spec.desc)),
    style(),
    el('defs', {}, arrowMarker(`${spec.id}-arrow`)),
    rect(0, 0, spec.width, spec.height, { class: 'pbd-bg' }),
    spec.body,
  );
}
