/**
 * Podbook's simulator: the one way in. The same module runs natively (Node: tests, `npm run sim`,
 * `npm run serve`) and inside QuickJS in the reader's browser, so it uses no DOM, no Node APIs, no
 * wall clock and no Math.random.
 *
 *   const lab = createLab('docker', { seed: 1 });
 *   lab.run('docker run -d -p 8080:80 httpd');   // { output, exitCode, host, prompt }
 *   lab.advance(30_000);                          // 30 s of virtual time
 *   const saved = lab.snapshot();                 // JSON string
 *   const again = restoreLab(saved);
 */
import { World, WORLD_FORMAT, type WorldState } from './kernel/world.ts';
import type { Session, SessionFrame } from './kernel/types.ts';
import { Shell } from './programs/shell/index.ts';
import { loginEnv } from './labs/centos-host.ts';
import { LABS, type LabDefinition } from './labs/index.ts';
import { normalizePath } from './kernel/vfs.ts';
import { shellPrompt } from './programs/shell/prompt.ts';

export interface LabOptions {
  seed?: number;
}

export interface RunOptions {
  /** Host to type on when the session is new (default: the lab's default host). */
  host?: string;
  /** Terminal session id; each keeps its own stack of shells (default `main`). */
  session?: string;
  /**
   * The caller can follow a command that keeps printing (a terminal or REPL): `docker logs -f`,
   * `docker events`, `docker stats` then stay in the foreground (`RunResult.streaming`) and print
   * as time passes (`pump`) until they end or the reader presses Ctrl+C (`interrupt`). Without it
   * (notebook cells, scripts) they print what has happened and stop as if interrupted.
   */
  follow?: boolean;
  /**
   * When the line ends the session's last shell, a terminal opens a fresh login (the default).
   * `false`: the session just ends (prompt `''`), as a shell the served engine hands a real
   * client (`docker exec -it`) does: no login shell is started, so no pid is taken.
   */
  reopen?: boolean;
}

/** A piece of a foreground stream's output (`pump`, `interrupt`). */
export interface StreamResult {
  output: string;
  /** The stream has ended (by itself or by Ctrl+C); `exitCode` is its status. */
  done: boolean;
  exitCode?: number;
  prompt: string;
}

export interface RunResult {
  /** Host the command ran on (the outermost host of the session). */
  host: string;
  command: string;
  /** Standard output and standard error, interleaved as a terminal shows them. */
  output: string;
  exitCode: number;
  /** The prompt for the next line, e.g. `[root@localhost ~]# `. */
  prompt: string;
  /** The command is still printing in the foreground (only with `follow`): see `pump`. */
  streaming?: boolean;
}

/** Virtual time a reader spends between two commands: makes `Up 2 seconds` read naturally. */
export const THINK_TIME_MS = 2000;

/** Longest command line accepted (bash's own limit is the kernel's ARG_MAX, 2 MB). */
export const MAX_LINE = 2 * 1024 * 1024;

export class LabError extends Error {}

interface SessionsState {
  sessions: Record<string, Session>;
}

export class Lab {
  readonly world: World;
  readonly definition: LabDefinition;

  constructor(world: World, definition: LabDefinition) {
    this.world = world;
    this.definition = definition;
    definition.wire(world);
  }

  get name(): string {
    return this.definition.name;
  }

  get seed(): number {
    return this.world.state.seed;
  }

  /** Virtual time, ms since the Unix epoch. */
  get now(): number {
    return this.world.clock.now;
  }

  hosts(): string[] {
    return this.world.hostNames();
  }

  private sessionsState(): SessionsState {
    return this.world.ext<SessionsState>('sessions', () => ({ sessions: {} }));
  }

  /** The session, with a login shell on `host` made on first use. */
  session(id = 'main', host = this.definition.defaultHost): Session {
    const state = this.sessionsState();
    const existing = state.sessions[id];
    if (existing && existing.frames.length > 0) return existing;
    const h = this.world.host(host);
    const env = loginEnv(h.state.hostname);
    const shell = h.spawn({ ppid: 1, argv: ['-bash'], prog: 'bash', tty: `pts/${Object.keys(state.sessions).length}`, cwd: '/root', env });
    const frame: SessionFrame = { host, pid: shell.pid, kind: 'login', vars: {}, history: [] };
    const session: Session = { id, frames: [frame] };
    state.sessions[id] = session;
    return session;
  }

  /** Runs one command line (it may span lines for a heredoc) in a session. */
  run(line: string, options: RunOptions = {}): RunResult {
    if (!this.world.state.hosts[options.host ?? this.definition.defaultHost]) {
      throw new LabError(`lab ${this.name} has no host ${options.host}`);
    }
    const session = this.session(options.session, options.host);
    const outer = (session.frames[0] as SessionFrame).host;
    const frame = session.frames[session.frames.length - 1] as SessionFrame;
    // A new line means the reader is back at the prompt: a stream left in the foreground is over.
    delete session.stream;
    this.world.advance(THINK_TIME_MS);
    let output = '';
    const write = (text: string): void => {
      output += text;
    };
    let exitCode: number;
    if (line.length > MAX_LINE) {
      output = 'bash: Argument list too long\n';
      exitCode = 126;
    } else {
      if (line.trim() !== '') frame.history.push(line);
      const shell = new Shell(this.world, frame, session);
      if (options.follow) session.follow = true;
      try {
        exitCode = shell.run(line, { stdin: '', stdout: write, stderr: write, isTTY: true });
      } finally {
        delete session.follow;
      }
      // A stream started by the line may have ended already (the rest of the line ran on).
      const started = session.stream as Session['stream'];
      if (started) {
        const step = this.world.streams[started.kind]?.(this.world, started, 'tick');
        output += step?.output ?? '';
        if (!step || step.exitCode !== undefined) delete session.stream;
      }
    }
    const prompt = session.frames.length === 0 && options.reopen === false ? '' : this.prompt(session.id);
    return { host: outer, command: line, output, exitCode, prompt, ...(session.stream ? { streaming: true } : {}) };
  }

  /** Moves time on by `ms` and returns what the session's foreground stream printed meanwhile. */
  pump(ms: number, sessionId = 'main'): StreamResult {
    this.world.advance(ms);
    return this.streamStep(sessionId, 'tick');
  }

  /** Ctrl+C on the session's foreground stream: it stops (the terminal echoes `^C` itself). */
  interrupt(sessionId = 'main'): StreamResult {
    return this.streamStep(sessionId, 'interrupt');
  }

  private streamStep(sessionId: string, action: 'tick' | 'interrupt'): StreamResult {
    const session = this.session(sessionId);
    const stream = session.stream;
    const handler = stream ? this.world.streams[stream.kind] : undefined;
    if (!stream || !handler) {
      delete session.stream;
      return { output: '', done: true, prompt: this.prompt(sessionId) };
    }
    const step = handler(this.world, stream, action);
    const done = step.exitCode !== undefined || action === 'interrupt';
    const exitCode = step.exitCode ?? (action === 'interrupt' ? 130 : undefined);
    if (done) {
      delete session.stream;
      const frame = session.frames[session.frames.length - 1] as SessionFrame;
      frame.vars['?'] = String(exitCode);
    }
    return { output: step.output, done, ...(exitCode !== undefined ? { exitCode } : {}), prompt: this.prompt(sessionId) };
  }

  /** The prompt of a session's current shell, as that system's shell prints it. */
  prompt(sessionId = 'main'): string {
    const session = this.session(sessionId);
    const frame = session.frames[session.frames.length - 1] as SessionFrame;
    return shellPrompt(this.world.host(frame.host), frame.pid);
  }

  /** Moves virtual time forward, running whatever falls due. */
  advance(ms: number): void {
    this.world.advance(ms);
  }

  /** Writes a file on a host, as a file cell does (parent directories are created). */
  writeFile(path: string, content: string, host = this.definition.defaultHost): void {
    const fs = this.world.host(host).fs;
    const abs = normalizePath(path, '/root');
    fs.mkdir(abs.slice(0, abs.lastIndexOf('/')) || '/', { parents: true });
    fs.writeFile(abs, content);
  }

  readFile(path: string, host = this.definition.defaultHost): string | undefined {
    try {
      return this.world.host(host).fs.readFile(normalizePath(path, '/root'));
    } catch {
      return undefined;
    }
  }

  /** The whole lab as a JSON string. */
  snapshot(): string {
    return JSON.stringify(this.world.state);
  }

  /** Read-only view of the state, for diagrams and exercise checks. */
  view(): Readonly<WorldState> {
    return this.world.state;
  }
}

export function labNames(): string[] {
  return Object.keys(LABS);
}

export function createLab(name: string, options: LabOptions = {}): Lab {
  const definition = LABS[name];
  if (!definition) throw new LabError(`unknown lab '${name}' (known: ${labNames().join(', ')})`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new LabError(`seed must be an integer from 0 to 4294967295`);
  return new Lab(new World(definition.create(seed)), definition);
}

/** Rebuilds a lab from `snapshot()`; throws LabError when the text is not a compatible snapshot. */
export function restoreLab(snapshot: string): Lab {
  let state: WorldState;
  try {
    state = JSON.parse(snapshot) as WorldState;
  } catch {
    throw new LabError('the saved lab is not valid JSON');
  }
  if (!state || typeof state !== 'object' || state.format !== WORLD_FORMAT) throw new LabError('the saved lab was made by another version of Podbook');
  const definition = LABS[state.lab];
  if (!definition) throw new LabError(`the saved lab names an unknown lab '${String(state.lab)}'`);
  return new Lab(new World(state), definition);
}

export type { WorldState } from './kernel/world.ts';
