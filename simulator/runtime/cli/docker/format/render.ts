/**
 * `--format` as the CLI applies it: `table ...` (a header row, then tabwriter columns), `json`
 * (one JSON object per line), or a Go template per row (see gotemplate/), with the CLI's
 * `template parsing error: ...` for templates that do not parse or fail on a row.
 */
import { DOCKER_TABLE, formatTable } from '../../../../core/tabwriter.ts';
import { byCodePoint } from '../../../../core/format.ts';
import { goJson } from '../../../engine/reply.ts';
import { CliError } from '../client.ts';
import type { Tree } from './gotemplate/index.ts';
import { part } from '../../../../lazy/index.ts';

/** The Go template engine, in the extras part: only a format of the reader's own needs it. */
const go = (): typeof import('./gotemplate/index.ts') => part('extras').gotemplate;

/** Parses a template as the formatters do: errors become `template parsing error: ...`. */
function parseOrFail(template: string, name = '', code = 1): Tree {
  try {
    return go().parseGoTemplate(template, name);
  } catch (e) {
    if (e instanceof go().TemplateError) throw new CliError(`template parsing error: ${e.message}`, code);
    throw e;
  }
}

/** Runs `fn`, turning a template error into the CLI's `template parsing error: ...`. */
function orFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof go().TemplateError) throw new CliError(`template parsing error: ${e.message}`);
    throw e;
  }
}

/**
 * Executes a Go template against one value of a Go type (`docker version`, `docker info`): a parse
 * error exits 64 as those commands do; `name` is the template's name where the CLI gives one.
 */
export function executeTemplate(template: string, dot: unknown, options: { name?: string; rootType?: string } = {}): { output: string; error?: string } {
  const tree = parseOrFail(template, options.name ?? '', 64);
  try {
    return { output: go().runTyped(tree, dot, options) };
  } catch (e) {
    // These commands print what the template wrote before it failed, and the bare Go error.
    if (e instanceof go().TemplateError) return { output: e.partial ?? '', error: e.message };
    throw e;
  }
}

/** `inspect -f`: parse errors exit 64; execution errors are per object (see runInspect). */
export function parseInspectTemplate(template: string): Tree {
  return parseOrFail(template, '', 64);
}

export function executeInspect(tree: Tree, dot: unknown): string {
  return orFail(() => go().runInspect(tree, dot));
}

/** `{{json .}}` of a formatter row: its fields as a JSON object, keys sorted, HTML escaped. */
function rowJson(row: unknown): string {
  const fields = Object.entries(row as Record<string, unknown>).filter(([, v]) => typeof v !== 'function');
  return goJson(Object.fromEntries(fields.sort(([a], [b]) => byCodePoint(a, b)))).replace(/\n$/, '');
}

/**
 * Renders rows. `rows` are the formatter's fields (what `{{.ID}}` sees); `rootType` is the Go type
 * of the CLI's formatter context, named in errors (`*formatter.ContainerContext`).
 */
export function renderRows(format: string, rows: Record<string, unknown>[], headers: Record<string, unknown>, rootType = '*formatter.ContainerContext'): string {
  const isTable = format.startsWith('table');
  let template = format === 'json' ? '{{json .}}' : isTable ? format.slice(5) : format;
  template = template.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const simple = renderSimple(template, rows, isTable ? headers : null);
  if (simple !== null) return isTable ? tabulate(simple) : simple;
  const tree = parseOrFail(template);
  const body = rows.map((r) => orFail(() => go().runTyped(tree, r, { rootType, rootJson: rowJson })) + '\n').join('');
  if (!isTable) return body;
  return tabulate(go().runHeader(tree, headers) + '\n' + body);
}

function tabulate(text: string): string {
  return formatTable(text.replace(/\n$/, '').split('\n').map((l) => l.split('\t')), DOCKER_TABLE);
}

/** `{{.Field}}` with text around it: the shape of every default table format. */
const FIELD = /\{\{ ?\.([A-Za-z][A-Za-z0-9]*) ?\}\}/g;

/**
 * What the template engine prints for a template made only of text and `{{.Field}}` actions over
 * fields that are all strings (a string field prints as itself; a header is the field's column
 * name): the default formats need no template engine. Anything else (functions, pipes, non-string
 * fields, a field without a header) returns null and goes to the engine.
 */
function renderSimple(template: string, rows: Record<string, unknown>[], headers: Record<string, unknown> | null): string | null {
  const pieces = template.split(FIELD);
  // Odd pieces are field names; even pieces are text, which must hold no other action.
  if (pieces.some((p, i) => i % 2 === 0 && p.includes('{{'))) return null;
  const fill = (values: Record<string, unknown>): string | null => {
    let out = '';
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i % 2 === 0) {
        out += piece;
        continue;
      }
      const value = values[piece];
      if (typeof value !== 'string') return null;
      out += value;
    }
    return out + '\n';
  };
  let out = '';
  if (headers) {
    const header = fill(headers);
    if (header === null) return null;
    out += header;
  }
  for (const row of rows) {
    const line = fill(row);
    if (line === null) return null;
    out += line;
  }
  return out;
}
