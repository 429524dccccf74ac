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
