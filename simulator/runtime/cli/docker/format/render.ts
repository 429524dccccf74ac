/**
 * `--format` as the CLI applies it: `table ...` (a header row, then tabwriter columns), `json`
 * (one JSON object per line), or a Go template per row. Templates support the subset the book
 * uses: `{{.Field}}`, `{{.A.B}}`, `{{json .}}`, `{{json .Field}}`, `{{upper .X}}`, `{{lower .X}}`,
 * `{{index .Map "key"}}`, `{{range .List}}...{{end}}`, `{{if .X}}...{{else}}...{{end}}`, `{{println}}`.
 */
import { DOCKER_TABLE, formatTable } from '../../../../core/tabwriter.ts';
import { byCodePoint } from '../../../../core/format.ts';
import { goJson } from '../../../engine/reply.ts';
import { CliError } from '../client.ts';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; expr: string }
  | { kind: 'range'; expr: string; body: Node[] }
  | { kind: 'if'; expr: string; then: Node[]; else: Node[] }
  | { kind: 'with'; expr: string; body: Node[] };

function parseTemplate(src: string): Node[] {
  const tokens: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      tokens.push({ text: src.slice(i) });
      break;
    }
    if (open > i) tokens.push({ text: src.slice(i, open) });
    const close = src.indexOf('}}', open);
    if (close < 0) throw new CliError(`template parsing error: template: :1: unclosed action`);
    tokens.push({ action: src.slice(open + 2, close).trim().replace(/^-\s*|\s*-$/g, '') });
    i = close + 2;
  }
  let pos = 0;
  const block = (stop: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if (t.text !== undefined) {
        nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const a = t.action as string;
      const word = a.split(/\s+/)[0] as string;
      if (stop.includes(word)) return { nodes, end: word };
      if (word === 'range' || word === 'with') {
        const inner = block(['end']);
        nodes.push({ kind: word, expr: a.slice(word.length).trim(), body: inner.nodes });
      } else if (word === 'if') {
        const thenPart = block(['else', 'end']);
        const elsePart = thenPart.end === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'if', expr: a.slice(2).trim(), then: thenPart.nodes, else: elsePart });
      } else nodes.push({ kind: 'expr', expr: a });
    }
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

function lookup(dot: unknown, path: string): unknown {
  if (path === '.') return dot;
  let value: unknown = dot;
  for (const part of path.split('.').slice(1)) {
    if (value === null || typeof value !== 'object') throw new CliError(`template: :1:2: executing "" at <${path}>: can't evaluate field ${part} in type ${typeof value}`);
    const record = value as Record<string, unknown>;
    if (!(part in record)) throw new CliError(`template parsing error: template: :1:${path.length}: executing "" at <${path}>: can't evaluate field ${part} in type *formatter.ContainerContext`);
    value = record[part];
  }
  return value;
}

function goString(value: unknown, inMap = false): string {
  if (value === null || value === undefined) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => goString(v)).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  // An empty value inside a map is Go's empty struct (`ExposedPorts` is map[string]struct{}).
  if (entries.length === 0 && inMap) return '{}';
  // API objects decode into Go structs (exported, capitalised fields, printed `{v1 v2}` in field
  // order) or maps (printed `map[k:v]` sorted by key); the key spelling tells which.
  if (entries.length > 0 && entries.every(([k]) => /^[A-Z]/.test(k))) return `{${entries.map(([, v]) => goString(v)).join(' ')}}`;
  return `map[${entries.sort(([a], [b]) => byCodePoint(a, b)).map(([k, v]) => `${k}:${goString(v, true)}`).join(' ')}]`;
}

function args(expr: string): string[] {
  return expr.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function evalExpr(expr: string, dot: unknown): unknown {
  const pipe = expr.split('|').map((s) => s.trim());
  let value = evalCall(pipe[0] as string, dot);
  for (const fn of pipe.slice(1)) value = applyFn(fn, [value]);
  return value;
}

function evalArg(a: string, dot: unknown): unknown {
  if (a.startsWith('"')) return JSON.parse(a);
  if (a.startsWith('.')) return lookup(dot, a);
  if (/^-?\d+$/.test(a)) return Number(a);
  return a;
}

function evalCall(expr: string, dot: unknown): unknown {
  const parts = args(expr);
  const head = parts[0] ?? '';
  if (head.startsWith('.') || head.startsWith('"')) return evalArg(head, dot);
  return applyFn(head, parts.slice(1).map((p) => evalArg(p, dot)));
}

function applyFn(name: string, values: unknown[]): unknown {
  const [a, b] = values;
  switch (name) {
    case 'json':
      return goJson(a).replace(/\n$/, '');
    case 'upper':
      return goString(a).toUpperCase();
    case 'lower':
      return goString(a).toLowerCase();
    case 'title':
      return goString(a).replace(/\b\w/g, (c) => c.toUpperCase());
    case 'len':
      return Array.isArray(a) ? a.length : typeof a === 'string' ? a.length : Object.keys((a ?? {}) as object).length;
    case 'index':
      return a === null || a === undefined ? undefined : (a as Record<string, unknown>)[String(b)];
    case 'join':
      return Array.isArray(a) ? a.join(String(b)) : goString(a);
    case 'println':
      return values.map((v) => goString(v)).join(' ') + '\n';
    case 'print':
      return values.map((v) => goString(v)).join('');
    case 'printf':
      return goString(a).replace(/%[sv]/, goString(b));
    default:
      throw new CliError(`template parsing error: template: :1: function "${name}" not defined`);
  }
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function execute(nodes: Node[], dot: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') out += goString(evalExpr(n.expr, dot));
    else if (n.kind === 'if') out += execute(truthy(evalExpr(n.expr, dot)) ? n.then : n.else, dot);
    else if (n.kind === 'with') {
      const v = evalExpr(n.expr, dot);
      if (truthy(v)) out += execute(n.body, v);
    } else {
      const v = evalExpr(n.expr, dot);
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort(byCodePoint).map((k) => (v as Record<string, unknown>)[k]) : [];
      for (const item of items) out += execute(n.body, item);
    }
  }
  return out;
}

/** Executes a Go template against one value (used by `inspect -f`). */
export function executeTemplate(template: string, dot: unknown): string {
  return execute(parseTemplate(template), dot);
}

/**
 * Renders rows. `rows` are the formatter's fields (what `{{.ID}}` sees), `raw` the API objects
 * (kept for `json`, which prints the fields as an object per line).
 */
export function renderRows(format: string, rows: Record<string, unknown>[], headers: Record<string, string>, raw?: unknown[]): string {
  void raw;
  if (format === 'json') {
    return rows.map((r) => goJson(Object.fromEntries(Object.entries(r).sort(([a], [b]) => byCodePoint(a, b))))).join('');
  }
  const isTable = format.startsWith('table');
  const template = (isTable ? format.slice(5).replace(/^\s/, '') : format).replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const nodes = parseTemplate(template);
  if (!isTable) return rows.map((r) => execute(nodes, r) + '\n').join('');
  const headerRow: Record<string, unknown> = { ...headers };
  const lines = [execute(nodes, headerRow), ...rows.map((r) => execute(nodes, r))];
  const table = lines.flatMap((l) => l.split('\n')).map((l) => l.split('\t'));
  return formatTable(table, DOCKER_TABLE);
}
