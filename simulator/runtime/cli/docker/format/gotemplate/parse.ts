/**
 * The parse tree of a Go text/template, built as Go's parser builds it: pipelines of commands
 * (`.Field arg | fn`), variable declarations (`$k, $v := ...`), `if`/`with`/`range` with `else`
 * (and `else if`/`else with`), `break`/`continue`, `define`/`template`/`block`. Functions and
 * variables are checked while parsing; errors read `template: :LINE: ...` as Go's do.
 */
import { lex, type Item } from './lex.ts';

export type Arg =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'variable'; pos: number; ident: string[] }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; value: number; isInt: boolean }
  | { type: 'string'; pos: number; text: string; value: string }
  | { type: 'pipe'; pos: number; pipe: Pipe }
  | { type: 'chain'; pos: number; node: Arg; field: string[] };

export interface Command {
  pos: number;
  args: Arg[];
}

export interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | { type: 'if' | 'with' | 'range'; pos: number; pipe: Pipe; list: Node[]; elseList: Node[] | null }
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'template'; pos: number; name: string; pipe: Pipe | null };

export interface Tree {
  root: Node[];
  /** Named templates from `define` and `block`. */
  defined: Record<string, Node[]>;
  text: string;
}

/** A parse or execution failure, worded as Go words it. */
export class TemplateError extends Error {
  /** Output written before an execution error. */
  partial?: string;
}

type Marker = { type: 'end' | 'else'; pos: number };

function quoteGo(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How Go's parser names a token in "unexpected X in Y". */
function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'error') return item.value;
  if (item.type === 'keyword') return `<${item.value}>`;
  if ([...item.value].length > 10) return `${quoteGo([...item.value].slice(0, 10).join('')).slice(0, -1)}"...`;
  return quoteGo(item.value);
}

/** Go's strconv.Unquote for the string forms a template may hold. */
function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  const body = text.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
        if (e === '\\' || e === '"' || e === "'") return e;
        throw new TemplateError('invalid syntax');
    }
  });
}

function parseNumber(item: Item): Arg {
  const text = item.value;
  if (item.type === 'charConstant') {
    const ch = unquote(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`);
    return { type: 'number', pos: item.pos, text, value: ch.codePointAt(0) ?? 0, isInt: true };
  }
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const body = clean.replace(/^[+-]/, '');
  let value: number;
  let isInt = true;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(body)) value = parseInt(body.slice(2), 8);
  else if (/^0[bB][01]+$/.test(body)) value = parseInt(body.slice(2), 2);
  else if (/^0[0-7]+$/.test(body)) value = parseInt(body, 8);
  else if (/^\d+$/.test(body)) value = Number(body);
  else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) {
    value = Number(body);
    isInt = Number.isInteger(value) && !/[.eE]/.test(body) ? true : Number.isInteger(value);
  } else throw new TemplateError(`illegal number syntax: "${text}"`);
  return { type: 'number', pos: item.pos, text, value: sign * value, isInt };
}

export function argString(a: Arg): string {
  switch (a.type) {
    case 'field':
      return a.ident.map((i) => `.${i}`).join('');
    case 'variable':
      return a.ident.join('.');
    case 'identifier':
      return a.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
    case 'string':
      return a.text;
    case 'pipe':
      return `(${pipeString(a.pipe)})`;
    case 'chain': {
      const head = a.node.type === 'pipe' ? argString(a.node) : argString(a.node);
      return head + a.field.map((f) => `.${f}`).join('');
    }
  }
}

export function commandString(c: Command): string {
  return c.args.map(argString).join(' ');
}

export function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(commandString).join(' | ');
}

export function nodeString(n: Node): string {
  switch (n.type) {
    case 'text':
      return quoteGo(n.text);
    case 'action':
      return `{{${pipeString(n.pipe)}}}`;
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'template':
      return n.pipe ? `{{template ${quoteGo(n.name)} ${pipeString(n.pipe)}}}` : `{{template ${quoteGo(n.name)}}}`;
    default: {
      const list = n.list.map(nodeString).join('');
      const elseList = n.elseList ? `{{else}}${n.elseList.map(nodeString).join('')}` : '';
      return `{{${n.type} ${pipeString(n.pipe)}}}${list}${elseList}{{end}}`;
    }
  }
}

/** Parses `text`; `hasFunction` says which identifiers are functions (Go checks them at parse time). */
export function parse(text: string, hasFunction: (name: string) => boolean, name = ''): Tree {
  const items = lex(text);
  let i = 0;
  let last: Item = items[0] as Item;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  const defined: Record<string, Node[]> = {};

  const next = (): Item => {
    last = items[Math.min(i, items.length - 1)] as Item;
    i++;
    return last;
  };
  const backup = (): void => {
    i--;
  };
  const peek = (): Item => items[Math.min(i, items.length - 1)] as Item;
  const nextNonSpace = (): Item => {
    let t = next();
    while (t.type === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Item => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const errorf = (message: string, line = last.line): never => {
    throw new TemplateError(`template: ${name}:${line}: ${message}`);
  };
  const unexpected = (item: Item, context: string): never => {
    if (item.type === 'error') return errorf(item.value, item.line);
    return errorf(`unexpected ${itemString(item)} in ${context}`, item.line);
  };
  const expect = (type: Item['type'], context: string): Item => {
    const t = nextNonSpace();
    if (t.type !== type) unexpected(t, context);
    return t;
  };

  const term = (): Arg | null => {
    const t = nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!hasFunction(t.value)) errorf(`function ${quoteGo(t.value)} not defined`, t.line);
        return { type: 'identifier', pos: t.pos, name: t.value };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable': {
        const ident = t.value.split('.');
        if (!vars.includes(ident[0] as string)) errorf(`undefined variable ${quoteGo(ident[0] as string)}`, t.line);
        return { type: 'variable', pos: t.pos, ident };
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.value.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.value === 'true' };
      case 'number':
      case 'charConstant':
        try {
          return parseNumber(t);
        } catch (e) {
          return errorf((e as Error).message, t.line);
        }
      case 'lparen':
        return { type: 'pipe', pos: t.pos, pipe: pipeline('parenthesized pipeline', 'rparen') };
      case 'string':
      case 'raw':
        try {
          return { type: 'string', pos: t.pos, text: t.value, value: unquote(t.value) };
        } catch (e) {
          return errorf((e as Error).message, t.line);
        }
      default:
        backup();
        return null;
    }
  };

  const operand = (): Arg | null => {
    const node = term();
    if (node === null) return null;
    if (peek().type !== 'field') return node;
    const pos = peek().pos;
    const fields: string[] = [];
    while (peek().type === 'field') fields.push(next().value.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return errorf(`unexpected . after term ${quoteGo(argString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  };

  const command = (): Command => {
    const cmd: Command = { pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const t = next();
      if (t.type === 'space') continue;
      if (t.type === 'right' || t.type === 'rparen') backup();
      else if (t.type !== 'pipe') unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) errorf('empty command');
    return cmd;
  };

  const pipeline = (context: string, end: 'right' | 'rparen'): Pipe => {
    const pipe: Pipe = { pos: peekNonSpace().pos, decl: [], isAssign: false, cmds: [] };
    for (;;) {
      const mark = i;
      const v = peekNonSpace();
      if (v.type !== 'variable') break;
      nextNonSpace();
      const n = peekNonSpace();
      if (n.type === 'assign' || n.type === 'declare') {
        pipe.isAssign = n.type === 'assign';
        nextNonSpace();
        pipe.decl.push(v.value);
        vars.push(v.value);
        break;
      }
      if (n.type === 'char' && n.value === ',') {
        nextNonSpace();
        pipe.decl.push(v.value);
        vars.push(v.value);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = peekNonSpace().type;
          if (p === 'variable' || p === 'right' || p === 'rparen') continue;
          errorf('range can only initialize variables');
        }
        errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: the variable starts the first command.
      i = mark;
      break;
    }
    for (;;) {
      const t = nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) errorf(`missing value for ${context}`, t.line);
        pipe.cmds.slice(1).forEach((c, k) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes((c.args[0] as Arg).type)) errorf(`non executable command in pipeline stage ${k + 2}`);
        });
        return pipe;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'raw', 'string', 'variable', 'lparen'].includes(t.type)) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(t, context);
    }
  };

  const textOrAction = (): Node | Marker => {
    const t = nextNonSpace();
    if (t.type === 'text') return { type: 'text', pos: t.pos, text: t.value };
    if (t.type === 'left') return action();
    return unexpected(t, 'input');
  };

  const itemList = (): { list: Node[]; next: Marker } => {
    const list: Node[] = [];
    while (peekNonSpace().type !== 'eof') {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, next: n as Marker };
      list.push(n as Node);
    }
    return errorf('unexpected EOF');
  };

  const control = (context: 'if' | 'with' | 'range'): Node => {
    const saved = vars.length;
    const pipe = pipeline(context, 'right');
    if (context === 'range') rangeDepth++;
    const body = itemList();
    if (context === 'range') rangeDepth--;
    let elseList: Node[] | null = null;
    if (body.next.type === 'else') {
      const p = peek();
      if ((context === 'if' && p.type === 'keyword' && p.value === 'if') || (context === 'with' && p.type === 'keyword' && p.value === 'with')) {
        const kw = next();
        // `{{else if}}` is an `if` inside the else branch that shares this one's {{end}}.
        elseList = [{ ...(control(context) as Node), pos: kw.pos }];
      } else {
        const rest = itemList();
        if (rest.next.type !== 'end') errorf(`expected end; found {{${rest.next.type}}}`);
        elseList = rest.list;
      }
    }
    vars = vars.slice(0, saved);
    return { type: context, pos: pipe.pos, pipe, list: body.list, elseList };
  };

  const templateName = (context: string): string => {
    const t = nextNonSpace();
    if (t.type !== 'string' && t.type !== 'raw') unexpected(t, context);
    return unquote(t.value);
  };

  const action = (): Node | Marker => {
    const t = nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'end':
          expect('right', 'end');
          return { type: 'end', pos: t.pos };
        case 'else': {
          const p = peekNonSpace();
          if (p.type === 'keyword' && (p.value === 'if' || p.value === 'with')) return { type: 'else', pos: p.pos };
          expect('right', 'else');
          return { type: 'else', pos: t.pos };
        }
        case 'if':
        case 'with':
        case 'range':
          return control(t.value);
        case 'break':
        case 'continue': {
          const r = nextNonSpace();
          if (r.type !== 'right') unexpected(r, `{{${t.value}}}`);
          if (rangeDepth === 0) errorf(`{{${t.value}}} outside {{range}}`);
          return { type: t.value, pos: t.pos };
        }
        case 'template': {
          const name = templateName('template clause');
          const r = nextNonSpace();
          let pipe: Pipe | null = null;
          if (r.type !== 'right') {
            backup();
            pipe = pipeline('template clause', 'right');
          }
          return { type: 'template', pos: t.pos, name, pipe };
        }
        case 'block': {
          const name = templateName('block clause');
          const pipe = pipeline('block clause', 'right');
          const body = itemList();
          if (body.next.type !== 'end') errorf('unexpected {{else}}');
          defined[name] ??= body.list;
          return { type: 'template', pos: t.pos, name, pipe };
        }
        case 'define': {
          const name = templateName('define clause');
          expect('right', 'define clause');
          const saved = vars;
          vars = ['$'];
          const body = itemList();
          vars = saved;
          if (body.next.type !== 'end') errorf('unexpected {{else}} in define clause');
          defined[name] = body.list;
          return { type: 'text', pos: t.pos, text: '' };
        }
      }
    }
    backup();
    return { type: 'action', pos: peek().pos, pipe: pipeline('command', 'right') };
  };

  const root: Node[] = [];
  while (peek().type !== 'eof') {
    const n = textOrAction();
    if (n.type === 'end' || n.type === 'else') errorf(`unexpected {{${n.type}}}`);
    root.push(n as Node);
  }
  return { root, defined, text };
}
