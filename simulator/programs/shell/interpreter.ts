/**
 * Runs a parsed command line in a shell frame: `a && b || c; d | e`, redirections, variables and
 * `$?`, builtins, and everything else through PATH lookup on the host, exactly where bash would
 * find it. Errors are worded as bash words them.
 */
import { FsError, ERRNO_TEXT, normalizePath } from '../../kernel/vfs.ts';
import { DEFAULT_PATH, type Host } from '../../kernel/host.ts';
import type { World } from '../../kernel/world.ts';
import type { ExecContext, Session, SessionFrame } from '../../kernel/types.ts';
import { tokenize, ShellSyntaxError, type Token, type WordPart } from './lexer.ts';

interface Redirect {
  op: Extract<Token, { kind: 'redir' }>['op'];
  target: string;
}

interface SimpleCommand {
  words: WordPart[][];
  redirects: { op: Redirect['op']; target: WordPart[] | null }[];
}

type Pipeline = SimpleCommand[];

interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ShellIo {
  stdin: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

function parse(tokens: Token[]): AndOr[] {
  const lists: AndOr[] = [];
  let current: AndOr | null = null;
  let pipeline: Pipeline = [];
  let command: SimpleCommand = { words: [], redirects: [] };
  let pendingOp: '&&' | '||' | null = null;
  const unexpected = (tok: string): never => {
    throw new ShellSyntaxError(`syntax error near unexpected token \`${tok}'`);
  };
  const endCommand = (tok: string): void => {
    if (command.words.length === 0 && command.redirects.length === 0) unexpected(tok);
    pipeline.push(command);
    command = { words: [], redirects: [] };
  };
  const endPipeline = (): void => {
    if (!current) current = { first: pipeline, rest: [] };
    else current.rest.push({ op: pendingOp ?? '&&', pipeline });
    pipeline = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') {
      command.words.push(t.parts);
    } else if (t.kind === 'redir') {
      if (t.op === '2>&1' || t.op === '>&2') {
        command.redirects.push({ op: t.op, target: null });
        continue;
      }
      const next = tokens[i + 1];
      if (!next || next.kind !== 'word') unexpected(next ? (next.kind === 'op' ? next.op : next.op) : 'newline');
      command.redirects.push({ op: t.op, target: (next as { parts: WordPart[] }).parts });
      i++;
    } else if (t.op === '|') {
      endCommand('|');
    } else if (t.op === '&&' || t.op === '||') {
      endCommand(t.op);
      endPipeline();
      pendingOp = t.op;
    } else {
      // ';', '&' or newline ends a list.
      if (command.words.length === 0 && command.redirects.length === 0 && pipeline.length === 0) {
        if (pendingOp !== null || (t.op !== '\n' && current === null)) unexpected(t.op === '\n' ? 'newline' : t.op);
        if (current) lists.push(current);
        current = null;
        pendingOp = null;
        continue;
      }
      endCommand(t.op);
      endPipeline();
      if (current) lists.push(current);
      current = null;
      pendingOp = null;
    }
  }
  if (command.words.length > 0 || command.redirects.length > 0) {
    endCommand('newline');
    endPipeline();
  } else if (pipeline.length > 0 || pendingOp !== null) {
    unexpected('newline');
  }
  if (current) lists.push(current);
  return lists;
}

export class Shell {
  readonly world: World;
  readonly frame: SessionFrame;
  readonly session: Session | undefined;

  constructor(world: World, frame: SessionFrame, session?: Session) {
    this.world = world;
    this.frame = frame;
    this.session = session;
  }

  get host(): Host {
    return this.world.host(this.frame.host);
  }

  private get proc() {
    return this.host.proc(this.frame.pid);
  }

  get cwd(): string {
    return this.proc?.cwd ?? '/';
  }

  get env(): Record<string, string> {
    return this.proc?.env ?? {};
  }

  private expand(parts: WordPart[]): string {
    let out = '';
    for (const part of parts) {
      if (part.quote === 'single') out += part.text;
      else out += this.expandVars(part.text);
    }
    return out;
  }

  private expandVars(text: string): string {
    return text.replace(/\\\$|\$(\?|\$|#|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/g, (m, name: string | undefined) => {
      if (m === '\\$') return '$';
      const key = (name as string).replace(/^\{|\}$/g, '');
      if (key === '?') return this.frame.vars['?'] ?? '0';
      if (key === '$') return String(this.frame.pid);
      if (key === '#') return '0';
      return this.frame.vars[key] ?? this.env[key] ?? '';
    });
  }

  /** Runs one line of input; returns its exit status. */
  run(line: string, io: ShellIo): number {
    let lists: AndOr[];
    try {
      lists = parse(tokenize(line));
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        io.stderr(`bash: ${e.message}\n`);
        this.frame.vars['?'] = '2';
        return 2;
      }
      throw e;
    }
    let status = Number(this.frame.vars['?'] ?? '0');
    for (const list of lists) {
      status = this.runPipeline(list.first, io);
      for (const { op, pipeline } of list.rest) {
        if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = this.runPipeline(pipeline, io);
      }
      this.frame.vars['?'] = String(status);
    }
    return status;
  }

  private runPipeline(pipeline: Pipeline, io: ShellIo): number {
    let input = io.stdin;
    let status = 0;
    for (let i = 0; i < pipeline.length; i++) {
      const last = i === pipeline.length - 1;
      let captured = '';
      const stageIo: ShellIo = last
        ? { ...io, stdin: input }
        : { stdin: input, stdout: (t) => (captured += t), stderr: io.stderr, isTTY: false };
      status = this.runCommand(pipeline[i] as SimpleCommand, stageIo);
      input = captured;
    }
    this.frame.vars['?'] = String(status);
    return status;
  }

  private runCommand(command: SimpleCommand, io: ShellIo): number {
    const argv = command.words.map((w) => this.expand(w));
    let stdin = io.stdin;
    let out = io.stdout;
    let err = io.stderr;
    let isTTY = io.isTTY;
    const files: { path: string; append: boolean; text: string }[] = [];
    for (const r of command.redirects) {
      if (r.op === '2>&1') {
        err = out;
        continue;
      }
      if (r.op === '>&2') {
        out = err;
        isTTY = false;
        continue;
      }
      const target = this.expand(r.target ?? []);
      const path = normalizePath(target, this.cwd);
      if (r.op === '<') {
        try {
          stdin = this.host.fs.readFile(path);
        } catch (e) {
          io.stderr(`bash: ${target}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'No such file or directory'}\n`);
          return 1;
        }
        continue;
      }
      if (r.op === '<<' || r.op === '<<-') {
        stdin = target;
        continue;
      }
      const sink = { path, append: r.op === '>>' || r.op === '2>>', text: '' };
      if (path !== '/dev/null') files.push(sink);
      const write = (t: string): void => {
        sink.text += t;
      };
      if (r.op === '>' || r.op === '>>') {
        out = write;
        isTTY = false;
      } else if (r.op === '2>' || r.op === '2>>') err = write;
      else if (r.op === '&>') {
        out = write;
        err = write;
        isTTY = false;
      }
      if (!sink.append) {
        try {
          if (path !== '/dev/null') this.host.fs.writeFile(path, '');
        } catch (e) {
          io.stderr(`bash: ${target}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'No such file or directory'}\n`);
          return 1;
        }
      }
    }
    let status = 0;
    if (argv.length > 0) status = this.exec(argv, { stdin, stdout: out, stderr: err, isTTY });
    for (const f of files) {
      if (f.append) this.host.fs.appendFile(f.path, f.text);
      else this.host.fs.writeFile(f.path, f.text);
    }
    return status;
  }

  private exec(argv: string[], io: ShellIo): number {
    const name = argv[0] as string;
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this, argv, io);
    const found = this.host.findExecutable(name, this.env['PATH'] ?? DEFAULT_PATH, this.cwd);
    if ('error' in found) {
      if (found.error === 'ENOENT') {
        io.stderr(name.includes('/') ? `bash: ${name}: No such file or directory\n` : `bash: ${name}: command not found\n`);
        return 127;
      }
      io.stderr(`bash: ${name}: ${found.error === 'EISDIR' ? 'Is a directory' : 'Permission denied'}\n`);
      return 126;
    }
    const program = this.world.programs[found.prog];
    if (!program) {
      io.stderr(`bash: ${name}: command not found\n`);
      return 127;
    }
    const child = this.host.spawn({ ppid: this.frame.pid, argv, prog: found.prog, state: 'R' });
    const ctx: ExecContext = {
      argv,
      env: { ...this.env },
      cwd: this.cwd,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      isTTY: io.isTTY,
      host: this.host,
      world: this.world,
      pid: child.pid,
      session: this.session,
    };
    try {
      return program(ctx);
    } finally {
      this.host.reap(child.pid);
    }
  }
}

type Builtin = (shell: Shell, argv: string[], io: ShellIo) => number;

const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  echo: (_shell, argv, io) => {
    let args = argv.slice(1);
    let newline = true;
    if (args[0] === '-n') {
      newline = false;
      args = args.slice(1);
    }
    io.stdout(args.join(' ') + (newline ? '\n' : ''));
    return 0;
  },
};
