/**
 * Prints a parsed function the way bash's `type` and `declare -f` do: `name () ` and `{ ` on their
 * own lines, four-space indents, `;` after each command of an if/for/while body, `do` on its own
 * line after `for`, and `elif` shown as a nested `if`.
 */
import type { AndOr, Command, FunctionDef, List, Pipeline, Redirect, Word, WordPart } from './ast.ts';

const IND = '    ';

function dqText(parts: WordPart[]): string {
  return parts.map((p) => (p.t === 'sq' || p.t === 'lit' ? p.v.replace(/["\\$`]/g, '\\$&') : partText(p))).join('');
}

function partText(p: WordPart): string {
  switch (p.t) {
    case 'lit':
      return p.v;
    case 'sq':
      // One escaped character came from a backslash; anything else from single quotes.
      return p.v.length === 1 && !/[A-Za-z0-9]/.test(p.v) ? `\\${p.v}` : `'${p.v.replace(/'/g, "'\\''")}'`;
    case 'dq':
      return `"${dqText(p.parts)}"`;
    case 'tilde':
      return `~${p.user}`;
    case 'arith':
      return `$((${p.expr}))`;
    case 'cmd':
      return `$(${inline(p.body)})`;
    case 'param':
      if (p.op === 'bad') return p.name;
      if (p.len) return `\${#${p.name}}`;
      if (!p.op) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name) || p.name.length === 1 ? `$${p.name}` : `\${${p.name}}`;
      return `\${${p.name}${p.op}${wordText(p.arg ?? [])}}`;
  }
}

export function wordText(w: Word): string {
  return w.map(partText).join('');
}

function redirText(r: Redirect): string {
  const fd = r.fd !== undefined ? String(r.fd) : '';
  if (r.heredoc) return `${fd}${r.op} ${wordText(r.target)}\n${r.heredoc.body}${wordText(r.target).replace(/['"\\]/g, '')}`;
  if (r.op === '>&' || r.op === '<&') return `${fd}${r.op}${wordText(r.target)}`;
  return `${fd}${r.op} ${wordText(r.target)}`;
}

function withRedirects(text: string, redirects: Redirect[]): string {
  return redirects.length ? `${text} ${redirects.map(redirText).join(' ')}` : text;
}

function pipelineText(p: Pipeline, depth: number): string {
  return (p.timed ? (p.timed === 'posix' ? 'time -p ' : 'time ') : '') + (p.negate ? '! ' : '') + p.commands.map((c) => commandText(c, depth)).join(' | ');
}

function andOrText(a: AndOr, depth: number): string {
  return pipelineText(a.first, depth) + a.rest.map((r) => ` ${r.op} ${pipelineText(r.pipeline, depth)}`).join('') + (a.background ? ' &' : '');
}

/** An and-or list as one line of source (job notices). */
export function andOrSource(a: AndOr): string {
  return andOrText(a, 0);
}

function inline(list: List): string {
  return list.map((a) => andOrText(a, 0)).join('; ');
}

/** Lines of a block body at `depth`; `terminated` puts `;` after the last command too. */
function block(list: List, depth: number, terminated: boolean): string {
  return list
    .map((a, i) => IND.repeat(depth) + andOrText(a, depth) + (terminated || i < list.length - 1 ? (a.background ? '' : ';') : ''))
    .join('\n');
}

function commandText(c: Command, depth: number): string {
  const pad = IND.repeat(depth);
  switch (c.type) {
    case 'simple':
      return [...c.assigns.map((a) => `${a.name}${a.append ? '+' : ''}=${wordText(a.value)}`), ...c.words.map(wordText), ...c.redirects.map(redirText)].join(' ');
    case 'group':
      return withRedirects(`{ \n${block(c.body, depth + 1, false)}\n${pad}}`, c.redirects);
    case 'subshell':
      return withRedirects(`( ${c.body.map((a) => andOrText(a, depth + 1)).join(`;\n${IND.repeat(depth)}`)} )`, c.redirects);
    case 'if': {
      const [first, ...rest] = c.clauses;
      let text = `if ${inline(first?.cond ?? [])}; then\n${block(first?.body ?? [], depth + 1, true)}\n`;
      if (rest.length) {
        const nested: Command = { type: 'if', clauses: rest, redirects: [] };
        if (c.otherwise) nested.otherwise = c.otherwise;
        text += `${pad}else\n${IND.repeat(depth + 1)}${commandText(nested, depth + 1)};\n`;
      } else if (c.otherwise) text += `${pad}else\n${block(c.otherwise, depth + 1, true)}\n`;
      return withRedirects(`${text}${pad}fi`, c.redirects);
    }
    case 'for':
      return withRedirects(`for ${c.name}${c.items ? ` in ${c.items.map(wordText).join(' ')}` : ''};\n${pad}do\n${block(c.body, depth + 1, true)}\n${pad}done`, c.redirects);
    case 'while':
      return withRedirects(`${c.until ? 'until' : 'while'} ${inline(c.cond)}; do\n${block(c.body, depth + 1, true)}\n${pad}done`, c.redirects);
    case 'case': {
      const arms = c.arms.map((arm) => `${IND.repeat(depth + 1)}${arm.patterns.map(wordText).join(' | ')})\n${block(arm.body, depth + 2, false)}\n${IND.repeat(depth + 1)};;`).join('\n');
      return withRedirects(`case ${wordText(c.subject)} in \n${arms}\n${pad}esac`, c.redirects);
    }
    case 'cond':
      return withRedirects(`[[ ${c.words.map(wordText).join(' ')} ]]`, c.redirects);
    case 'function':
      return functionText(c);
  }
}

/** `name () \n{ \n    body\n}` as bash prints a function. */
export function functionText(fn: FunctionDef): string {
  const body = fn.body.type === 'group' ? `{ \n${block(fn.body.body, 1, false)}\n}` : commandText(fn.body, 0);
  return `${fn.name} () \n${body}`;
}
