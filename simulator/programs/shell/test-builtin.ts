/**
 * `test` and `[`: POSIX's rules by argument count for up to four arguments, then a small
 * recursive-descent parser with `!`, `-a`, `-o` and parentheses. Errors are bash's texts.
 */
import { normalizePath } from '../../kernel/vfs.ts';
import type { Shell } from './interpreter.ts';

export const UNARY = new Set(['-e', '-f', '-d', '-L', '-h', '-s', '-r', '-w', '-x', '-z', '-n', '-b', '-c', '-p', '-S', '-t', '-O', '-G', '-u', '-g', '-k', '-a']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export class TestError extends Error {}

export function evalTest(args: string[], shell: Shell): boolean | string {
  try {
    return new TestParser(args, shell).run();
  } catch (e) {
    if (e instanceof TestError) return e.message;
    throw e;
  }
}

function integer(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new TestError(`${text}: integer expression expected`);
  return Number(t);
}

export class TestParser {
  private readonly args: string[];
  private readonly shell: Shell;
  private i = 0;

  constructor(args: string[], shell: Shell) {
    this.args = args;
    this.shell = shell;
  }

  run(): boolean {
    const a = this.args;
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return a[0] !== '';
      case 2:
        if (a[0] === '!') return a[1] === '';
        if (UNARY.has(a[0] as string)) return this.unary(a[0] as string, a[1] as string);
        throw new TestError(`${a[0]}: unary operator expected`);
      case 3:
        if (BINARY.has(a[1] as string)) return this.binary(a[0] as string, a[1] as string, a[2] as string);
        if (a[1] === '-a' || a[1] === '-o') break;
        if (a[0] === '!') return !new TestParser(a.slice(1), this.shell).run();
        if (a[0] === '(' && a[2] === ')') return a[1] !== '';
        throw new TestError(`${a[1]}: binary operator expected`);
      case 4:
        if (a[0] === '!') return !new TestParser(a.slice(1), this.shell).run();
        if (a[0] === '(' && a[3] === ')') return new TestParser(a.slice(1, 3), this.shell).run();
        break;
    }
    const v = this.or();
    if (this.i < a.length) throw new TestError('too many arguments');
    return v;
  }

  private peek(): string | undefined {
    return this.args[this.i];
  }

  private or(): boolean {
    let v = this.and();
    while (this.peek() === '-o') {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.peek() === '-a') {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    if (this.peek() === '!') {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const a = this.args;
    const t = this.peek();
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      this.i++;
      const v = this.or();
      if (this.peek() !== ')') throw new TestError("`)' expected");
      this.i++;
      return v;
    }
    if (BINARY.has(a[this.i + 1] ?? '') && this.i + 2 < a.length) {
      const v = this.binary(t, a[this.i + 1] as string, a[this.i + 2] as string);
      this.i += 3;
      return v;
    }
    if (UNARY.has(t) && this.i + 1 < a.length) {
      const v = this.unary(t, a[this.i + 1] as string);
      this.i += 2;
      return v;
    }
    this.i++;
    return t !== '';
  }

  unary(op: string, arg: string): boolean {
    if (op === '-z') return arg === '';
    if (op === '-n') return arg !== '';
    if (op === '-t') return false;
    const fs = this.shell.host.fs;
    const path = normalizePath(arg, this.shell.cwd);
    if (arg === '') return false;
    const node = op === '-L' || op === '-h' ? fs.tryStat(path, false) : fs.tryStat(path);
    if (!node) return false;
    switch (op) {
      case '-e':
      case '-a':
        return true;
      case '-f':
        return node.type === 'file';
      case '-d':
        return node.type === 'dir';
      case '-L':
      case '-h':
        return node.type === 'symlink';
      case '-s':
        return (node.size ?? node.data?.length ?? (node.type === 'dir' ? 6 : 0)) > 0;
      case '-r':
      case '-w':
        return true;
      case '-x':
        return (node.mode & 0o111) !== 0;
      case '-b':
        return node.type === 'blockdev';
      case '-c':
        return node.type === 'chardev';
      case '-p':
        return node.type === 'fifo';
      case '-S':
        return node.type === 'socket';
      case '-O':
      case '-G':
        return node.uid === 0;
      case '-u':
        return (node.mode & 0o4000) !== 0;
      case '-g':
        return (node.mode & 0o2000) !== 0;
      case '-k':
        return (node.mode & 0o1000) !== 0;
    }
    return false;
  }

  binary(a: string, op: string, b: string): boolean {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '-eq':
        return integer(a) === integer(b);
      case '-ne':
        return integer(a) !== integer(b);
      case '-lt':
        return integer(a) < integer(b);
      case '-le':
        return integer(a) <= integer(b);
      case '-gt':
        return integer(a) > integer(b);
      case '-ge':
        return integer(a) >= integer(b);
    }
    const fs = this.shell.host.fs;
    const na = fs.tryStat(normalizePath(a, this.shell.cwd));
    const nb = fs.tryStat(normalizePath(b, this.shell.cwd));
    if (op === '-ef') return !!na && !!nb && na.ino === nb.ino;
    if (op === '-nt') return !!na && (!nb || na.mtime > nb.mtime);
    return !!nb && (!na || na.mtime < nb.mtime);
  }
}
