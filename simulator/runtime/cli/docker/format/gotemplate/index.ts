/**
 * Go templates as the docker CLI runs them: parsed with text/template's grammar and the CLI's
 * function set, executed against API data (inspect: typed first, then the raw JSON with
 * `missingkey=error`, as the CLI retries), against a formatter's row (ps, images: fields of a Go
 * type named in errors), or against a table's headers.
 */
import { apiKinds, Executor, FUNCTIONS, TemplateError } from './exec.ts';
import { parse, type Tree } from './parse.ts';

export { TemplateError };
export type { Tree };

/** Field names are the JSON keys: the CLI's inspect falls back to the raw JSON, where only those work. */
const API_ALIASES: Record<string, string> = {};

/** Parses with the CLI's functions; throws TemplateError (`template: :1: ...`). */
export function parseGoTemplate(text: string, name = ''): Tree {
  return parse(text, (fn) => FUNCTIONS.has(fn), name);
}

export interface RunOptions {
  /** Go type of the value, for `can't evaluate field X in type T`. */
  rootType?: string;
  name?: string;
  rootJson?: (value: unknown) => string;
}

/** Executes against a value of a Go type (a formatter context, a version struct). */
export function runTyped(tree: Tree, data: unknown, options: RunOptions = {}): string {
  return new Executor(tree, { kindOf: apiKinds(data), rootType: options.rootType ?? 'struct', raw: false, missingKeyError: false, header: false, aliases: API_ALIASES, ...(options.name !== undefined ? { name: options.name } : {}), ...(options.rootJson ? { rootJson: options.rootJson } : {}) }).run(data);
}

/**
 * `docker inspect -f`: the typed API struct first; when that fails the CLI decodes the raw JSON
 * into a generic map and runs again with missingkey=error, and that run's error is the one shown.
 * `typed` is the value as the Go struct holds it (omitted fields back, e.g. a nil `State.Health`).
 */
export function runInspect(tree: Tree, data: unknown, typed: unknown = data): string {
  try {
    return runTyped(tree, typed, { rootType: 'struct' });
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return new Executor(tree, { kindOf: () => 'map', rootType: 'map[string]interface {}', raw: true, missingKeyError: true, header: false, aliases: {} }).run(data);
  }
}

/** A table's header row: the text functions hand the header back; errors keep what was written. */
export function runHeader(tree: Tree, headers: Record<string, unknown>): string {
  const ex = new Executor(tree, { kindOf: () => 'map', rootType: 'map[string]string', raw: false, missingKeyError: false, header: true, aliases: {} });
  try {
    return ex.run(headers);
  } catch (e) {
    if (e instanceof TemplateError) return ex.partial;
    throw e;
  }
}
