/**
 * bash's grammar, read the way bash reads it: a character-level lexer that knows about quoting,
 * `$(...)`, `${...}`, `$((...))`, backticks and here-documents, feeding a recursive-descent parser for
 * lists, pipelines, compound commands and function definitions. Reserved words are recognised only
 * where a command may start. Errors carry bash's own wording (without the `bash: ` prefix).
 */
import type { AndOr, Assignment, CaseCommand, Command, CondCommand, ForCommand, IfCommand, List, Pipeline, Redirect, RedirOp, SimpleCommand, WhileCommand, Word, WordPart } from './ast.ts';

export class ShellSyntaxError extends Error {
  /** The lines bash prints, each without the `bash: ` prefix. */
  readonly lines: string[];
  constructor(...lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

type Tok =
  | { k: 'word'; parts: Word; raw: string; start: number }
  | { k: 'op'; op: string }
  | { k: 'redir'; op: RedirOp; fd?: number }
  | { k: 'eof' };

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const OPS = ['&>>', '<<<', '<<-', '&&', '||', ';;', '<<', '>>', '>|', '<>', '<&', '>&', '&>', ';', '&', '|', '(', ')', '<', '>'];
const REDIR_OPS = new Set(['&>>', '<<<', '<<-', '<<', '>>', '>|', '<>', '<&', '>&', '&>', '<', '>']);
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Deepest nesting of compound commands and substitutions accepted (keeps the JS stack safe). */
const MAX_DEPTH = 150;

const EOF_ERROR = 'syntax error: unexpected end of file';

function unmatched(ch: string): ShellSyntaxError {
  return new ShellSyntaxError(`unexpected EOF while looking for matching \`${ch}'`, EOF_ERROR);
}

interface PendingHeredoc {
  redirect: Redirect;
  line: number;
  delimiter: string;
  stripTabs: boolean;
}

export interface ParseResult {
  list: List;
  /** Warnings bash prints while reading (unterminated here-documents). */
  warnings: string[];
}

/** Parses a whole command line (it may span lines). Throws ShellSyntaxError. */
export function parse(src: string): ParseResult {
  const p = new Parser(src);
  const list = p.parseList(new Set());
  const t = p.peek();
  if (t.k !== 'eof') throw p.unexpected(t);
  return { list, warnings: p.warnings };
}

/** Parses text that expands like the inside of double quotes (here-document bodies, arithmetic). */
export function parseExpandable(text: string): Word {
  const p = new Parser(text);
  return p.readDoubleQuoted(null);
}

/** Parses a single word (for aliases and `read`-free callers); returns null on a syntax error. */
export function parseWords(text: string): Word[] | null {
  try {
    const p = new Parser(text);
    const words: Word[] = [];
    for (;;) {
      const t = p.next();
      if (t.k === 'eof') return words;
      if (t.k !== 'word') return null;
      words.push(t.parts);
    }
  } catch {
    return null;
  }
}

class Parser {
  readonly src: string;
  pos = 0;
  line = 1;
  private peeked: Tok | null = null;
  private pending: PendingHeredoc[] = [];
  private depth = 0;
  readonly warnings: string[] = [];

  constructor(src: string) {
    this.src = src;
  }

  // ---- lexer ------------------------------------------------------------------------------

  peek(): Tok {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  next(): Tok {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  private lex(): Tok {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
    if (this.pos >= s.length) {
      this.flushHeredocsAtEof();
      return { k: 'eof' };
    }
    const c = s[this.pos] as string;
    if (c === '\n') {
      this.pos++;
      this.line++;
      this.readHeredocBodies();
      return { k: 'op', op: '\n' };
    }
    const io = /^\d+(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (io) {
      const after = this.pos + io[0].length;
      const op = OPS.find((o) => s.startsWith(o, after) && REDIR_OPS.has(o));
      if (op) {
        this.pos = after + op.length;
        return { k: 'redir', op: op as RedirOp, fd: Number(io[0]) };
      }
    }
    for (const op of OPS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        if (REDIR_OPS.has(op)) return { k: 'redir', op: op as RedirOp };
        return { k: 'op', op };
      }
    }
    return this.readWord();
  }

  private readWord(): Tok {
    const s = this.src;
    const start = this.pos;
    const parts: WordPart[] = [];
    const lit = (v: string): void => {
      const last = parts[parts.length - 1];
      if (last && last.t === 'lit') last.v += v;
      else parts.push({ t: 'lit', v });
    };
    if (s[this.pos] === '~') {
      const m = /^~([A-Za-z0-9_.-]*)/.exec(s.slice(this.pos, this.pos + 64)) as RegExpExecArray;
      const after = s[this.pos + m[0].length];
      if (after === undefined || after === '/' || META.has(after)) {
        parts.push({ t: 'tilde', user: m[1] as string });
        this.pos += m[0].length;
      }
    }
    while (this.pos < s.length) {
      const c = s[this.pos] as string;
      if (META.has(c)) break;
      if (c === '\\') {
        const d = s[this.pos + 1];
        if (d === '\n') this.pos += 2;
        else if (d === undefined) {
          lit('\\');
          this.pos++;
        } else {
          parts.push({ t: 'sq', v: d });
          this.pos += 2;
        }
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw unmatched("'");
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) });
        this.countLines(this.pos, end);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        parts.push({ t: 'dq', parts: this.readDoubleQuoted('"') });
      } else if (c === '$') {
        const part = this.readDollar(false);
        if (part) parts.push(part);
        else lit('$');
      } else if (c === '`') {
        parts.push(this.readBacktick());
      } else {
        lit(c);
        this.pos++;
      }
    }
    return { k: 'word', parts, raw: s.slice(start, this.pos), start };
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.src[i] === '\n') this.line++;
  }

  /** Reads the inside of "..." (end = '"') or of an expandable text (end = null: up to EOF). */
  readDoubleQuoted(end: '"' | null): WordPart[] {
    const s = this.src;
    const parts: WordPart[] = [];
    const text = (v: string): void => {
      const last = parts[parts.length - 1];
      if (last && last.t === 'sq') last.v += v;
      else parts.push({ t: 'sq', v });
    };
    for (;;) {
      if (this.pos >= s.length) {
        if (end === null) return parts;
        throw unmatched('"');
      }
      const c = s[this.pos] as string;
      if (c === end) {
        this.pos++;
        if (parts.length === 0) parts.push({ t: 'sq', v: '' });
        return parts;
      }
      if (c === '\\') {
        const d = s[this.pos + 1];
        if (d === '\n') {
          this.pos += 2;
          continue;
        }
        if (d !== undefined && (d === '$' || d === '`' || d === '\\' || (end === '"' && d === '"'))) {
          text(d);
          this.pos += 2;
          continue;
        }
        text('\\');
        this.pos++;
      } else if (c === '$') {
        const part = this.readDollar(true);
        if (part) parts.push(part);
        else text('$');
      } else if (c === '`') {
        parts.push(this.readBacktick());
      } else {
        if (c === '\n') this.line++;
        text(c);
        this.pos++;
      }
    }
  }

  /** At a `$`: returns the expansion, or null when the `$` is literal (pos then moved past it). */
  private readDollar(inDq: boolean): WordPart | null {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '{') {
      this.pos += 2;
      return this.readBraceParam();
    }
    if (n === '(') {
      if (s[this.pos + 2] === '(') {
        const arith = this.tryArith(this.pos + 3);
        if (arith !== null) return arith;
      }
      this.pos += 2;
      return { t: 'cmd', body: this.nested(() => this.parseSubstitution()) };
    }
    if (n === "'" && !inDq) {
      this.pos += 2;
      return { t: 'sq', v: this.readAnsiC() };
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1, this.pos + 257)) as RegExpExecArray;
      this.pos += 1 + m[0].length;
      return { t: 'param', name: m[0] };
    }
    if (n !== undefined && /[0-9?$#@*!-]/.test(n)) {
      this.pos += 2;
      return { t: 'param', name: n };
    }
    this.pos++;
    return null;
  }

  private parseSubstitution(): List {
    const list = this.parseList(new Set([')']));
    const t = this.next();
    if (t.k === 'op' && t.op === ')') return list;
    if (t.k === 'eof') throw unmatched(')');
    throw this.unexpected(t);
  }

  /** `$((expr))`: the text up to the matching `))`, or null when it is really `$( (...) )`. */
  private tryArith(from: number): WordPart | null {
    const s = this.src;
    let depth = 0;
    for (let i = from; i < s.length; i++) {
      const c = s[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (s[i + 1] !== ')') return null;
          const expr = s.slice(from, i);
          this.countLines(from, i);
          this.pos = i + 2;
          return { t: 'arith', expr };
        }
        depth--;
      }
    }
    throw unmatched(')');
  }

  private readBraceParam(): WordPart {
    const s = this.src;
    const start = this.pos - 2;
    let len = false;
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
      len = true;
      this.pos++;
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(s.slice(this.pos, this.pos + 257));
    const name = m ? m[0] : '';
    this.pos += name.length;
    const c = s[this.pos];
    if (c === '}' && name) {
      this.pos++;
      return len ? { t: 'param', name, len } : { t: 'param', name };
    }
    const op = ['//', '/', ':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%', ':'].find((o) => s.startsWith(o, this.pos));
    if (!name || len || !op) {
      // Bad substitution is reported when the word is expanded, as bash does.
      const close = s.indexOf('}', this.pos);
      if (close < 0) throw unmatched('}');
      this.pos = close + 1;
      return { t: 'param', name: s.slice(start, close + 1), op: 'bad' };
    }
    this.pos += op.length;
    const arg = this.readBraceArg();
    return { t: 'param', name, op, arg };
  }

  /** The word after an operator in `${name<op>word}`, up to the matching `}`. */
  private readBraceArg(): WordPart[] {
    const s = this.src;
    const parts: WordPart[] = [];
    const lit = (v: string): void => {
      const last = parts[parts.length - 1];
      if (last && last.t === 'lit') last.v += v;
      else parts.push({ t: 'lit', v });
    };
    for (;;) {
      if (this.pos >= s.length) throw unmatched('}');
      const c = s[this.pos] as string;
      if (c === '}') {
        this.pos++;
        return parts;
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        parts.push({ t: 'sq', v: s[this.pos + 1] as string });
        this.pos += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw unmatched("'");
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        parts.push({ t: 'dq', parts: this.readDoubleQuoted('"') });
      } else if (c === '$') {
        const part = this.readDollar(false);
        if (part) parts.push(part);
        else lit('$');
      } else if (c === '`') {
        parts.push(this.readBacktick());
      } else {
        lit(c);
        this.pos++;
      }
    }
  }

  private readBacktick(): WordPart {
    const s = this.src;
    let i = this.pos + 1;
    let inner = '';
    for (;;) {
      if (i >= s.length) throw unmatched('`');
      const c = s[i] as string;
      if (c === '`') break;
      if (c === '\\' && (s[i + 1] === '`' || s[i + 1] === '\\' || s[i + 1] === '$')) {
        inner += s[i + 1];
        i += 2;
        continue;
      }
      inner += c;
      i++;
    }
    this.countLines(this.pos, i);
    this.pos = i + 1;
    const body = this.nested(() => {
      const sub = new Parser(inner);
      sub.depth = this.depth;
      const list = sub.parseList(new Set());
      const t = sub.peek();
      if (t.k !== 'eof') throw sub.unexpected(t);
      return list;
    });
    return { t: 'cmd', body };
  }

  /** `$'...'`: ANSI-C escapes. */
  private readAnsiC(): string {
    const s = this.src;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) throw unmatched("'");
      const c = s[this.pos] as string;
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        const [text, used] = ansiEscape(s, this.pos + 1);
        out += text;
        this.pos += 1 + used;
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private readHeredocBodies(): void {
    const s = this.src;
    for (const h of this.pending) {
      const lines: string[] = [];
      let found = false;
      while (this.pos < s.length) {
        let nl = s.indexOf('\n', this.pos);
        if (nl < 0) nl = s.length;
        let line = s.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, s.length);
        this.line++;
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          found = true;
          break;
        }
        lines.push(line + '\n');
      }
      if (!found) this.warnings.push(`warning: here-document at line ${h.line} delimited by end-of-file (wanted \`${h.delimiter}')`);
      (h.redirect.heredoc as { body: string }).body = lines.join('');
    }
    this.pending = [];
  }

  private flushHeredocsAtEof(): void {
    for (const h of this.pending) this.warnings.push(`warning: here-document at line ${h.line} delimited by end-of-file (wanted \`${h.delimiter}')`);
    this.pending = [];
  }

  // ---- parser -----------------------------------------------------------------------------

  unexpected(t: Tok): ShellSyntaxError {
    if (t.k === 'eof') return new ShellSyntaxError(EOF_ERROR);
    const text = t.k === 'word' ? t.raw : t.k === 'op' ? (t.op === '\n' ? 'newline' : t.op) : t.op;
    return new ShellSyntaxError(`syntax error near unexpected token \`${text}'`);
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ShellSyntaxError('syntax error: commands nested too deeply');
    const saved = this.peeked;
    this.peeked = null;
    try {
      return fn();
    } finally {
      this.depth--;
      this.peeked = saved;
    }
  }

  private isReserved(t: Tok, word: string): boolean {
    return t.k === 'word' && t.raw === word && t.parts.length === 1 && t.parts[0]?.t === 'lit';
  }

  private reservedOf(t: Tok): string | null {
    if (t.k !== 'word' || t.parts.length !== 1 || t.parts[0]?.t !== 'lit') return null;
    return t.raw;
  }

  private skipNewlines(): void {
    for (let t = this.peek(); t.k === 'op' && t.op === '\n'; t = this.peek()) this.next();
  }

  /** A list of and-or lists up to one of `terms` (reserved words or `)`), EOF, or a stray token. */
  parseList(terms: Set<string>): List {
    const list: AndOr[] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.k === 'eof') break;
      if (t.k === 'op' && (terms.has(t.op) || t.op === ';;') && t.op !== '\n') break;
      const r = this.reservedOf(t);
      if (r !== null && terms.has(r)) break;
      const andor = this.parseAndOr();
      list.push(andor);
      const sep = this.peek();
      if (sep.k === 'op' && (sep.op === ';' || sep.op === '&' || sep.op === '\n')) {
        this.next();
        if (sep.op === '&') andor.background = true;
        this.skipNewlines();
        continue;
      }
      break;
    }
    return list;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (let t = this.peek(); t.k === 'op' && (t.op === '&&' || t.op === '||'); t = this.peek()) {
      this.next();
      this.skipNewlines();
      rest.push({ op: t.op as '&&' | '||', pipeline: this.parsePipeline() });
    }
    return { first, rest, background: false };
  }

  private parsePipeline(): Pipeline {
    let timed: Pipeline['timed'];
    if (this.isReserved(this.peek(), 'time')) {
      this.next();
      timed = 'bash';
      const p = this.peek();
      if (p.k === 'word' && p.raw === '-p') {
        this.next();
        timed = 'posix';
      }
    }
    let negate = false;
    if (this.isReserved(this.peek(), '!')) {
      this.next();
      negate = true;
    }
    const t0 = this.peek();
    if (timed && (t0.k === 'eof' || (t0.k === 'op' && t0.op !== '('))) return { negate, commands: [], timed };
    const commands = [this.parseCommand()];
    for (let t = this.peek(); t.k === 'op' && t.op === '|'; t = this.peek()) {
      this.next();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return timed ? { negate, commands, timed } : { negate, commands };
  }

  private parseCommand(): Command {
    if (++this.depth > MAX_DEPTH) throw new ShellSyntaxError('syntax error: commands nested too deeply');
    try {
      return this.parseCommandInner();
    } finally {
      this.depth--;
    }
  }

  private parseCommandInner(): Command {
    const t = this.peek();
    if (t.k === 'eof') throw new ShellSyntaxError(EOF_ERROR);
    if (t.k === 'op') {
      if (t.op !== '(') throw this.unexpected(t);
      this.next();
      const body = this.parseList(new Set([')']));
      this.expectOp(')');
      if (body.length === 0) throw this.unexpected({ k: 'op', op: ')' });
      return { type: 'subshell', body, redirects: this.parseRedirects() };
    }
    const r = this.reservedOf(t);
    if (r !== null) {
      if (CLOSERS.has(r)) throw this.unexpected(t);
      if (r === 'if') return this.parseIf();
      if (r === 'for') return this.parseFor();
      if (r === 'while' || r === 'until') return this.parseWhile(r === 'until');
      if (r === 'case') return this.parseCase();
      if (r === '{') {
        this.next();
        const body = this.parseList(new Set(['}']));
        this.expectWord('}');
        return { type: 'group', body, redirects: this.parseRedirects() };
      }
      if (r === 'function') return this.parseFunctionKeyword();
      if (r === '[[') return this.parseCond();
    }
    return this.parseSimple();
  }

  private expectOp(op: string): void {
    const t = this.next();
    if (t.k === 'op' && t.op === op) return;
    if (t.k === 'eof') throw op === ')' ? unmatched(')') : new ShellSyntaxError(EOF_ERROR);
    throw this.unexpected(t);
  }

  private expectWord(word: string): void {
    const t = this.next();
    if (this.isReserved(t, word)) return;
    throw this.unexpected(t);
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    while (this.peek().k === 'redir') redirects.push(this.parseRedirect());
    return redirects;
  }

  private parseRedirect(): Redirect {
    const t = this.next() as Extract<Tok, { k: 'redir' }>;
    const target = this.next();
    if (target.k === 'eof') throw new ShellSyntaxError("syntax error near unexpected token `newline'");
    if (target.k !== 'word') throw this.unexpected(target);
    const redirect: Redirect = { op: t.op, target: target.parts };
    if (t.fd !== undefined) redirect.fd = t.fd;
    if (t.op === '<<' || t.op === '<<-') {
      const quoted = /['"\\]/.test(target.raw);
      redirect.heredoc = { body: '', expand: !quoted };
      this.pending.push({ redirect, line: this.line, delimiter: literalText(target.parts), stripTabs: t.op === '<<-' });
    }
    return redirect;
  }

  private parseSimple(): Command {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [], line: this.line };
    for (;;) {
      const t = this.peek();
      if (t.k === 'redir') {
        cmd.redirects.push(this.parseRedirect());
      } else if (t.k === 'word') {
        this.next();
        if (cmd.words.length === 0) {
          const a = asAssignment(t.parts);
          if (a) {
            cmd.assigns.push(a);
            continue;
          }
        }
        cmd.words.push(t.parts);
        if (cmd.words.length === 1 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
          const after = this.peek();
          if (after.k === 'op' && after.op === '(') return this.parseFunctionRest(t.raw, t.start);
        }
      } else break;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) throw this.unexpected(this.peek());
    return cmd;
  }

  private parseFunctionKeyword(): Command {
    const start = (this.next() as { start: number }).start;
    const name = this.next();
    if (name.k !== 'word') throw this.unexpected(name);
    const after = this.peek();
    if (after.k === 'op' && after.op === '(') return this.parseFunctionRest(name.raw, start);
    this.skipNewlines();
    return this.functionBody(name.raw, start);
  }

  private parseFunctionRest(name: string, start: number): Command {
    this.expectOp('(');
    this.expectOp(')');
    this.skipNewlines();
    return this.functionBody(name, start);
  }

  private functionBody(name: string, start: number): Command {
    const body = this.parseCommand();
    if (body.type === 'simple' || body.type === 'function') throw new ShellSyntaxError(`syntax error near unexpected token \`${this.src.slice(start, this.pos).trim().split(/\s+/).pop() ?? ''}'`);
    return { type: 'function', name, body };
  }

  /** `[[ ... ]]`: inside, `&&`, `||`, `<`, `>`, `(`, `)` and `!` are operators of the expression. */
  private parseCond(): CondCommand {
    this.next();
    const s = this.src;
    const words: Word[] = [];
    const ops: boolean[] = [];
    for (;;) {
      while (s[this.pos] === ' ' || s[this.pos] === '\t' || s[this.pos] === '\n') this.pos++;
      if (this.pos >= s.length) throw new ShellSyntaxError(EOF_ERROR);
      if (s.startsWith(']]', this.pos) && (this.pos + 2 >= s.length || META.has(s[this.pos + 2] as string))) {
        this.pos += 2;
        break;
      }
      const op = ['&&', '||', '(', ')', '<', '>'].find((o) => s.startsWith(o, this.pos));
      if (op) {
        this.pos += op.length;
        words.push([{ t: 'lit', v: op }]);
        ops.push(true);
        continue;
      }
      if (META.has(s[this.pos] as string)) throw new ShellSyntaxError(`syntax error in conditional expression: unexpected token \`${s[this.pos]}'`);
      const w = this.readWord() as { parts: Word; raw: string };
      words.push(w.parts);
      ops.push(w.raw === '!' || w.raw === '=~');
    }
    if (words.length === 0) throw new ShellSyntaxError("syntax error near unexpected token `]]'");
    return { type: 'cond', words, ops, redirects: this.parseRedirects() };
  }

  private parseIf(): IfCommand {
    this.next();
    const clauses: IfCommand['clauses'] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.parseList(new Set(['then']));
      this.expectWord('then');
      const body = this.parseList(new Set(['elif', 'else', 'fi']));
      clauses.push({ cond, body });
      const t = this.next();
      if (this.isReserved(t, 'elif')) continue;
      if (this.isReserved(t, 'else')) {
        otherwise = this.parseList(new Set(['fi']));
        this.expectWord('fi');
        break;
      }
      if (this.isReserved(t, 'fi')) break;
      throw this.unexpected(t);
    }
    const cmd: IfCommand = { type: 'if', clauses, redirects: this.parseRedirects() };
    if (otherwise) cmd.otherwise = otherwise;
    return cmd;
  }

  private parseFor(): ForCommand {
    this.next();
    const nameTok = this.next();
    if (nameTok.k !== 'word') throw this.unexpected(nameTok);
    if (!NAME.test(nameTok.raw)) throw new ShellSyntaxError(`\`${nameTok.raw}': not a valid identifier`);
    let items: Word[] | undefined;
    let t = this.peek();
    if (t.k === 'op' && t.op === ';') {
      this.next();
    } else {
      this.skipNewlines();
      t = this.peek();
      if (this.isReserved(t, 'in')) {
        this.next();
        items = [];
        for (t = this.peek(); t.k === 'word'; t = this.peek()) items.push((this.next() as { parts: Word }).parts);
        if (t.k === 'op' && (t.op === ';' || t.op === '\n')) this.next();
        else throw this.unexpected(t);
      }
    }
    this.skipNewlines();
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    const cmd: ForCommand = { type: 'for', name: nameTok.raw, body, redirects: this.parseRedirects() };
    if (items) cmd.items = items;
    return cmd;
  }

  private parseWhile(until: boolean): WhileCommand {
    this.next();
    const cond = this.parseList(new Set(['do']));
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return { type: 'while', until, cond, body, redirects: this.parseRedirects() };
  }

  private parseCase(): CaseCommand {
    this.next();
    const subject = this.next();
    if (subject.k !== 'word') throw this.unexpected(subject);
    this.skipNewlines();
    this.expectWord('in');
    const arms: CaseCommand['arms'] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (this.isReserved(t, 'esac')) {
        this.next();
        break;
      }
      if (t.k === 'op' && t.op === '(') this.next();
      const patterns: Word[] = [];
      for (;;) {
        const w = this.next();
        if (w.k !== 'word') throw this.unexpected(w);
        patterns.push(w.parts);
        const sep = this.next();
        if (sep.k === 'op' && sep.op === '|') continue;
        if (sep.k === 'op' && sep.op === ')') break;
        throw this.unexpected(sep);
      }
      const body = this.parseList(new Set(['esac']));
      arms.push({ patterns, body });
      const end = this.peek();
      if (end.k === 'op' && end.op === ';;') {
        this.next();
        this.skipNewlines();
        continue;
      }
      if (this.isReserved(end, 'esac')) continue;
      throw this.unexpected(end);
    }
    return { type: 'case', subject: subject.parts, arms, redirects: this.parseRedirects() };
  }
}

/** `NAME=value` at the start of a simple command. */
function asAssignment(parts: Word): Assignment | null {
  const first = parts[0];
  if (!first || first.t !== 'lit') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v);
  if (!m) return null;
  const rest = first.v.slice(m[0].length);
  const value: Word = [...(rest ? [{ t: 'lit' as const, v: rest }] : []), ...parts.slice(1)];
  return { name: m[1] as string, value, append: m[2] === '+' };
}

/** The text of a word with quotes removed and nothing expanded (here-document delimiters). */
export function literalText(parts: Word): string {
  let out = '';
  for (const p of parts) {
    if (p.t === 'lit' || p.t === 'sq') out += p.v;
    else if (p.t === 'dq') out += literalText(p.parts);
    else if (p.t === 'tilde') out += '~' + p.user;
    else if (p.t === 'param') out += '$' + p.name;
  }
  return out;
}

/** One backslash escape of `$'...'`, `echo -e` and `printf`: [text, characters used after `\`]. */
export function ansiEscape(s: string, i: number): [string, number] {
  const c = s[i] as string;
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\', "'": "'", '"': '"' };
  if (c in simple) return [simple[c] as string, 1];
  if (c === 'x') {
    const m = /^[0-9A-Fa-f]{1,2}/.exec(s.slice(i + 1, i + 3));
    if (m) return [String.fromCharCode(parseInt(m[0], 16)), 1 + m[0].length];
    return ['\\x', 1];
  }
  if (/[0-7]/.test(c)) {
    const m = /^[0-7]{1,3}/.exec(s.slice(i, i + 3)) as RegExpExecArray;
    return [String.fromCharCode(parseInt(m[0], 8) & 0xff), m[0].length];
  }
  return ['\\' + c, 1];
}
