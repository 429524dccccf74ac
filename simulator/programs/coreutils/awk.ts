/**
 * awk (GNU awk 4.0.2 on CentOS 7), the common subset: `pattern { action }` rules with BEGIN/END,
 * `/re/` and expression patterns, fields (`$1`, `$NF`, `$0`), NR/NF/FS/OFS, variables, arithmetic,
 * string concatenation, comparisons and `~`, `print`, `printf`, `if`/`else`, and length, substr,
 * tolower, toupper, index. `-F sep` and `-v name=value`.
 */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions } from './common.ts';
import { posixToJs } from './regex.ts';
import { printfText } from '../shell/format-builtins.ts';

type Tok = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 're'; v: string } | { k: 'name'; v: string } | { k: 'op'; v: string } | { k: 'nl' };

class AwkError extends Error {}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '++', '--', '!~', '{', '}', '(', ')', ';', ',', '+', '-', '*', '/', '%', '<', '>', '!', '~', '=', '$', '?', ':'];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const t = toks[toks.length - 1];
    return !t || t.k === 'nl' || (t.k === 'op' && !(t.v === ')' || t.v === '$'));
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '\n') {
      toks.push({ k: 'nl' });
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          const d = src[++i] as string;
          s += d === 'n' ? '\n' : d === 't' ? '\t' : d === '\\' ? '\\' : d === '"' ? '"' : '\\' + d;
        } else s += src[i];
        i++;
      }
      if (i >= src.length) throw new AwkError('unterminated string');
      i++;
      toks.push({ k: 'str', v: s });
    } else if (c === '/' && regexAllowed()) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/';
          i += 2;
          continue;
        }
        s += src[i++];
      }
      if (i >= src.length) throw new AwkError('unterminated regexp');
      i++;
      toks.push({ k: 're', v: s });
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ k: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ k: 'name', v: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new AwkError(`syntax error at \`${c}'`);
      toks.push({ k: 'op', v: op });
      i += op.length;
    }
  }
  return toks;
}

type Node =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 're'; v: string }
  | { t: 'var'; name: string }
  | { t: 'field'; e: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'un'; op: string; e: Node }
  | { t: 'assign'; op: string; target: Node; e: Node }
  | { t: 'incdec'; op: string; prefix: boolean; target: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'group'; e: Node };

type Stmt =
  | { t: 'print'; args: Node[]; printf: boolean }
  | { t: 'expr'; e: Node }
  | { t: 'if'; c: Node; a: Stmt[]; b: Stmt[] }
  | { t: 'next' }
  | { t: 'exit'; e?: Node };

interface Rule {
  kind: 'BEGIN' | 'END' | 'main';
  pattern?: Node;
  body: Stmt[] | null;
}

class Parser {
  private readonly toks: Tok[];
  private i = 0;

  constructor(toks: Tok[]) {
    this.toks = toks;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.k === 'op' && t.v === v;
  }

  private expect(v: string): void {
    if (!this.isOp(v)) throw new AwkError(`syntax error: expected \`${v}'`);
    this.i++;
  }

  private skipNl(): void {
    while (this.peek()?.k === 'nl' || this.isOp(';')) this.i++;
  }

  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipNl();
    while (this.i < this.toks.length) {
      const t = this.peek() as Tok;
      let rule: Rule;
      if (t.k === 'name' && (t.v === 'BEGIN' || t.v === 'END')) {
        this.i++;
        rule = { kind: t.v, body: this.block() };
      } else if (this.isOp('{')) rule = { kind: 'main', body: this.block() };
      else {
        const pattern = this.expr();
        rule = { kind: 'main', pattern, body: this.isOp('{') ? this.block() : null };
      }
      rules.push(rule);
      this.skipNl();
    }
    return rules;
  }

  private block(): Stmt[] {
    this.expect('{');
    const stmts: Stmt[] = [];
    this.skipNl();
    while (!this.isOp('}')) {
      if (this.i >= this.toks.length) throw new AwkError('syntax error: unexpected end of program');
      stmts.push(this.statement());
      this.skipNl();
    }
    this.i++;
    return stmts;
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t?.k === 'name' && (t.v === 'print' || t.v === 'printf')) {
      this.i++;
      const args: Node[] = [];
      const paren = this.isOp('(');
      if (!this.endOfSimple()) {
        args.push(this.expr(true));
        while (this.isOp(',')) {
          this.i++;
          args.push(this.expr(true));
        }
      }
      if (paren && args.length === 1 && args[0]?.t === 'group') args[0] = args[0].e;
      return { t: 'print', args, printf: t.v === 'printf' };
    }
    if (t?.k === 'name' && t.v === 'if') {
      this.i++;
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.skipNl();
      const a = this.isOp('{') ? this.block() : [this.statement()];
      let save = this.i;
      this.skipNl();
      let b: Stmt[] = [];
      const e = this.peek();
      if (e?.k === 'name' && e.v === 'else') {
        this.i++;
        this.skipNl();
        b = this.isOp('{') ? this.block() : [this.statement()];
        save = this.i;
      }
      this.i = save;
      return { t: 'if', c, a, b };
    }
    if (t?.k === 'name' && t.v === 'next') {
      this.i++;
      return { t: 'next' };
    }
    if (t?.k === 'name' && t.v === 'exit') {
      this.i++;
      return this.endOfSimple() ? { t: 'exit' } : { t: 'exit', e: this.expr() };
    }
    if (this.isOp('{')) {
      const body = this.block();
      return { t: 'if', c: { t: 'num', v: 1 }, a: body, b: [] };
    }
    return { t: 'expr', e: this.expr() };
  }

  private endOfSimple(): boolean {
    const t = this.peek();
    return !t || t.k === 'nl' || this.isOp(';') || this.isOp('}');
  }

  expr(noGt = false): Node {
    return this.ternary(noGt);
  }

  private ternary(noGt: boolean): Node {
    const c = this.assignment(noGt);
    if (!this.isOp('?')) return c;
    this.i++;
    const a = this.ternary(noGt);
    this.expect(':');
    const b = this.ternary(noGt);
    return { t: 'cond', c, a, b };
  }

  private assignment(noGt: boolean): Node {
    const left = this.or(noGt);
    const t = this.peek();
    if (t?.k === 'op' && ['=', '+=', '-=', '*=', '/=', '%='].includes(t.v) && (left.t === 'var' || left.t === 'field')) {
      this.i++;
      return { t: 'assign', op: t.v, target: left, e: this.assignment(noGt) };
    }
    return left;
  }

  private or(noGt: boolean): Node {
    let a = this.and(noGt);
    while (this.isOp('||')) {
      this.i++;
      this.skipNlOnly();
      a = { t: 'bin', op: '||', a, b: this.and(noGt) };
    }
    return a;
  }

  private skipNlOnly(): void {
    while (this.peek()?.k === 'nl') this.i++;
  }

  private and(noGt: boolean): Node {
    let a = this.match(noGt);
    while (this.isOp('&&')) {
      this.i++;
      this.skipNlOnly();
      a = { t: 'bin', op: '&&', a, b: this.match(noGt) };
    }
    return a;
  }

  private match(noGt: boolean): Node {
    let a = this.compare(noGt);
    while (this.isOp('~') || this.isOp('!~')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { t: 'bin', op, a, b: this.compare(noGt) };
    }
    return a;
  }

  private compare(noGt: boolean): Node {
    const a = this.concat(noGt);
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.isOp(op) && !(noGt && op === '>')) {
        this.i++;
        return { t: 'bin', op, a, b: this.concat(noGt) };
      }
    }
    return a;
  }

  private concat(noGt: boolean): Node {
    let a = this.additive();
    for (;;) {
      const t = this.peek();
      if (!t || t.k === 'nl') break;
      const starts = t.k === 'num' || t.k === 'str' || (t.k === 'name' && !['in', 'else'].includes(t.v)) || (t.k === 'op' && (t.v === '$' || t.v === '(' || t.v === '!' || t.v === '++' || t.v === '--'));
      if (!starts || (t.k === 'op' && t.v === '!' )) break;
      void noGt;
      a = { t: 'bin', op: 'concat', a, b: this.additive() };
    }
    return a;
  }

  private additive(): Node {
    let a = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { t: 'bin', op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Node {
    let a = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { t: 'bin', op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Node {
    if (this.isOp('!') || this.isOp('-') || this.isOp('+')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      return { t: 'un', op, e: this.unary() };
    }
    if (this.isOp('++') || this.isOp('--')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      return { t: 'incdec', op, prefix: true, target: this.primary() };
    }
    const p = this.primary();
    if ((this.isOp('++') || this.isOp('--')) && (p.t === 'var' || p.t === 'field')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      return { t: 'incdec', op, prefix: false, target: p };
    }
    return p;
  }

  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new AwkError('syntax error: unexpected end of program');
    if (t.k === 'num') return { t: 'num', v: t.v };
    if (t.k === 'str') return { t: 'str', v: t.v };
    if (t.k === 're') return { t: 're', v: t.v };
    if (t.k === 'name') {
      if (this.isOp('(')) {
        this.i++;
        const args: Node[] = [];
        if (!this.isOp(')')) {
          args.push(this.expr());
          while (this.isOp(',')) {
            this.i++;
            args.push(this.expr());
          }
        }
        this.expect(')');
        return { t: 'call', name: t.v, args };
      }
      return { t: 'var', name: t.v };
    }
    if (t.k === 'op' && t.v === '$') return { t: 'field', e: this.primaryForField() };
    if (t.k === 'op' && t.v === '(') {
      const e = this.expr();
      this.expect(')');
      return { t: 'group', e };
    }
    throw new AwkError(`syntax error at \`${t.k === 'op' ? t.v : t.k === 'nl' ? 'newline' : ''}'`);
  }

  private primaryForField(): Node {
    if (this.isOp('++') || this.isOp('--') || this.isOp('-')) return this.unary();
    return this.primary();
  }
}

class Exit {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
class Next {}

const num = (v: string | number): number => {
  if (typeof v === 'number') return v;
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(v);
  return m ? Number(m[0]) : 0;
};

const str = (v: string | number): string => {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return printfText('%.6g', [String(v)], () => undefined).text;
};

const looksNumeric = (v: string): boolean => /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v);

class Machine {
  vars: Record<string, string | number> = { FS: ' ', OFS: ' ', ORS: '\n', NR: 0, NF: 0, FNR: 0, SUBSEP: '\x1c', RS: '\n' };
  fields: string[] = [''];
  out: (t: string) => void;

  constructor(out: (t: string) => void) {
    this.out = out;
  }

  setRecord(line: string): void {
    this.fields = [line, ...this.split(line)];
    this.vars['NF'] = this.fields.length - 1;
  }

  private split(line: string): string[] {
    const fs = str(this.vars['FS'] ?? ' ');
    if (fs === ' ') return line.split(/[ \t\n]+/).filter(Boolean);
    if (line === '') return [];
    if (fs.length === 1 && fs !== '\\') return line.split(fs);
    try {
      return line.split(new RegExp(posixToJs(fs, true)));
    } catch {
      return line.split(fs);
    }
  }

  private rebuild(): void {
    this.fields[0] = this.fields.slice(1).join(str(this.vars['OFS'] ?? ' '));
  }

  get(node: Node): string | number {
    if (node.t === 'var') return this.vars[node.name] ?? '';
    if (node.t === 'field') {
      const i = Math.trunc(num(this.eval(node.e)));
      if (i < 0) throw new AwkError(`trying to access out of range field ${i}`);
      return this.fields[i] ?? '';
    }
    return this.eval(node);
  }

  set(node: Node, value: string | number): void {
    if (node.t === 'var') {
      this.vars[node.name] = value;
      if (node.name === 'NF') {
        const n = Math.trunc(num(value));
        this.fields = this.fields.slice(0, n + 1);
        while (this.fields.length < n + 1) this.fields.push('');
        this.rebuild();
      }
      return;
    }
    if (node.t === 'field') {
      const i = Math.trunc(num(this.eval(node.e)));
      if (i === 0) {
        this.setRecord(str(value));
        return;
      }
      while (this.fields.length <= i) this.fields.push('');
      this.fields[i] = str(value);
      this.vars['NF'] = this.fields.length - 1;
      this.rebuild();
    }
  }

  truthy(v: string | number): boolean {
    return typeof v === 'number' ? v !== 0 : v !== '';
  }

  eval(node: Node): string | number {
    switch (node.t) {
      case 'num':
        return node.v;
      case 'str':
        return node.v;
      case 're':
        return new RegExp(posixToJs(node.v, true)).test(str(this.fields[0] ?? '')) ? 1 : 0;
      case 'var':
      case 'field':
        return this.get(node);
      case 'group':
        return this.eval(node.e);
      case 'cond':
        return this.truthy(this.eval(node.c)) ? this.eval(node.a) : this.eval(node.b);
      case 'un': {
        const v = this.eval(node.e);
        return node.op === '!' ? (this.truthy(v) ? 0 : 1) : node.op === '-' ? -num(v) : num(v);
      }
      case 'assign': {
        const v = this.eval(node.e);
        const cur = num(this.get(node.target));
        const r = node.op === '=' ? v : node.op === '+=' ? cur + num(v) : node.op === '-=' ? cur - num(v) : node.op === '*=' ? cur * num(v) : node.op === '/=' ? cur / num(v) : cur % num(v);
        this.set(node.target, r);
        return r;
      }
      case 'incdec': {
        const cur = num(this.get(node.target));
        const next = node.op === '++' ? cur + 1 : cur - 1;
        this.set(node.target, next);
        return node.prefix ? next : cur;
      }
      case 'call':
        return this.call(node.name, node.args);
      case 'bin': {
        if (node.op === '&&') return this.truthy(this.eval(node.a)) && this.truthy(this.eval(node.b)) ? 1 : 0;
        if (node.op === '||') return this.truthy(this.eval(node.a)) || this.truthy(this.eval(node.b)) ? 1 : 0;
        if (node.op === '~' || node.op === '!~') {
          const s = str(this.eval(node.a));
          const re = node.b.t === 're' ? node.b.v : str(this.eval(node.b));
          const m = new RegExp(posixToJs(re, true)).test(s);
          return m === (node.op === '~') ? 1 : 0;
        }
        const a = this.eval(node.a);
        const b = this.eval(node.b);
        switch (node.op) {
          case 'concat':
            return str(a) + str(b);
          case '+':
            return num(a) + num(b);
          case '-':
            return num(a) - num(b);
          case '*':
            return num(a) * num(b);
          case '/':
            if (num(b) === 0) throw new AwkError('division by zero');
            return num(a) / num(b);
          case '%':
            if (num(b) === 0) throw new AwkError('division by zero in `%\'');
            return num(a) % num(b);
        }
        const numeric = (v: string | number, n: Node): boolean => typeof v === 'number' || (n.t !== 'str' && looksNumeric(v));
        const cmp = numeric(a, node.a) && numeric(b, node.b) ? num(a) - num(b) : str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
        return { '==': cmp === 0, '!=': cmp !== 0, '<': cmp < 0, '<=': cmp <= 0, '>': cmp > 0, '>=': cmp >= 0 }[node.op] ? 1 : 0;
      }
    }
  }

  private call(name: string, args: Node[]): string | number {
    const v = args.map((a) => this.eval(a));
    switch (name) {
      case 'length':
        return [...str(v[0] ?? this.fields[0] ?? '')].length;
      case 'substr': {
        const s = [...str(v[0] ?? '')];
        const start = Math.round(num(v[1] ?? 1));
        const len = v[2] === undefined ? s.length : Math.round(num(v[2]));
        const from = Math.max(1, start);
        const to = Math.min(s.length + 1, start + len);
        return s.slice(from - 1, Math.max(from - 1, to - 1)).join('');
      }
      case 'tolower':
        return str(v[0] ?? '').toLowerCase();
      case 'toupper':
        return str(v[0] ?? '').toUpperCase();
      case 'index':
        return str(v[0] ?? '').indexOf(str(v[1] ?? '')) + 1;
      case 'int':
        return Math.trunc(num(v[0] ?? 0));
      case 'sprintf':
        return printfText(str(v[0] ?? ''), v.slice(1).map(str), () => undefined).text;
    }
    throw new AwkError(`function \`${name}' not defined`);
  }

  exec(stmts: Stmt[]): void {
    for (const s of stmts) {
      if (s.t === 'print') {
        const vals = s.args.length ? s.args.map((a) => this.eval(a)) : [this.fields[0] ?? ''];
        if (s.printf) this.out(printfText(str(vals[0] ?? ''), vals.slice(1).map(str), () => undefined).text);
        else this.out(vals.map((x) => (typeof x === 'number' ? str(x) : x)).join(str(this.vars['OFS'] ?? ' ')) + str(this.vars['ORS'] ?? '\n'));
      } else if (s.t === 'expr') this.eval(s.e);
      else if (s.t === 'if') this.exec(this.truthy(this.eval(s.c)) ? s.a : s.b);
      else if (s.t === 'next') throw new Next();
      else throw new Exit(s.e ? Math.trunc(num(this.eval(s.e))) : 0);
    }
  }
}

export const awk: Program = (ctx) => {
  const opts = parseOptions(ctx, 'awk', { short: 'F:v:f:', long: { 'field-separator=': 'F', 'assign=': 'v' } });
  if (typeof opts === 'number') return opts;
  const operands = [...opts.operands];
  const src = operands.shift();
  if (src === undefined) {
    ctx.stderr('Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] \'program\' file ...\n');
    return 2;
  }
  let rules: Rule[];
  try {
    rules = new Parser(lex(src)).program();
  } catch (e) {
    if (!(e instanceof AwkError)) throw e;
    ctx.stderr(`awk: cmd. line:1: ${src.split('\n')[0]}\nawk: cmd. line:1: ${e.message}\n`);
    return 1;
  }
  const m = new Machine(ctx.stdout);
  const fsOpt = opts.value('F');
  if (fsOpt !== undefined) m.vars['FS'] = fsOpt === 't' ? '\t' : fsOpt.replace(/\\t/g, '\t');
  for (const a of opts.values('v')) {
    const eq = a.indexOf('=');
    if (eq > 0) m.vars[a.slice(0, eq)] = a.slice(eq + 1);
  }
  let status = 0;
  try {
    try {
      for (const r of rules) if (r.kind === 'BEGIN' && r.body) m.exec(r.body);
      const mains = rules.filter((r) => r.kind === 'main');
      const hasEnd = rules.some((r) => r.kind === 'END');
      if (mains.length > 0 || hasEnd) {
        for (const name of operands.length ? operands : ['-']) {
          let text: string;
          if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(name)) {
            const eq = name.indexOf('=');
            m.vars[name.slice(0, eq)] = name.slice(eq + 1);
            continue;
          }
          try {
            text = name === '-' ? ctx.stdin : ctx.host.fs.readFile(abs(ctx, name));
          } catch (e) {
            ctx.stderr(`awk: fatal: cannot open file \`${name}' for reading (${errno(e)})\n`);
            return 2;
          }
          m.vars['FNR'] = 0;
          const recs = text.split('\n');
          if (recs[recs.length - 1] === '') recs.pop();
          for (const line of recs) {
            m.vars['NR'] = num(m.vars['NR'] ?? 0) + 1;
            m.vars['FNR'] = num(m.vars['FNR'] ?? 0) + 1;
            m.setRecord(line);
            try {
              for (const r of mains) {
                if (r.pattern && !m.truthy(m.eval(r.pattern))) continue;
                if (r.body) m.exec(r.body);
                else ctx.stdout((m.fields[0] ?? '') + str(m.vars['ORS'] ?? '\n'));
              }
            } catch (e) {
              if (!(e instanceof Next)) throw e;
            }
          }
        }
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.status;
    }
    for (const r of rules) if (r.kind === 'END' && r.body) m.exec(r.body);
  } catch (e) {
    if (e instanceof Exit) return e.status;
    if (e instanceof AwkError) {
      ctx.stderr(`awk: cmd. line:1: fatal: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SyntaxError) {
      ctx.stderr(`awk: cmd. line:1: fatal: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return status;
};
