/** What every diagram module exports, and the options a page may pass. */
import type { LabState } from './lab.ts';

export type Locale = 'en' | 'zh-cn';

export interface DiagramOptions {
  /** Prefix of the SVG's ids; give each diagram on a page its own (default: the diagram's name). */
  id?: string;
  locale?: Locale;
  /** Host whose Docker engine is drawn (default: the lab's first host). */
  host?: string;
  /** The container to focus on (name or id prefix); default: a diagram-specific choice. */
  container?: string;
  /** The image to draw (`repo:tag` or id prefix). */
  image?: string;
  /**
   * Width in px to lay the drawing out for (default `WIDE`, the chapter column on a desktop). A
   * diagram that reflows (`REFLOWS` in index.ts) also draws for `NARROW`, a phone's column.
   */
  width?: number;
}

/** The content column of a chapter on a desktop (Starlight at 1280 px shows 632 px). */
export const WIDE = 632;
/** A phone's content column (375 px wide shows 343 px; 360 px phones 328 px). */
export const NARROW = 328;

/** The layout width a diagram draws for: `opts.width`, kept between `NARROW` and `WIDE`. */
export function layoutWidth(opts: DiagramOptions): number {
  const w = opts.width ?? WIDE;
  return Math.max(NARROW, Math.min(WIDE, Math.round(w)));
}

export type Diagram = (state: LabState, opts?: DiagramOptions) => string;

/** Picks the string table of a locale (English when unknown). */
export function strings<T>(table: Record<Locale, T>, locale: Locale | undefined): T {
  return table[locale ?? 'en'] ?? table.en;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
