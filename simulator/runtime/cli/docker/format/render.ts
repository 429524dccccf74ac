/**
 * `--format` as the CLI applies it: `table ...` (a header row, then tabwriter columns), `json`
 * (one JSON object per line), or a Go template per row (see gotemplate/), with the CLI's
 * `template parsing error: ...` for templates that do not parse or fail on a row.
 */
import { DOCKER_TABLE, formatTable } from '../../../../core/tabwriter.ts';
import { byCodePoint } from '../../../../core/format.ts';
import { goJson } from '../../../engine/reply.ts';
import { CliError } from '../client.ts';
import { parseGoTemplate, runHeader, runInspect, runTyped, TemplateError, type Tree } from './gotemplate/index.ts';

/** Parses a template as the formatters do: errors become `template parsing error: ...`. */
function parseOrFail(template: string, name = '', code = 1): Tree {
  try {
    return parseGoTemplate(template, name);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`template parsing error: ${e.message}`, code);
    throw e;
  }
}

/** Runs `fn`, turning a template error into the CLI's `template parsing error: ...`. */
function orFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`template parsing error: ${e.message}`);
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
    return { output: runTyped(tree, dot, options) };
  } catch (e) {
    // These commands print what the template wrote before it failed, and the bare Go error.
    if (e instanceof TemplateError) return { output: e.partial ?? '', error: e.message };
    throw e;
  }
}

/** `inspect -f`: parse errors exit 64; execution errors are per object (see runInspect). */
export function parseInspectTemplate(template: string): Tree {
  return parseOrFail(template, '', 64);
}

export function executeInspect(tree: Tree, dot: unknown): string {
  return orFail(() => runInspect(tree, dot));
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
  const tree = parseOrFail(template);
  const body = rows.map((r) => orFail(() => runTyped(tree, r, { rootType, rootJson: rowJson })) + '\n').join('');
  if (!isTable) return body;
  const header = runHeader(tree, headers) + '\n';
  const table = (header + body).replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
  return formatTable(table, DOCKER_TABLE);
}
