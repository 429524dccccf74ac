/**
 * Finds chapters and reads their cells the way the site does: frontmatter `lab:`/`seed:`, then
 * every fenced block in order. ```console blocks are parsed with the shared `parseConsole`; any
 * other block with `title="path"` is a file cell. Line numbers are kept so `--update` can rewrite a
 * block's body in place and reports can point at it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import { exercisePart, parseConsole, parseProbes, type ConsoleStep, type Probe } from '../../src/markdown/cells.ts';
import { parseMeta } from '../../src/schemas/cell-meta.ts';

export interface Fence {
  /** 1-based number among the chapter's cells (console and file blocks). */
  index: number;
  lang: string;
  meta: Record<string, string | true>;
  /** Body as the markdown parser sees it (fence indentation removed, no final newline). */
  body: string;
  /** 0-based line indexes of the body's first line and of the closing fence. */
  bodyStart: number;
  bodyEnd: number;
  /** Indentation of the opening fence, re-applied when the body is rewritten. */
  indent: string;
}

export type Cell =
  | { kind: 'console'; fence: Fence; steps: ConsoleStep[]; host?: string; session?: string }
  | { kind: 'file'; fence: Fence; path: string; host?: string };

/**
 * An `<Exercise>`: its probes (the `check` block) and solution commands, and how many cells come
 * before it, which is where the doc test checks it.
 */
export interface Exercise {
  id: string;
  /** 0-based line of `<Exercise`. */
  line: number;
  cellsBefore: number;
  probes: Probe[];
  solution: ConsoleStep[];
}

/** Line ranges `[open, close]` of the `<Exercise ...> ... </Exercise>` elements of a chapter. */
function exerciseRanges(text: string): { id: string; open: number; close: number }[] {
  const lines = text.split('\n');
  const out: { id: string; open: number; close: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*<Exercise\b/.test(lines[i] as string)) continue;
    let j = i;
    let head = lines[i] as string;
    while (!head.includes('>') && j + 1 < lines.length) head += ` ${lines[++j] as string}`;
    const id = /\bid=["']([^"']+)["']/.exec(head)?.[1] ?? `line ${i + 1}`;
    let k = i;
    while (k < lines.length && !(lines[k] as string).includes('</Exercise>')) k++;
    out.push({ id, open: i, close: k });
    i = k;
  }
  return out;
}

export interface Chapter {
  file: string;
  /** Path relative to the working directory, for reports. */
  name: string;
  text: string;
  lab?: string;
  seed: number;
  cells: Cell[];
  exercises: Exercise[];
}

/** Every `.mdx` file under `dir`, sorted by code point so runs are reproducible. */
export function findChapters(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.mdx')) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function frontmatter(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) return {};
  const data = yaml.load(m[1] as string);
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/** Fenced code blocks (``` or ~~~, up to 3 spaces of indentation), as CommonMark delimits them. */
export function fences(text: string): Omit<Fence, 'index'>[] {
  const lines = text.split('\n');
  const out: Omit<Fence, 'index'>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})([^`]*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = '', marker = '', info = ''] = open;
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] as string)) j++;
    const body = lines
      .slice(i + 1, j)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      .join('\n');
    const trimmed = info.trim();
    const space = trimmed.search(/\s/);
    const lang = space < 0 ? trimmed : trimmed.slice(0, space);
    out.push({ lang, meta: parseMeta(space < 0 ? '' : trimmed.slice(space + 1)), body, bodyStart: i + 1, bodyEnd: j, indent });
    i = j;
  }
  return out;
}

export function readChapter(file: string, cwd = process.cwd()): Chapter {
  const text = readFileSync(file, 'utf8');
  const fm = frontmatter(text);
  const cells: Cell[] = [];
  const exercises: Exercise[] = [];
  const ranges = exerciseRanges(text);
  for (const f of fences(text)) {
    const part = exercisePart(f.lang, f.meta);
    if (part) {
      const range = ranges.find((r) => r.open < f.bodyStart && f.bodyStart < r.close);
      if (!range) continue;
      let exercise = exercises.find((e) => e.line === range.open);
      if (!exercise) {
        exercise = { id: range.id, line: range.open, cellsBefore: cells.length, probes: [], solution: [] };
        exercises.push(exercise);
      }
      if (part === 'check') exercise.probes.push(...parseProbes(f.body));
      if (part === 'solution') exercise.solution.push(...parseConsole(f.body));
      continue;
    }
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const host = str(f.meta['host']);
    const session = str(f.meta['session']);
    const fence: Fence = { ...f, index: cells.length + 1 };
    if (f.lang === 'console') {
      const cell: Cell = { kind: 'console', fence, steps: parseConsole(f.body) };
      if (host) cell.host = host;
      if (session) cell.session = session;
      cells.push(cell);
    } else if (typeof f.meta['title'] === 'string') {
      const cell: Cell = { kind: 'file', fence, path: f.meta['title'] };
      if (host) cell.host = host;
      cells.push(cell);
    }
  }
  const chapter: Chapter = { file, name: relative(cwd, file), text, seed: typeof fm['seed'] === 'number' ? fm['seed'] : 1, cells, exercises };
  if (typeof fm['lab'] === 'string') chapter.lab = fm['lab'];
  return chapter;
}
