/**
 * Runs parsed command lines in a shell frame the way bash 4.2 does: lists, pipelines (each stage
 * in a subshell, buffered), redirections, compound commands, functions, and the expansions
 * (parameters, command substitution, arithmetic, tilde, field splitting, pathname expansion, braces).
 * Shell state lives in the frame (`vars`, `?`) and in the shell process (env, cwd, `data.shell`), so
 * a lab snapshot carries it. Every loop turn and command costs a step from a per-line budget, and
 * output is capped, so a runaway line stops with a message instead of hanging the page.
 */
import { FsError, ERRNO_TEXT, normalizePath } from '../../kernel/vfs.ts';
import { DEFAULT_PATH, type Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import type { World } from '../../kernel/world.ts';
import { STILL_RUNNING, type ExecContext, type Program, type Session, type SessionFrame } from '../../kernel/types.ts';
import { CAPTURED_OUTPUT, JOB_EXIT, JOB_OUTPUT, PARENT_OUTPUT, WAITED_EXIT } from './jobs.ts';
import type { AndOr, Command, CondCommand, FunctionDef, List, Pipeline, Redirect, SimpleCommand, WhileCommand, Word, WordPart } from './ast.ts';
import { parse, parseExpandable, parseWords, ShellSyntaxError } from './parser.ts';
import { ArithError, evalArith } from './arith.ts';
import { escapeGlob, glob, hasGlob, matchPattern, patternSource, unescapeGlob } from './pattern.ts';
import { BUILTINS } from './builtins.ts';
import { andOrSource } from './unparse.ts';
import { TestParser, UNARY } from './test-builtin.ts';
import { posixToJs } from '../coreutils/regex.ts';
import { CommandAbort, ExitSignal, LoopSignal, ReturnSignal } from './signals.ts';
import { RESUME_SCRIPT, Spin, Suspend, type ExpandEntry, type ResumeFrame, type SavedScript, type SavedShellState } from './continuation.ts';
import { runsForever, spinsForever } from './endless.ts';
import { lineFilter, passOn, PIPE_STREAM, type PipeStream, type StreamStage } from './pipe-stream.ts';
import { dialectOf, execError, prefix, redirectError, redirectStatus, type Dialect, type Speaker } from './dialect.ts';

export { CommandAbort, ExitSignal, LoopSignal, ReturnSignal } from './signals.ts';

export interface ShellIo {
  stdin: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

/** Standard input as a cursor, so `read` in a loop consumes it line by line. */
export interface Input {
  data: string;
  pos: number;
}

export interface Fds {
  in: Input;
  out: (text: string) => void;
  err: (text: string) => void;
  outTTY: boolean;
  errTTY: boolean;
  /** The file standard output is redirected to, if any (where a background job writes later). */
  outPath?: string;
}

/** Options, functions and aliases of a shell, kept in its process's `data.shell`. */
export interface ShellData {
  functions: Record<string, FunctionDef>;
  aliases: Record<string, string>;
  positional: string[];
  arg0: string;
  /** The name the shell gives in its errors (`$0` of `sh -c`); the dialect's default when absent. */
  errName?: string;
  errexit: boolean;
  xtrace: boolean;
  nounset: boolean;
  pipefail: boolean;
  /** Where commands were found on PATH (`path` is the PATH searched), as bash hashes them. */
  hash?: { path: string; found: Record<string, string> };
  /** Background jobs finished in the last line, reported after the next one. */
  doneJobs?: { text: string; status: number; job?: number; signal?: number; pid?: number }[];
  /** `trap` actions by condition (`EXIT`, `TERM`); `''` ignores the signal (trap.ts). */
  traps?: Record<string, string>;
}

/** Per command line limits (shared by nested shells). */
export const MAX_STEPS = 200_000;
export const MAX_OUTPUT = 1024 * 1024;
/** A pipe holds at most this much; a producer past it stops as if the reader had gone (SIGPIPE). */
export const MAX_PIPE = 1024 * 1024;
export const STEP_MESSAGE = 'podbook: command stopped: too many steps (is it an endless loop?)\n';
/**
 * A script nobody waits on that runs this many steps without waiting is checked for a loop it can
 * never leave and that nobody can see working (`while :; do :; done`): that one spins on the
 * scheduler from then on (Spin) instead of being run to the step limit.
 */
const SPIN_CHECK_STEPS = 2_000;
export const PIPE_FOREVER_MESSAGE = 'podbook: piping the output of a loop that never ends is not simulated\n';
export const TRUNCATED_MESSAGE = 'podbook: output truncated\n';

class StepLimit {}
/** A detached script's frames do not fit the script it resumes (a bug, not the reader's input). */
class ResumeMismatch extends Error {}

/** How bash names the signal that ended a job (glibc's strsignal). */
const SIGNAL_TEXT: Record<number, string> = { 1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 6: 'Aborted', 9: 'Killed', 10: 'User defined signal 1', 12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated' };

/** Adds a construct's position to a suspension unwinding through it. */
function addFrame(e: unknown, frame: ResumeFrame): void {
  if (e instanceof Suspend) e.frames.push(frame);
}
class CondError extends Error {}
class OutputLimit {}
class PipeFull {}

interface Budget {
  steps: number;
  output: number;
}

interface Sink {
  path: string;
  append: boolean;
  text: string;
}

const DEFAULT_ALIASES: Record<string, string> = {
  // /etc/profile.d/colorls.sh and colorgrep.sh on CentOS 7. root's ~/.bashrc also aliases rm, cp and
  // mv to `-i`; those prompts need a reader at the keyboard, so Podbook's shell leaves them out.
  'l.': 'ls -d .* --color=auto',
  ll: 'ls -l --color=auto',
  ls: 'ls --color=auto',
  grep: 'grep --color=auto',
  egrep: 'egrep --color=auto',
  fgrep: 'fgrep --color=auto',
};

export function newShellData(interactive: boolean, arg0: string): ShellData {
  return { functions: {}, aliases: interactive ? { ...DEFAULT_ALIASES } : {}, positional: [], arg0, errexit: false, xtrace: false, nounset: false, pipefail: false };
}

export interface ShellOptions {
  /** Budget shared with the parent shell (scripts, `bash -c`). */
  budget?: Budget;
}

export class Shell {
  readonly world: World;
  readonly frame: SessionFrame;
  readonly session: Session | undefined;
  private readonly budget: Budget;
  private fallbackProc: Proc | undefined;
  private functionDepth = 0;
  /** Loops being run (for `break`/`continue` outside one) and files being sourced (for `return`). */
  loopDepth = 0;
  sourceDepth = 0;
  private lastSubst: number | null = null;
  private condDepth = 0;
  /**
   * Processes forked for the stages of the pipeline being run, by stage. Bash forks every stage
   * before any of them runs, so `ps axf | grep 42` lists the grep; a stage's program adopts its pid.
   */
  private stagePids: (number | undefined)[] = [];
  private stage = -1;
  /**
   * `sh -c 'a; b; server'`: the shell runs its last command in its own process (dash and ash
   * always; bash when that is the whole script), or for bash waits on it as a child. When that
   * program keeps running (a server), so does the shell's process (`stillRunning`).
   */
  tailExec = false;
  stillRunning = false;
  private tail: { cmd: SimpleCommand; only: boolean } | undefined;
  private current: SimpleCommand | undefined;

  /**
   * The background job (`cmd &`) being started, whether a program in it stays running, and
   * whether it is one simple command (then a program that keeps running is the job itself).
   */
  private job: { text: string; kept: boolean; number: number; whole: boolean; pid: number } | undefined;

  /**
   * Nobody waits on this script (a container's init): a command that keeps running (`sleep 1`
   * ending on the clock) suspends it instead of running time forward (continuation.ts).
   */
  detached = false;
  /** Depth of constructs that cannot be resumed (pipelines, substitutions, builtins, jobs): no suspension inside. */
  private noSuspend = 0;
  /** Subshells being run (`exec` there would replace the subshell, not this shell's process). */
  private subshellDepth = 0;
  /** Frames still to walk back into, outermost first, and the status the waited-on command returns. */
  private resumeFrames: ResumeFrame[] = [];
  private resumeStatus = 0;
  /** What the process a substitution or a pipeline stage waited on wrote (its value, the next stage's input). */
  private resumeOutput = '';
  /** The expansions of the words being expanded where a wait can be resumed (an `expand` frame's log). */
  private expLog: { entries: (ExpandEntry | null)[]; at: number } | undefined;
  /** `while`/`until` loops being run, innermost last (a spinning loop is looked for among them). */
  private loops: WhileCommand[] = [];
  /** Loops before this index enclose the background job being started, not the job itself. */
  private spinBase = 0;

  constructor(world: World, frame: SessionFrame, session?: Session, options: ShellOptions = {}) {
    this.world = world;
    this.frame = frame;
    this.session = session;
    this.budget = options.budget ?? { steps: 0, output: 0 };
  }

  get host(): Host {
    // Worked out once per shell (a shell object lives for one line): the view is read on every expansion.
    if (this.hostView) return this.hostView;
    const host = this.world.host(this.frame.host);
    // A shell in a container (docker exec/attach, `sh -c` there) sees its mount namespace.
    const inContainer = this.frame.container !== undefined || host.proc(this.frame.pid)?.ns['mnt'] !== undefined;
    this.hostView = inContainer ? (Object.create(host, { fs: { value: host.fsFor(this.frame.pid) } }) as Host) : host;
    return this.hostView;
  }

  private hostView: Host | undefined;

  /**
   * The script waits on the clock for `child`: it resumes when the child ends (continuation.ts),
   * and the child's output goes where the script's would (its redirection, or the script's own).
   */
  private suspendOn(child: Proc, fds: Fds): never {
    child.onExit = RESUME_SCRIPT;
    if (fds.outPath !== undefined) {
      child.onOutput = JOB_OUTPUT;
      child.data = { ...(child.data ?? {}), jobOut: { path: fds.outPath } };
    } else child.onOutput = PARENT_OUTPUT;
    throw new Suspend(child.pid);
  }

  get proc(): Proc {
    const p = this.host.proc(this.frame.pid);
    if (p) return p;
    this.fallbackProc ??= { pid: this.frame.pid, ppid: 1, uid: 0, gid: 0, argv: ['bash'], prog: 'bash', state: 'S', tty: '?', startedAt: this.world.clock.now, cpuMs: 0, ns: {}, cgroups: {}, cwd: '/', env: {} };
    return this.fallbackProc;
  }

  get cwd(): string {
    return this.proc.cwd;
  }

  set cwd(path: string) {
    this.proc.cwd = path;
  }

  get env(): Record<string, string> {
    return this.proc.env;
  }

  get interactive(): boolean {
    return this.session !== undefined && this.session.frames[this.session.frames.length - 1] === this.frame;
  }

  get data(): ShellData {
    const d = (this.proc.data ??= {});
    return (d['shell'] ??= newShellData(this.interactive, this.frame.kind === 'login' ? '-bash' : 'bash')) as ShellData;
  }

  /** Line of the simple command being run (dash and ash print it in errors). */
  private line = 1;
  private dialect: Dialect | undefined;

  /** Which shell this process is (bash, dash or ash) and how it names itself in errors. */
  speaker(): Speaker {
    const dialect = (this.dialect ??= dialectOf(this.proc.prog, this.host.fs));
    return { dialect, name: this.data.errName ?? (dialect === 'bash' ? 'bash' : 'sh'), line: this.line, interactive: this.interactive };
  }

  /** `${this.errPrefix()}`, `sh: 1: `: what this shell's error lines start with. */
  errPrefix(): string {
    return prefix(this.speaker());
  }

  // ---- variables ---------------------------------------------------------------------------

  getVar(name: string): string | undefined {
    const v = this.frame.vars[name] ?? this.env[name];
    if (v !== undefined) return v;
    switch (name) {
      case 'BASH': return '/usr/bin/bash';
      case 'BASH_VERSION': return '4.2.46(2)-release';
      case 'UID':
      case 'EUID': return String(this.proc.uid);
      case 'PPID': return String(this.proc.ppid);
      case 'RANDOM': return String(this.world.rng.u32() % 32768);
      case 'SECONDS': return String(Math.floor((this.world.clock.now - this.proc.startedAt) / 1000));
      case 'HOSTTYPE': return 'x86_64';
      case 'OSTYPE': return 'linux-gnu';
      case 'MACHTYPE': return 'x86_64-redhat-linux-gnu';
      case 'IFS': return ' \t\n';
      case 'PS1': return '[\\u@\\h \\W]\\$ ';
      case 'PS2': return '> ';
    }
    return undefined;
  }

  setVar(name: string, value: string): void {
    if (name in this.env) this.env[name] = value;
    else this.frame.vars[name] = value;
  }

  unsetVar(name: string): void {
    delete this.frame.vars[name];
    delete this.env[name];
  }

  exportVar(name: string, value?: string): void {
    const v = value ?? this.frame.vars[name] ?? this.env[name];
    delete this.frame.vars[name];
    this.env[name] = v ?? '';
    if (v === undefined && value === undefined) this.env[name] = '';
  }

  get canReturn(): boolean {
    return this.functionDepth > 0 || this.sourceDepth > 0;
  }

  get status(): number {
    return Number(this.frame.vars['?'] ?? '0');
  }

  // ---- running -----------------------------------------------------------------------------

  /** Runs one line of input (it may span lines); returns its exit status. Never throws. */
  run(line: string, io: ShellIo): number {
    this.budget.steps = 0;
    this.budget.output = 0;
    let truncated = false;
    const cap = (write: (t: string) => void) => (text: string): void => {
      if (truncated) throw new OutputLimit();
      if (this.budget.output + text.length > MAX_OUTPUT) {
        write(text.slice(0, Math.max(0, MAX_OUTPUT - this.budget.output)));
        truncated = true;
        throw new OutputLimit();
      }
      this.budget.output += text.length;
      write(text);
    };
    const fds: Fds = { in: { data: io.stdin, pos: 0 }, out: cap(io.stdout), err: cap(io.stderr), outTTY: io.isTTY, errTTY: io.isTTY };
    const earlierJobs = this.data.doneJobs ?? [];
    delete this.data.doneJobs;
    this.flushJobOutput(io);
    let status: number;
    try {
      status = this.runText(line, fds);
    } catch (e) {
      status = this.topLevelError(e, io);
    }
    this.flushJobOutput(io);
    const late = this.proc.data?.['jobsDone'] as NonNullable<ShellData['doneJobs']> | undefined;
    if (late) {
      (this.data.doneJobs ??= []).push(...late);
      delete this.proc.data?.['jobsDone'];
    }
    if (this.interactive) this.reportJobs(earlierJobs, io.stderr);
    this.frame.vars['?'] = String(status);
    return status;
  }

  private topLevelError(e: unknown, io: ShellIo): number {
    if (e instanceof ExitSignal) return this.exitFrame(e.status, io, e.message);
    if (e instanceof StepLimit) {
      io.stderr(STEP_MESSAGE);
      return 130;
    }
    if (e instanceof OutputLimit) {
      io.stdout('\n' + TRUNCATED_MESSAGE);
      return 1;
    }
    if (e instanceof RangeError) {
      io.stderr('podbook: command stopped: nested too deeply\n');
      return 1;
    }
    if (e instanceof ReturnSignal || e instanceof CommandAbort) return e.status;
    if (e instanceof LoopSignal) return 0;
    io.stderr(`podbook: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  /** Shows what background jobs wrote to this terminal since (a listening `nc -l &` receiving data). */
  private flushJobOutput(io: ShellIo): void {
    if (!this.interactive || !this.session?.pending) return;
    io.stdout(this.session.pending);
    delete this.session.pending;
  }

  /** `exit` typed at a terminal: leaves this shell (the lab gives the reader a fresh login). */
  private exitFrame(status: number, io: ShellIo, message?: string): number {
    const fds: Fds = { in: { data: '', pos: 0 }, out: io.stdout, err: io.stderr, outTTY: io.isTTY, errTTY: io.isTTY };
    if (!this.interactive || !this.session) {
      if (message) io.stderr(message);
      return this.exitTrap(status, fds);
    }
    // bash says so on its way out; busybox ash and dash leave silently.
    if (this.speaker().dialect === 'bash') io.stderr(this.frame.kind === 'login' ? 'logout\n' : 'exit\n');
    if (message) io.stderr(message);
    status = this.exitTrap(status, fds);
    this.session.frames.pop();
    // The shell the terminal returns to sees the status as `$?`: the docker client ends with the
    // container's (or exec'd process's) exit code, a parent bash waits on its child.
    const outer = this.session.frames[this.session.frames.length - 1];
    if (outer) outer.vars['?'] = String(status);
    if (this.frame.kind === 'login') this.host.reap(this.frame.pid);
    // Leaving a container shell ends it (an attached PID 1 takes its container down with it).
    else this.host.exit(this.frame.pid, status);
    return status;
  }

  /** Parses and runs text in this shell (a line, a script, `source`, `eval`). */
  runText(text: string, fds: Fds, resuming = false): number {
    let parsed;
    try {
      parsed = parse(text);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        for (const l of e.lines) fds.err(`${this.errPrefix()}${l}\n`);
        return 2;
      }
      throw e;
    }
    if (!resuming) for (const w of parsed.warnings) fds.err(`${this.errPrefix()}${w}\n`);
    if (this.tailExec) {
      this.tailExec = false;
      const last = parsed.list[parsed.list.length - 1];
      const cmd = last && !last.background && last.rest.length === 0 && !last.first.negate && !last.first.timed && last.first.commands.length === 1 ? last.first.commands[0] : undefined;
      if (cmd?.type === 'simple') this.tail = { cmd, only: parsed.list.length === 1 };
    }
    return this.execList(parsed.list, fds);
  }

  /** Runs a script file's text as `bash script args` does, in this (child) shell. */
  runScript(text: string, arg0: string, args: string[], fds: Fds): number {
    this.data.arg0 = arg0;
    this.data.positional = args;
    const status = this.scriptStatus(fds, () => this.runText(text, fds));
    return this.stillRunning ? status : this.exitTrap(status, fds);
  }

  /**
   * Runs a script nobody waits on (a container's command, a script it runs): when it waits on the
   * clock, its position is kept in its process (continuation.ts) and this returns STILL_RUNNING,
   * as it does when it ends in a program that keeps running.
   */
  runDetached(text: string, arg0: string, args: string[], fds: Fds): number {
    this.detached = true;
    try {
      const status = this.runScript(text, arg0, args, fds);
      return this.stillRunning ? STILL_RUNNING : status;
    } catch (e) {
      if (e instanceof Spin) {
        this.spin();
        return STILL_RUNNING;
      }
      if (e instanceof StepLimit || e instanceof RangeError) return this.runaway(e, fds);
      if (!(e instanceof Suspend)) throw e;
      this.keepContinuation(e, { text }, fds);
      return STILL_RUNNING;
    }
  }

  /** This shell's process spins for ever in the loop it is in: one CPU busy on the scheduler, as `stress --cpu 1` keeps it. */
  spin(): void {
    const proc = this.host.proc(this.frame.pid);
    if (!proc) return;
    delete proc.data?.['script'];
    (proc.data ??= {})['spinning'] = true;
    // A trapped signal runs its action at once in a spinning loop (detached.ts): it needs the variables.
    if (this.data.traps) proc.data['spinFrame'] = JSON.parse(JSON.stringify(this.frame)) as SessionFrame;
    proc.state = 'R';
    this.host.setDemand(proc.pid, 1);
  }

  /** A script nobody waits on that ran away (the step limit, nesting too deep) ends as a line typed at the prompt would. */
  runaway(e: unknown, fds: Fds): number {
    if (e instanceof StepLimit) {
      fds.err(STEP_MESSAGE);
      return 130;
    }
    if (e instanceof RangeError) {
      fds.err('podbook: command stopped: nested too deeply\n');
      return 1;
    }
    return 1;
  }

  /** Keeps where a detached script stopped in its process, for detached.ts to resume. */
  keepContinuation(suspend: Suspend, source: Pick<SavedScript, 'text' | 'list'>, fds: Fds): void {
    const proc = this.world.host(this.frame.host).proc(this.frame.pid);
    if (!proc) return;
    const script: SavedScript = {
      ...(source.text !== undefined ? { text: source.text } : { list: source.list ?? [] }),
      frames: [...suspend.frames].reverse(),
      frame: this.frame,
      in: { data: fds.in.data, pos: fds.in.pos },
      outTTY: fds.outTTY,
      errTTY: fds.errTTY,
      tailExec: this.tail !== undefined,
      waiting: suspend.pid,
    };
    // A copy: the frames share objects with the interpreter (a loop's words, a function's body).
    (proc.data ??= {})['script'] = JSON.parse(JSON.stringify(script)) as SavedScript;
  }

  /**
   * Carries on a suspended detached script (continuation.ts) from its frames, the command it
   * waited on having ended with `status`. May throw Suspend again.
   */
  resume(source: string | List, frames: ResumeFrame[], status: number, fds: Fds, tailExec: boolean, output = ''): number {
    this.resumeFrames = [...frames];
    this.resumeStatus = status;
    this.resumeOutput = output;
    this.tailExec = tailExec;
    const code = this.scriptStatus(fds, () => (typeof source === 'string' ? this.runText(source, fds, true) : this.execList(source, fds)));
    return this.stillRunning ? code : this.exitTrap(code, fds);
  }

  /**
   * Runs the traps of the signals this shell received since its last command (trap.ts), as shells
   * do between commands; an `exit` in an action ends the shell as `exit` does anywhere.
   */
  runPendingTraps(fds: Fds): void {
    const data = this.proc.data;
    const pending = data?.['pendingTraps'] as string[] | undefined;
    if (!data || !pending) return;
    delete data['pendingTraps'];
    const status = this.status;
    for (const name of pending) {
      const action = this.data.traps?.[name];
      if (action) this.unresumable(() => this.runText(action, fds));
    }
    // The action's own status does not become `$?`.
    this.frame.vars['?'] = String(status);
  }

  /** Traps of a subshell: its parent's actions are gone, its ignored signals stay ignored. */
  private resetTraps(): void {
    const traps = this.data.traps;
    if (!traps) return;
    const proc = this.proc;
    for (const [name, action] of Object.entries(traps)) {
      if (action === '') continue;
      delete traps[name];
      if (proc.signals?.[name] !== undefined) delete proc.signals[name];
    }
  }

  /** The shell ends with `status`: its EXIT trap runs first, once, and an `exit` there sets the final status. */
  exitTrap(status: number, fds: Fds): number {
    const traps = this.data.traps;
    const action = traps?.['EXIT'];
    if (!traps || action === undefined) return status;
    delete traps['EXIT'];
    if (action === '') return status;
    this.frame.vars['?'] = String(status);
    return this.scriptStatus(fds, () => {
      this.unresumable(() => this.runText(action, fds));
      return status;
    });
  }

  /** The frame to walk back into, if resuming and it is a `t` (a `t` must be next when `required`). */
  private take<T extends ResumeFrame['t']>(t: T, required = false): Extract<ResumeFrame, { t: T }> | undefined {
    if (this.noSuspend > 0 || this.resumeFrames.length === 0) return undefined;
    const next = this.resumeFrames[0] as ResumeFrame;
    if (next.t !== t) {
      if (required) throw new ResumeMismatch(`cannot resume the script at ${next.t} (expected ${t})`);
      return undefined;
    }
    this.resumeFrames.shift();
    return next as Extract<ResumeFrame, { t: T }>;
  }

  private get resuming(): boolean {
    return this.noSuspend === 0 && this.resumeFrames.length > 0;
  }

  /** The next frame to walk back into is a `t`. */
  private nextIs(t: ResumeFrame['t']): boolean {
    return this.resuming && this.resumeFrames[0]?.t === t;
  }

  /**
   * Expands words where a wait inside them (`$(sleep 1; date)`) can be resumed: each expansion's
   * value is logged, and a resumed script takes the logged values back instead of working them out
   * again (an arithmetic assignment, a substitution that already ran, happen once).
   */
  private withExpansion<T>(fn: () => T): T {
    const outer = this.expLog;
    if (!this.canSuspend) {
      this.expLog = undefined;
      try {
        return fn();
      } finally {
        this.expLog = outer;
      }
    }
    const resumed = this.take('expand');
    const log = { entries: resumed ? resumed.log : [], at: 0 };
    this.expLog = log;
    try {
      return fn();
    } catch (e) {
      addFrame(e, { t: 'expand', log: log.entries });
      throw e;
    } finally {
      this.expLog = outer;
    }
  }

  /** One logged expansion (withExpansion): its value from the log when resuming past it. */
  private memo(compute: () => string[]): string[] {
    const log = this.expLog as NonNullable<Shell['expLog']>;
    const i = log.at++;
    const done = log.entries[i];
    if (done) {
      log.at = done.next;
      return done.v;
    }
    const v = compute();
    log.entries[i] = { v, next: log.at };
    return v;
  }

  /** Runs `fn` where a suspension could not be resumed: commands in it run to their end. */
  private unresumable<T>(fn: () => T): T {
    this.noSuspend++;
    try {
      return fn();
    } finally {
      this.noSuspend--;
    }
  }

  private scriptStatus(fds: Fds, run: () => number): number {
    try {
      return run();
    } catch (e) {
      if (e instanceof ExitSignal) {
        if (e.message) fds.err(e.message);
        return e.status;
      }
      if (e instanceof ReturnSignal || e instanceof CommandAbort) return e.status;
      throw e;
    }
  }

  tick(): void {
    const steps = ++this.budget.steps;
    if (steps > MAX_STEPS) throw new StepLimit();
    // Only a process of its own can spin: a detached script or a background job.
    if (steps % SPIN_CHECK_STEPS === 0 && (this.detached || this.job !== undefined) && spinsForever(this.loops, this.spinBase, this.data)) throw new Spin();
  }

  execList(list: List, fds: Fds): number {
    let status = this.status;
    for (let i = this.take('list', true)?.i ?? 0; i < list.length; i++) {
      try {
        status = this.execAndOr(list[i] as AndOr, fds);
        if (this.proc.data?.['pendingTraps']) {
          this.frame.vars['?'] = String(status);
          this.runPendingTraps(fds);
        }
      } catch (e) {
        addFrame(e, { t: 'list', i });
        throw e;
      }
      this.frame.vars['?'] = String(status);
    }
    return status;
  }

  private execAndOr(andor: AndOr, fds: Fds): number {
    if (andor.background) return this.execBackground(andor, fds);
    const from = this.take('andor', true)?.k ?? 0;
    const hasRest = andor.rest.length > 0;
    let status = 0;
    if (from === 0) {
      if (hasRest) this.condDepth++;
      try {
        status = this.execPipeline(andor.first, fds);
      } catch (e) {
        addFrame(e, { t: 'andor', k: 0 });
        throw e;
      } finally {
        if (hasRest) this.condDepth--;
      }
    }
    for (let i = Math.max(0, from - 1); i < andor.rest.length; i++) {
      const { op, pipeline } = andor.rest[i] as AndOr['rest'][number];
      // Resuming inside this pipeline: its operator was already decided.
      if (i + 1 !== from) {
        this.frame.vars['?'] = String(status);
        if ((op === '&&') !== (status === 0)) continue;
      }
      const last = i === andor.rest.length - 1;
      if (!last) this.condDepth++;
      try {
        status = this.execPipeline(pipeline, fds);
      } catch (e) {
        addFrame(e, { t: 'andor', k: i + 1 });
        throw e;
      } finally {
        if (!last) this.condDepth--;
      }
    }
    if (status !== 0 && this.data.errexit && this.condDepth === 0 && !andor.first.negate) throw new ExitSignal(status);
    return status;
  }

  /**
   * `cmd &`: the job runs at once until it waits on something that ends on the clock (`sleep`):
   * then it becomes a process of its own, a detached script carrying on as time passes
   * (continuation.ts), reported as bash reports jobs when it ends. A lone program that keeps
   * running (`sleep 100 &`, `nc -l`) is the job itself. bash's job line is printed as on a terminal.
   */
  private execBackground(andor: AndOr, fds: Fds): number {
    const data = this.data;
    const done = (data.doneJobs ??= []);
    // Jobs still running (servers kept by keepJob) hold their numbers.
    const running = this.host.procList().filter((p) => p.ppid === this.frame.pid && p.onExit === JOB_EXIT && p.state !== 'Z').length;
    const job = done.length + running + 1;
    // The job is a forked copy of this shell with a pid of its own.
    const pid = this.host.spawn({ ppid: this.frame.pid, argv: [...this.proc.argv], prog: 'bash', state: 'R' }).pid;
    // `$!` and the job line give the pid as this shell sees it (in a container, its PID namespace).
    const seen = this.nsPidOf(pid);
    if (this.interactive) fds.err(`[${job}] ${seen}\n`);
    this.frame.vars['!'] = String(seen);
    if (seen !== pid) {
      const procData = (this.proc.data ??= {});
      const jobPids = (procData['jobPids'] ??= {}) as Record<string, number>;
      jobPids[String(seen)] = pid;
    }
    let status: number;
    const text = andOrSource({ ...andor, background: false });
    const whole = andor.rest.length === 0 && andor.first.commands.length === 1 && andor.first.commands[0]?.type === 'simple';
    const foreground = { ...andor, background: false };
    this.job = { text, kept: false, number: job, whole, pid };
    let detached = false;
    const outerBase = this.spinBase;
    this.spinBase = this.loops.length;
    try {
      status = this.subshell(() => {
        const jobFds = { ...fds, in: { data: '', pos: 0 } };
        try {
          return this.execAndOr(foreground, jobFds);
        } catch (e) {
          if (e instanceof Spin) {
            this.spinJob(pid, jobFds);
            detached = true;
            return 0;
          }
          if (!(e instanceof Suspend)) throw e;
          this.detachJob(pid, e, foreground, jobFds);
          detached = true;
          return 0;
        }
      }, 'job');
    } finally {
      this.spinBase = outerBase;
      // Unless the job goes on: as a detached script, or as the program it ran (keepJob).
      if (!detached && this.host.proc(pid)?.onExit !== JOB_EXIT) this.host.reap(pid);
    }
    const kept = this.job.kept;
    this.job = undefined;
    // The finished job is announced before the next prompt after this one, as bash reports it; a
    // job still running (a server) is announced when it ends.
    if (!kept) (this.data.doneJobs ??= []).push({ text, status, ...(job > done.length + 1 ? { job } : {}), pid });
    return 0;
  }

  /** bash's `[1]+  Done   cmd` lines for jobs that ended during an earlier line. */
  private reportJobs(jobs: NonNullable<ShellData['doneJobs']>, write: (t: string) => void): void {
    jobs.forEach((j, n) => {
      const mark = n === jobs.length - 1 ? '+' : n === jobs.length - 2 ? '-' : ' ';
      // A job ended by a signal is reported by the signal's description, as strsignal(3) gives it.
      const how = j.signal !== undefined ? (SIGNAL_TEXT[j.signal] ?? `Signal ${j.signal}`) : j.status === 0 ? 'Done' : `Exit ${j.status}`;
      write(`[${j.job ?? n + 1}]${mark}  ${how.padEnd(24)}${j.text}\n`);
    });
  }

  private execPipeline(pipeline: Pipeline, fds: Fds): number {
    if (!pipeline.timed) return this.execUntimed(pipeline, fds);
    const start = this.take('timed', true)?.start ?? this.world.clock.now;
    let status: number;
    try {
      status = pipeline.commands.length ? this.execUntimed(pipeline, fds) : 0;
    } catch (e) {
      addFrame(e, { t: 'timed', start });
      throw e;
    }
    const ms = this.world.clock.now - start;
    // CPU time is not accounted per command here, so user and sys read zero.
    if (pipeline.timed === 'posix') fds.err(`real ${(ms / 1000).toFixed(2)}\nuser 0.00\nsys 0.00\n`);
    else {
      const fmt = (t: number): string => `${Math.floor(t / 60000)}m${((t % 60000) / 1000).toFixed(3)}s`;
      fds.err(`\nreal\t${fmt(ms)}\nuser\t0m0.000s\nsys\t0m0.000s\n`);
    }
    return status;
  }

  private execUntimed(pipeline: Pipeline, fds: Fds): number {
    const cmds = pipeline.commands;
    let status: number;
    if (cmds.length === 1) {
      if (pipeline.negate) this.condDepth++;
      try {
        status = this.execCommand(cmds[0] as Command, fds);
      } finally {
        if (pipeline.negate) this.condDepth--;
      }
    } else {
      // On the clock, a stage that waits (`(sleep 1; date) | tee -a log`) goes on as a process of
      // its own and the pipeline waits for it (continuation.ts `pipe`), its output then feeding the next stage.
      const detachable = this.canSuspend;
      const resumed = detachable ? this.take('pipe') : undefined;
      let input = resumed ? { data: this.resumeOutput, pos: 0 } : fds.in;
      const statuses: number[] = resumed ? [...resumed.statuses, this.resumeStatus] : [];
      const outerPids = this.stagePids;
      const outerStage = this.stage;
      this.stagePids = resumed ? resumed.pids.map((p) => p ?? undefined) : cmds.map((c) => this.forkStage(c, detachable));
      if (!detachable) this.noSuspend++;
      let waitingAt = -1;
      try {
        for (let i = resumed ? resumed.stage + 1 : 0; i < cmds.length; i++) {
          this.stage = i;
          const last = i === cmds.length - 1;
          let captured = '';
          const capture = (text: string): void => {
            if (captured.length + text.length > MAX_PIPE) {
              captured += text.slice(0, MAX_PIPE - captured.length);
              throw new PipeFull();
            }
            captured += text;
          };
          const stageFds: Fds = last ? { ...fds, in: input } : { ...fds, in: input, out: capture, outTTY: false, outPath: undefined };
          statuses.push(
            this.subshell(
              () => {
                try {
                  return this.execCommand(cmds[i] as Command, stageFds);
                } catch (e) {
                  if (e instanceof PipeFull && !last) return 141;
                  if (!(e instanceof Suspend) || !detachable) throw e;
                  waitingAt = i;
                  return this.detachStage(e, cmds, statuses, stageFds, last ? undefined : captured, fds);
                }
              },
              detachable ? 'detachable' : 'fork',
            ),
          );
          input = { data: captured, pos: 0 };
        }
      } finally {
        if (!detachable) this.noSuspend--;
        // The stages after the one waited on keep their processes for when the pipeline goes on.
        this.stagePids.forEach((pid, k) => {
          if (pid !== undefined && (waitingAt < 0 || k <= waitingAt)) this.host.reap(pid);
        });
        this.stagePids = outerPids;
        this.stage = outerStage;
      }
      status = statuses[statuses.length - 1] as number;
      if (this.data.pipefail) status = statuses.findLast((s) => s !== 0) ?? 0;
    }
    if (pipeline.negate) status = status === 0 ? 1 : 0;
    return status;
  }

  /**
   * A pipeline stage that waits on the clock: the program it waits on is the stage's process (`sleep
   * 1 | cat`), or a subshell process takes the stage's position (`(sleep 1; date) | cat`). The
   * pipeline then waits for that process; `captured` is what the stage has written to the next one.
   */
  private detachStage(suspend: Suspend, cmds: Command[], statuses: number[], fds: Fds, captured: string | undefined, pipelineFds: Fds): never {
    const stage = this.stage;
    const cmd = cmds[stage] as Command;
    const out = this.stageOutput(captured === undefined, fds, captured ?? '');
    const direct = suspend.frames.length === 1 && suspend.frames[0]?.t === 'wait' ? this.host.proc(suspend.pid) : undefined;
    let pid: number;
    if (direct) {
      pid = direct.pid;
      direct.onOutput = out.onOutput;
      direct.data = { ...(direct.data ?? {}), ...(out.data ?? {}) };
    } else {
      const forked = this.stagePids[stage];
      const shell = forked !== undefined && cmd.type !== 'simple' ? this.host.proc(forked) : undefined;
      if (shell) this.stagePids[stage] = undefined;
      pid = shell ? shell.pid : this.forkShell();
      const list: List = [{ first: { negate: false, commands: [cmd] }, rest: [], background: false }];
      this.detachInto(pid, suspend, list, [{ t: 'list', i: 0 }, { t: 'andor', k: 0 }], fds, out);
    }
    // The next stage reads its input once this one has ended: a stage in a loop it never leaves
    // would feed it nothing. Line filters after it get each line as it comes (pipe-stream.ts);
    // anything else is said plainly rather than left silent.
    if (captured !== undefined && runsForever(this.host, pid) && !this.streamStage(pid, cmds, captured, pipelineFds)) fds.err(PIPE_FOREVER_MESSAGE);
    const pids = this.stagePids.map((p, k) => (k > stage && p !== undefined ? p : null));
    throw new Suspend(pid, { t: 'pipe', stage, statuses: [...statuses], pids });
  }

  /** Passes what never-ending stage `pid` writes through the line filters after it, if they all are (pipe-stream.ts). */
  private streamStage(pid: number, cmds: Command[], captured: string, fds: Fds): boolean {
    const stages: StreamStage[] = [];
    for (let k = this.stage + 1; k < cmds.length; k++) {
      const forked = this.stagePids[k];
      const p = forked === undefined ? undefined : this.host.proc(forked);
      if (!p || !lineFilter(p.argv)) return false;
      stages.push({ argv: [...p.argv], prog: p.prog, pid: p.pid, env: { ...p.env }, cwd: p.cwd });
    }
    const proc = this.host.proc(pid);
    if (!proc || stages.length === 0) return false;
    const stream: PipeStream = { stages, ...(fds.outPath !== undefined ? { outPath: fds.outPath } : {}), partial: '' };
    proc.onOutput = PIPE_STREAM;
    proc.data = { ...(proc.data ?? {}), pipeStream: stream };
    delete proc.data['captured'];
    // What it wrote before it waited goes through now, where the pipeline's output goes.
    passOn(this.world, this.host, proc, stream, captured, fds.out);
    return true;
  }

  /**
   * Forks the process of a pipeline stage ahead of time when its command is a plain external
   * program whose words expand without side effects (no `$(...)`, no arithmetic, no `${x:=y}`).
   */
  private forkStage(cmd: Command, detachable = false): number | undefined {
    // A compound stage runs in a forked subshell: its process matters when the stage waits on the clock.
    if (cmd.type !== 'simple' && detachable) return this.forkShell();
    if (cmd.type !== 'simple' || cmd.assigns.length > 0 || !cmd.words.every(pureWord)) return undefined;
    let argv: string[];
    try {
      argv = this.expandWords(this.applyAliases(cmd.words));
    } catch {
      return undefined;
    }
    const name = argv[0];
    if (name === undefined || this.data.functions[name] || BUILTINS[name]) return undefined;
    const found = this.host.findExecutable(name, this.env['PATH'] ?? DEFAULT_PATH, this.cwd);
    if ('error' in found) return undefined;
    const prog = this.host.fs.stat(found.path).prog;
    if (!prog || !this.world.programs[prog]) return undefined;
    return this.host.spawn({ ppid: this.frame.pid, argv, prog, state: 'S', env: { ...this.env }, cwd: this.cwd }).pid;
  }

  /**
   * Runs `fn` with the shell state restored afterwards, as in a forked subshell. Only `( … )` may
   * be suspended inside (`resumable`); a background job (`job`), and on the clock a substitution or
   * a pipeline stage (`detachable`), leave as a process of their own when they wait; elsewhere
   * pipelines and substitutions run to their end.
   */
  subshell(fn: () => number, mode: 'fork' | 'resumable' | 'job' | 'detachable' = 'fork', fds?: Fds, keepTraps = false): number {
    const proc = this.proc;
    const resumable = mode === 'resumable';
    const counted = mode === 'fork';
    const resumed = resumable ? this.take('subshell', true) : undefined;
    const saved: SavedShellState = resumed?.saved ?? { vars: { ...this.frame.vars }, env: { ...proc.env }, cwd: proc.cwd, data: JSON.stringify(this.data) };
    // A trap set in the subshell is its own (the subshell shares this process here).
    const signals = proc.signals ? { ...proc.signals } : undefined;
    // A subshell starts without its parent's traps, but ignored signals stay ignored. (`$(trap)`
    // keeps them: bash lists the parent's traps there.)
    if (!resumed && !keepTraps) this.resetTraps();
    let suspended = false;
    if (counted) this.noSuspend++;
    this.subshellDepth++;
    try {
      const status = fn();
      return fds ? this.exitTrap(status, fds) : status;
    } catch (e) {
      if (e instanceof ExitSignal) {
        if (e.message) this.currentErr(e.message);
        return fds ? this.exitTrap(e.status, fds) : e.status;
      }
      if (e instanceof Suspend && resumable) {
        // Frozen as it is: the subshell's own state stays until it ends after resuming.
        suspended = true;
        e.frames.push({ t: 'subshell', saved });
      }
      throw e;
    } finally {
      if (counted) this.noSuspend--;
      this.subshellDepth--;
      if (!suspended) {
        for (const k of Object.keys(this.frame.vars)) delete this.frame.vars[k];
        Object.assign(this.frame.vars, saved.vars);
        proc.env = saved.env;
        proc.cwd = saved.cwd;
        (proc.data ??= {})['shell'] = JSON.parse(saved.data) as ShellData;
        if (signals) proc.signals = signals;
        else delete proc.signals;
      }
    }
  }

  execCommand(cmd: Command, fds: Fds): number {
    this.tick();
    this.currentErr = fds.err;
    // Words are logged only where a command expands them (withExpansion), not in commands it runs.
    const outerLog = this.expLog;
    this.expLog = undefined;
    try {
      switch (cmd.type) {
        case 'simple':
          return this.execSimple(cmd, fds);
        case 'function':
          this.data.functions[cmd.name] = cmd;
          return 0;
        default:
          return this.withRedirects(cmd.redirects, fds, (f) => this.execCompound(cmd, f));
      }
    } finally {
      this.expLog = outerLog;
    }
  }

  private execCompound(cmd: Exclude<Command, SimpleCommand | FunctionDef>, fds: Fds): number {
    switch (cmd.type) {
      case 'subshell':
        return this.subshell(() => this.execList(cmd.body, fds), 'resumable', fds);
      case 'group':
        return this.execList(cmd.body, fds);
      case 'if': {
        const resumed = this.take('if', true);
        for (let k = resumed?.clause ?? 0; k < cmd.clauses.length; k++) {
          const clause = cmd.clauses[k] as (typeof cmd.clauses)[number];
          if (!(resumed?.clause === k && resumed.phase === 'body')) {
            let c: number;
            try {
              c = this.cond(clause.cond, fds);
            } catch (e) {
              addFrame(e, { t: 'if', clause: k, phase: 'cond' });
              throw e;
            }
            if (c !== 0) continue;
          }
          try {
            return this.execList(clause.body, fds);
          } catch (e) {
            addFrame(e, { t: 'if', clause: k, phase: 'body' });
            throw e;
          }
        }
        if (!cmd.otherwise) return 0;
        try {
          return this.execList(cmd.otherwise, fds);
        } catch (e) {
          addFrame(e, { t: 'if', clause: cmd.clauses.length, phase: 'body' });
          throw e;
        }
      }
      case 'for': {
        // A wait in the words (`for i in $(sleep 1; seq 3)`) is resumed before the loop begins.
        const resumed = this.nextIs('expand') ? undefined : this.take('for', true);
        const words = cmd.items;
        const items = resumed ? resumed.items : words ? this.withExpansion(() => this.expandWords(words)) : [...this.data.positional];
        let status = 0;
        for (let n = resumed?.n ?? 0; n < items.length; n++) {
          // Resuming inside an iteration: its variable was set when it began.
          if (resumed?.n !== n) {
            this.tick();
            this.setVar(cmd.name, items[n] as string);
          }
          let r: { status: number; stop: boolean };
          try {
            r = this.loopBody(cmd.body, fds);
          } catch (e) {
            addFrame(e, { t: 'for', items, n });
            throw e;
          }
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case 'while': {
        this.loops.push(cmd);
        try {
          return this.execWhile(cmd, fds);
        } finally {
          this.loops.pop();
        }
      }
      case 'cond':
        return this.withExpansion(() => this.cond2(cmd));
      case 'case': {
        const resumed = this.nextIs('expand') ? undefined : this.take('case', true);
        let arm = resumed?.arm ?? -1;
        if (arm < 0) {
          arm = this.withExpansion(() => {
            const subject = this.expandString(cmd.subject);
            return cmd.arms.findIndex((a) => a.patterns.some((p) => matchPattern(this.expandPattern(p), subject)));
          });
          if (arm < 0) return 0;
        }
        try {
          return this.execList((cmd.arms[arm] as (typeof cmd.arms)[number]).body, fds);
        } catch (e) {
          addFrame(e, { t: 'case', arm });
          throw e;
        }
      }
    }
  }

  /** `while`/`until`: resumed in its condition or its body (continuation.ts). */
  private execWhile(cmd: WhileCommand, fds: Fds): number {
    const resumed = this.take('while', true);
    let status = resumed?.status ?? 0;
    let inBody = resumed?.phase === 'body';
    for (;;) {
      if (!inBody) {
        this.tick();
        let c: number;
        try {
          c = this.cond(cmd.cond, fds);
        } catch (e) {
          addFrame(e, { t: 'while', phase: 'cond', status });
          throw e;
        }
        if ((c === 0) === cmd.until) break;
      }
      inBody = false;
      let r: { status: number; stop: boolean };
      try {
        r = this.loopBody(cmd.body, fds);
      } catch (e) {
        addFrame(e, { t: 'while', phase: 'body', status });
        throw e;
      }
      status = r.status;
      if (r.stop) break;
    }
    return status;
  }

  /** `[[ ... ]]`: no splitting or globbing; `==` matches a pattern, `=~` a regular expression. */
  private cond2(cmd: CondCommand): number {
    const n = cmd.words.length;
    const text = cmd.words.map((w, k) => (cmd.ops[k] ? ((w[0] as { v: string }).v) : this.expandString(w)));
    let k = 0;
    const isOp = (v: string): boolean => k < n && cmd.ops[k] === true && text[k] === v;
    const fail = (): never => {
      throw new CondError(k < n ? `syntax error in conditional expression: unexpected token \`${text[k]}'` : 'unexpected argument to conditional binary operator');
    };
    const tester = new TestParser([], this);
    const primary = (): boolean => {
      if (isOp('(')) {
        k++;
        const v = or();
        if (!isOp(')')) fail();
        k++;
        return v;
      }
      if (k >= n) fail();
      const a = text[k] as string;
      const next = text[k + 1];
      const nextIsOp = cmd.ops[k + 1] === true;
      if (!cmd.ops[k] && UNARY.has(a) && k + 1 < n && !(nextIsOp && ['&&', '||', ')'].includes(next as string))) {
        k += 2;
        return tester.unary(a, next as string);
      }
      if (next !== undefined && ['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'].includes(next) && (nextIsOp || !['<', '>'].includes(next))) {
        const rhsIndex = k + 2;
        if (rhsIndex >= n) fail();
        const b = text[rhsIndex] as string;
        k += 3;
        if (next === '==' || next === '=' || next === '!=') return matchPattern(this.expandPattern(cmd.words[rhsIndex] as Word), a) === (next !== '!=');
        if (next === '=~') {
          try {
            return new RegExp(posixToJs(b, true)).test(a);
          } catch {
            return false;
          }
        }
        if (next === '<') return a < b;
        if (next === '>') return a > b;
        if (next.startsWith('-') && ['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(next)) {
          const x = this.arith(a);
          const y = this.arith(b);
          return { '-eq': x === y, '-ne': x !== y, '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y }[next] as boolean;
        }
        return tester.binary(a, next, b);
      }
      k++;
      return a !== '';
    };
    const not = (): boolean => {
      if (isOp('!')) {
        k++;
        return !not();
      }
      return primary();
    };
    const and = (): boolean => {
      let v = not();
      while (isOp('&&')) {
        k++;
        const r = not();
        v = v && r;
      }
      return v;
    };
    const or = (): boolean => {
      let v = and();
      while (isOp('||')) {
        k++;
        const r = and();
        v = v || r;
      }
      return v;
    };
    try {
      const v = or();
      if (k < n) fail();
      return v ? 0 : 1;
    } catch (e) {
      if (!(e instanceof CondError)) throw e;
      this.currentErr(`${this.errPrefix()}${e.message}\n`);
      return 2;
    }
  }

  private cond(list: List, fds: Fds): number {
    this.condDepth++;
    try {
      return this.execList(list, fds);
    } finally {
      this.condDepth--;
    }
  }

  private loopBody(body: List, fds: Fds): { status: number; stop: boolean } {
    this.loopDepth++;
    try {
      return { status: this.execList(body, fds), stop: false };
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return { status: 0, stop: e.kind === 'break' };
    } finally {
      this.loopDepth--;
    }
  }

  // ---- simple commands ---------------------------------------------------------------------

  private execSimple(cmd: SimpleCommand, fds: Fds): number {
    this.line = cmd.line;
    this.current = cmd;
    // Resuming: the command was already expanded and started; its redirections are opened again.
    // (Unless it waited while its words were expanded: then the expansion carries on.)
    if (this.resuming && !this.nextIs('expand')) return this.withRedirects(cmd.redirects, fds, (f) => this.resumeCommand(f));
    let argv: string[];
    const assigns: [string, string, boolean][] = [];
    this.lastSubst = null;
    try {
      argv = this.withExpansion(() => {
        const fields = this.expandWords(this.applyAliases(cmd.words));
        for (const a of cmd.assigns) assigns.push([a.name, this.expandString(a.value, true), a.append]);
        return fields;
      });
    } catch (e) {
      if (e instanceof CommandAbort) {
        if (!this.interactive && !this.session) throw e;
        return e.status;
      }
      throw e;
    }
    if (this.data.xtrace) {
      const shown = [...assigns.map(([n, v]) => `${n}=${quoteForTrace(v)}`), ...argv.map(quoteForTrace)];
      if (shown.length) fds.err(`+ ${shown.join(' ')}\n`);
    }
    if (argv.length === 0) {
      for (const [name, value, append] of assigns) this.setVar(name, append ? (this.getVar(name) ?? '') + value : value);
      const status = this.lastSubst ?? 0;
      if (cmd.redirects.length) return this.withRedirects(cmd.redirects, fds, () => status);
      return status;
    }
    return this.withRedirects(cmd.redirects, fds, (f) => this.invoke(argv, f, assigns));
  }

  private applyAliases(words: Word[]): Word[] {
    const seen = new Set<string>();
    let current = words;
    for (;;) {
      const first = current[0];
      if (!first || first.length !== 1 || first[0]?.t !== 'lit') return current;
      const name = first[0].v;
      const value = this.data.aliases[name];
      if (value === undefined || seen.has(name)) return current;
      seen.add(name);
      const replacement = parseWords(value);
      if (!replacement) return current;
      current = [...replacement, ...current.slice(1)];
    }
  }

  /** The simple command a suspended script stopped in: the program it waited on, or a function. */
  private resumeCommand(fds: Fds): number {
    // `wait`: one job ended; it waits on for the others (or returns).
    const waited = this.take('wait');
    if (waited) return !waited.interrupted && this.current?.words.length && literalWord(this.current.words[0] as Word) === 'wait' ? this.invoke(this.expandWords(this.current.words), fds) : this.resumeStatus;
    const fn = this.take('func', true) as Extract<ResumeFrame, { t: 'func' }>;
    return this.callFunction(fn.def, [], fds, fn);
  }

  /** Runs a command by name: function, builtin, or program found on PATH. */
  invoke(argv: string[], fds: Fds, assigns: [string, string, boolean][] = []): number {
    const name = argv[0] as string;
    const fn = this.data.functions[name];
    if (fn) return this.callFunction(fn, argv, fds);
    const builtin = BUILTINS[name];
    // `wait` may suspend a detached script until its jobs end, `exec` hand its process to a program
    // that runs on; other builtins run to their end.
    if (builtin && (name === 'wait' || name === 'exec') && assigns.length === 0) return builtin(this, argv, fds);
    if (builtin) {
      if (assigns.length === 0) return this.unresumable(() => builtin(this, argv, fds));
      const saved = assigns.map(([n]) => [n, this.frame.vars[n], this.env[n]] as const);
      for (const [n, v] of assigns) this.setVar(n, v);
      try {
        return this.unresumable(() => builtin(this, argv, fds));
      } finally {
        for (const [n, v, e] of saved) {
          if (v === undefined) delete this.frame.vars[n];
          else this.frame.vars[n] = v;
          if (e !== undefined) this.env[n] = e;
        }
      }
    }
    const env = { ...this.env };
    for (const [n, v] of assigns) env[n] = v;
    return this.execExternal(argv, fds, env);
  }

  /** Runs a shell function; `resumed` walks back into one a suspended script stopped in. */
  private callFunction(fn: FunctionDef, argv: string[], fds: Fds, resumed?: Extract<ResumeFrame, { t: 'func' }>): number {
    if (this.functionDepth >= 1000) {
      fds.err(`${this.errPrefix()}${fn.name}: maximum function nesting level exceeded (1000)\n`);
      throw new CommandAbort(1);
    }
    const data = this.data;
    const saved = resumed ? resumed.outer : data.positional;
    if (!resumed) data.positional = argv.slice(1);
    this.functionDepth++;
    const locals = (this.localScopes ??= []);
    const scope: Record<string, string | null> = resumed ? { ...resumed.scope } : {};
    locals.push(scope);
    let suspended = false;
    try {
      return this.execCommand(fn.body, fds);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      if (e instanceof Suspend) {
        // The function's arguments and locals stay in force until it returns after resuming.
        suspended = true;
        e.frames.push({ t: 'func', def: fn, outer: saved, scope });
      }
      throw e;
    } finally {
      this.functionDepth--;
      locals.pop();
      if (!suspended) {
        this.data.positional = saved;
        for (const [n, v] of Object.entries(scope)) {
          if (v === null) this.unsetVar(n);
          else this.setVar(n, v);
        }
      }
    }
  }

  localScopes: Record<string, string | null>[] | undefined;

  /** `local name[=value]` inside a function: remembers the outer value for the return. */
  declareLocal(name: string, value: string | undefined): boolean {
    const scope = this.localScopes?.[this.localScopes.length - 1];
    if (!scope || this.functionDepth === 0) return false;
    if (!(name in scope)) scope[name] = this.getVar(name) ?? null;
    if (value !== undefined) this.setVar(name, value);
    else if (!(name in this.frame.vars) && !(name in this.env)) this.frame.vars[name] = '';
    return true;
  }

  /** Where `name` would run from: a file on PATH (or the path itself), or why not. */
  lookup(name: string): { path: string } | { error: 'ENOENT' | 'EACCES' | 'EISDIR' } {
    const fs = this.host.fs;
    if (name.includes('/')) {
      const abs = normalizePath(name, this.cwd);
      const node = fs.tryStat(abs);
      if (!node) return { error: 'ENOENT' };
      if (node.type === 'dir') return { error: 'EISDIR' };
      if ((node.mode & 0o111) === 0) return { error: 'EACCES' };
      return { path: abs };
    }
    if (name === '') return { error: 'ENOENT' };
    const search = this.getVar('PATH') ?? DEFAULT_PATH;
    // bash's hash table: where a command was found, until PATH changes. A path that is no longer
    // there is searched for again (bash's checkhash), so the table never changes what runs.
    const data = this.data;
    if (data.hash?.path !== search) data.hash = { path: search, found: {} };
    const hashed = data.hash.found[name];
    if (hashed !== undefined) {
      const node = fs.tryStat(hashed);
      if (node && node.type !== 'dir' && (node.mode & 0o111) !== 0) return { path: hashed };
      delete data.hash.found[name];
    }
    for (const dir of search.split(':')) {
      const path = normalizePath(`${dir || '.'}/${name}`, this.cwd);
      const node = fs.tryStat(path);
      if (node && node.type !== 'dir' && (node.mode & 0o111) !== 0) {
        if (dir.startsWith('/')) data.hash.found[name] = path;
        return { path };
      }
    }
    return { error: 'ENOENT' };
  }

  private execExternal(argv: string[], fds: Fds, env: Record<string, string>): number {
    const name = argv[0] as string;
    const found = this.lookup(name);
    if ('error' in found) {
      fds.err(execError(this.speaker(), name, found.error));
      return found.error === 'ENOENT' ? 127 : 126;
    }
    const node = this.host.fs.stat(found.path);
    if (!node.prog) return this.execScript(found.path, name, argv, fds, env);
    const program = this.world.programs[node.prog];
    if (!program) {
      fds.err(`podbook: '${name}' is not simulated\n`);
      return 1;
    }
    return this.spawnProgram(node.prog, argv, fds, env);
  }

  /** Runs a program model as a child process of this shell. */
  spawnProgram(prog: string, argv: string[], fds: Fds, env: Record<string, string>): number {
    const program = this.world.programs[prog];
    if (!program) return 127;
    const tail = this.tail !== undefined && this.current === this.tail.cmd && !this.job && this.stage < 0 ? this.tail : undefined;
    if (tail && (this.speaker().dialect !== 'bash' || tail.only)) return this.execInPlace(program, prog, argv, fds, env);
    // A job that is one program runs in the job's own forked process (`[1] 1234` is its pid).
    const forked = this.job?.whole && this.stage < 0 ? this.job.pid : this.stagePids[this.stage];
    const adopted = forked === undefined ? undefined : this.host.proc(forked);
    let child: Proc;
    if (adopted && (adopted.prog === prog || forked === this.job?.pid)) {
      if (forked !== this.job?.pid) this.stagePids[this.stage] = undefined;
      Object.assign(adopted, { ppid: this.frame.pid, argv, prog, state: 'R', env, cwd: this.cwd });
      child = adopted;
    } else {
      child = this.host.spawn({ ppid: this.frame.pid, argv, prog, state: 'R', env, cwd: this.cwd });
    }
    const detached = this.canSuspend;
    const input = fds.in;
    let taken: string | undefined;
    const ctx: ExecContext = {
      argv,
      env,
      cwd: this.cwd,
      // A program that reads its input takes all of it; one that never does (`sleep` in a
      // `while read` loop) leaves it to the next reader.
      get stdin(): string {
        if (taken === undefined) {
          taken = input.data.slice(input.pos);
          input.pos = input.data.length;
        }
        return taken;
      },
      stdout: fds.out,
      stderr: fds.err,
      isTTY: fds.outTTY,
      host: this.host,
      world: this.world,
      pid: child.pid,
      session: this.session,
      ...(detached ? { detached } : {}),
    };
    if (this.job || tail) child.data = { ...(child.data ?? {}), job: true };
    let kept = false;
    try {
      const status = program(ctx);
      if (status === STILL_RUNNING && detached && !tail && !this.job?.whole && this.host.proc(child.pid)) {
        // The script waits for it on the clock: it carries on when the child ends (continuation.ts).
        kept = true;
        return this.suspendOn(child, fds);
      }
      if (status === STILL_RUNNING && this.job && this.host.proc(child.pid)) {
        kept = true;
        this.keepJob(child, fds);
      } else if (status === STILL_RUNNING && tail && this.host.proc(child.pid)) {
        // bash waits for it: the shell lives as long as the program and exits with its status.
        kept = true;
        this.stillRunning = true;
        child.onExit = WAITED_EXIT;
        if (fds.outPath !== undefined) {
          child.onOutput = JOB_OUTPUT;
          child.data = { ...(child.data ?? {}), jobOut: { path: fds.outPath } };
        } else child.onOutput = PARENT_OUTPUT;
      }
      return Number.isInteger(status) ? status & 255 : 1;
    } finally {
      if (!kept) this.host.reap(child.pid);
    }
  }

  /**
   * `wait [pid…]`: until this shell's running jobs (or the ones named) end. A detached script
   * suspends on one of them at a time; in the foreground the clock runs until they are done.
   */
  waitForJobs(args: string[], fds: Fds): number {
    const wanted: number[] = [];
    for (const a of args) {
      const pid = /^\d+$/.test(a) ? Number(a) : NaN;
      if (Number.isNaN(pid)) {
        fds.err(`${this.errPrefix()}wait: \`${a}': not a pid or valid job spec\n`);
        return 2;
      }
      wanted.push(this.hostPidOf(pid));
    }
    const running = (): Proc[] => this.jobProcs().filter((p) => wanted.length === 0 || wanted.includes(p.pid));
    for (const pid of wanted) {
      if (!this.host.proc(pid) && !this.doneJob(pid)) {
        fds.err(`${this.errPrefix()}wait: pid ${this.nsPidOf(pid)} is not a child of this shell\n`);
        return 127;
      }
    }
    const jobs = running();
    const first = jobs[0];
    if (first && this.detached && this.noSuspend === 0 && this.stage < 0) {
      // Resumed when it ends (detached.ts runs its job hook first), then waits for the rest.
      first.data = { ...(first.data ?? {}), thenExit: JOB_EXIT };
      first.onExit = RESUME_SCRIPT;
      throw new Suspend(first.pid);
    }
    for (let i = 0; i < 100_000 && running().length > 0; i++) {
      const next = this.world.queue.peek();
      if (!next) break;
      this.world.advance(Math.max(0, next.at - this.world.clock.now));
    }
    const last = wanted[wanted.length - 1];
    return last === undefined ? 0 : (this.doneJob(last)?.status ?? 0);
  }

  /** This shell's jobs still running (one waited on by `wait` included), in pid order. */
  jobProcs(): Proc[] {
    return this.host.procList().filter((p) => p.ppid === this.frame.pid && p.state !== 'Z' && (p.onExit === JOB_EXIT || (p.onExit === RESUME_SCRIPT && p.data?.['thenExit'] === JOB_EXIT)));
  }

  /** A job of this shell that has ended, as its exit hook recorded it. */
  private doneJob(pid: number): { status: number } | undefined {
    const done: { pid?: number; status: number }[] = [...((this.proc.data?.['jobsDone'] ?? []) as { pid?: number; status: number }[]), ...(this.data.doneJobs ?? [])];
    return done.findLast((j) => j.pid === pid);
  }

  /**
   * `exec cmd`: in a detached script (not in a subshell, job or pipeline) the program takes over
   * the shell's process, which lives on as long as the program does (`exec sleep 5` as a
   * container's last word); elsewhere the command runs and the shell ends with its status.
   */
  execReplacing(argv: string[], fds: Fds): number {
    const name = argv[0] as string;
    if (this.detached && this.canSuspend && this.subshellDepth === 0 && this.job === undefined) {
      const found = this.lookup(name);
      const prog = 'error' in found ? undefined : this.host.fs.stat(found.path).prog;
      const program = prog === undefined ? undefined : this.world.programs[prog];
      if (prog !== undefined && program) return this.execInPlace(program, prog, argv, fds, { ...this.env });
    }
    return this.invoke(argv, fds);
  }

  /** A program this shell starts may end later on the clock (a detached script or a job, not where a wait cannot be resumed). */
  private get canSuspend(): boolean {
    return (this.detached || this.job !== undefined) && this.noSuspend === 0;
  }

  /** exec: the program replaces this shell in its own process (its pid, its parent, its output). */
  private execInPlace(program: Program, prog: string, argv: string[], fds: Fds, env: Record<string, string>): number {
    const proc = this.proc;
    Object.assign(proc, { argv, prog, env, cwd: this.cwd });
    const stdin = fds.in.data.slice(fds.in.pos);
    fds.in.pos = fds.in.data.length;
    const detached = this.canSuspend;
    const status = program({ argv, env, cwd: this.cwd, stdin, stdout: fds.out, stderr: fds.err, isTTY: fds.outTTY, host: this.host, world: this.world, pid: proc.pid, session: this.session, ...(detached ? { detached } : {}) });
    if (status === STILL_RUNNING) {
      this.stillRunning = true;
      return 0;
    }
    return Number.isInteger(status) ? status & 255 : 1;
  }

  /**
   * A program of a background job that keeps running (a listening `nc`): it stays a child of this
   * shell, what it writes later goes to its redirection or this terminal, and its end is reported.
   */
  private keepJob(child: Proc, fds: Fds): void {
    const job = this.job as { text: string; kept: boolean; number: number };
    job.kept = true;
    child.ppid = this.frame.pid;
    child.onExit = JOB_EXIT;
    const out = this.jobOut(fds);
    child.onOutput = out ? JOB_OUTPUT : PARENT_OUTPUT;
    child.data = { ...(child.data ?? {}), jobText: job.text, jobNumber: job.number, ...(out ? { jobOut: out } : {}) };
  }

  /** Where a job's later output goes: its redirection, the terminal, or (no terminal) the shell's own output. */
  private jobOut(fds: Fds): { path: string } | { session: string } | undefined {
    if (fds.outPath !== undefined) return { path: fds.outPath };
    if (this.session) return { session: this.session.id };
    return this.detached ? undefined : { session: 'main' };
  }

  /**
   * A job that waits on the clock: its forked process `pid` takes the job's shell state and its
   * position (continuation.ts) and carries on by itself; the command it waits on becomes its child.
   */
  private detachJob(pid: number, suspend: Suspend, andor: AndOr, fds: Fds): void {
    const job = this.job as NonNullable<Shell['job']>;
    job.kept = true;
    const proc = this.host.proc(pid);
    if (!proc) return;
    const waited = this.host.proc(suspend.pid);
    if (waited) waited.ppid = pid;
    const out = this.jobOut(fds);
    const shell = JSON.parse(JSON.stringify(this.data)) as ShellData;
    delete shell.doneJobs;
    const script: SavedScript = {
      list: [andor],
      frames: [{ t: 'list', i: 0 }, ...[...suspend.frames].reverse()],
      frame: { host: this.frame.host, pid, kind: 'exec', vars: { ...this.frame.vars }, history: [] },
      in: { data: '', pos: 0 },
      outTTY: fds.outTTY,
      errTTY: fds.errTTY,
      tailExec: false,
      waiting: suspend.pid,
    };
    Object.assign(proc, { state: 'S', env: { ...this.env }, cwd: this.cwd, onExit: JOB_EXIT, onOutput: out ? JOB_OUTPUT : PARENT_OUTPUT });
    proc.data = { shell, script: JSON.parse(JSON.stringify(script)) as SavedScript, jobText: job.text, jobNumber: job.number, ...(out ? { jobOut: out } : {}) };
  }

  /** A job spinning in an endless loop (`while :; do :; done &`): its process keeps a CPU busy until it is killed. */
  private spinJob(pid: number, fds: Fds): void {
    const job = this.job as NonNullable<Shell['job']>;
    job.kept = true;
    const proc = this.host.proc(pid);
    if (!proc) return;
    const out = this.jobOut(fds);
    Object.assign(proc, { state: 'R', env: { ...this.env }, cwd: this.cwd, onExit: JOB_EXIT, onOutput: out ? JOB_OUTPUT : PARENT_OUTPUT });
    proc.data = { spinning: true, jobText: job.text, jobNumber: job.number, ...(out ? { jobOut: out } : {}) };
    this.host.setDemand(pid, 1);
  }

  /**
   * A subshell (`$(…)`, a pipeline stage) that waits on the clock goes on as process `pid` of its
   * own: it takes the subshell's state and its position, and the command it waits on becomes its
   * child. `list` is what it runs, entered through `prefix`; `out` is where its output goes.
   */
  private detachInto(pid: number, suspend: Suspend, list: List, prefix: ResumeFrame[], fds: Fds, out: { onOutput: string; data?: Record<string, unknown> }): void {
    const proc = this.host.proc(pid);
    if (!proc) return;
    const waited = this.host.proc(suspend.pid);
    if (waited) waited.ppid = pid;
    const shell = JSON.parse(JSON.stringify(this.data)) as ShellData;
    delete shell.doneJobs;
    const script: SavedScript = {
      list,
      frames: [...prefix, ...[...suspend.frames].reverse()],
      frame: { host: this.frame.host, pid, kind: 'exec', vars: { ...this.frame.vars }, history: [] },
      in: { data: fds.in.data, pos: fds.in.pos },
      outTTY: fds.outTTY,
      errTTY: fds.errTTY,
      tailExec: false,
      waiting: suspend.pid,
    };
    // Forked earlier maybe by the shell this one resumed from: the shell that waits on it is its parent.
    Object.assign(proc, { ppid: this.frame.pid, state: 'S', env: { ...this.env }, cwd: this.cwd, onExit: RESUME_SCRIPT, onOutput: out.onOutput });
    proc.data = { ...(proc.data ?? {}), ...(out.data ?? {}), shell, script: JSON.parse(JSON.stringify(script)) as SavedScript };
  }

  /** A forked copy of this shell (a subshell's process), as `ps` shows one. */
  private forkShell(): number {
    const me = this.proc;
    return this.host.spawn({ ppid: this.frame.pid, argv: [...me.argv], prog: me.prog, state: 'S', env: { ...this.env }, cwd: this.cwd }).pid;
  }

  /** Where the process of a suspended pipeline stage writes from now on: the next stage's input, or this one's output. */
  private stageOutput(last: boolean, fds: Fds, captured: string): { onOutput: string; data?: Record<string, unknown> } {
    if (!last) return { onOutput: CAPTURED_OUTPUT, data: { captured } };
    if (fds.outPath !== undefined) return { onOutput: JOB_OUTPUT, data: { jobOut: { path: fds.outPath } } };
    return { onOutput: PARENT_OUTPUT };
  }

  /** A text file with the execute bit: `#!` names its interpreter, otherwise bash runs it. */
  private execScript(path: string, name: string, argv: string[], fds: Fds, env: Record<string, string>): number {
    const text = this.host.fs.readFile(path);
    const first = text.startsWith('#!') ? text.slice(2, (text.indexOf('\n') + 1 || text.length + 1) - 1).trim() : '';
    let interp = ['/bin/bash'];
    if (first) {
      interp = first.split(/\s+/);
      if (interp[0] === '/usr/bin/env' && interp[1]) interp = interp.slice(1);
    }
    const base = (interp[0] as string).slice((interp[0] as string).lastIndexOf('/') + 1);
    // ps shows the interpreter the kernel ran (`/bin/sh ./loop.sh`); without `#!`, a copy of bash.
    if (base === 'bash' || base === 'sh') return this.runChildShell([...(first ? interp : ['bash']), name, ...argv.slice(1)], text, name, argv.slice(1), fds, env, base);
    const found = this.lookup(interp[0] as string);
    if ('error' in found) {
      fds.err(`${this.errPrefix()}${name}: ${interp[0]}: bad interpreter: No such file or directory\n`);
      return 126;
    }
    const node = this.host.fs.stat(found.path);
    if (!node.prog) {
      fds.err(`podbook: '${interp[0]}' is not simulated\n`);
      return 1;
    }
    return this.spawnProgram(node.prog, [...interp, name, ...argv.slice(1)], fds, env);
  }

  /** A child bash running `text` (a script file or `bash -c`), sharing this line's budget. */
  runChildShell(procArgv: string[], text: string, arg0: string, args: string[], fds: Fds, env: Record<string, string>, prog = 'bash'): number {
    const child = this.host.spawn({ ppid: this.frame.pid, argv: procArgv, prog, state: 'S', env: { ...env }, cwd: this.cwd });
    const frame: SessionFrame = { host: this.frame.host, pid: child.pid, kind: 'exec', vars: {}, history: [] };
    const shell = new Shell(this.world, frame, undefined, { budget: this.budget });
    // dash and ash name the script in their errors (`./run.sh: 2: foo: not found`).
    if (shell.speaker().dialect !== 'bash') shell.data.errName = arg0;
    let waiting = false;
    try {
      if (!this.canSuspend) return shell.runScript(text, arg0, args, fds);
      // This script runs on the clock too: when the child waits, so does this one, on the child.
      const status = shell.runDetached(text, arg0, args, fds);
      if (status !== STILL_RUNNING || !this.host.proc(child.pid)) return status === STILL_RUNNING ? 0 : status;
      waiting = true;
      return this.suspendOn(child, fds);
    } finally {
      if (!waiting) this.host.reap(child.pid);
    }
  }

  // ---- redirections ------------------------------------------------------------------------

  private withRedirects(redirects: Redirect[], fds: Fds, fn: (fds: Fds) => number): number {
    if (redirects.length === 0) return fn(fds);
    // Resuming: the files were opened before the script stopped; they are appended to now.
    const resumed = this.take('redir', true);
    const sinks: Sink[] = [];
    const f: Fds = { ...fds };
    for (const r of redirects) {
      let ok: boolean;
      try {
        ok = this.applyRedirect(r, f, sinks, resumed !== undefined);
      } catch (e) {
        if (e instanceof CommandAbort) return e.status;
        throw e;
      }
      if (!ok) return redirectStatus(this.speaker());
    }
    if (resumed?.in) f.in = resumed.in;
    try {
      return fn(f);
    } catch (e) {
      addFrame(e, { t: 'redir', ...(f.in !== fds.in ? { in: { data: f.in.data, pos: f.in.pos } } : {}) });
      throw e;
    } finally {
      for (const s of sinks) this.flush(s, fds);
    }
  }

  private flush(sink: Sink, fds: Fds): void {
    try {
      if (sink.append) this.host.fs.appendFile(sink.path, sink.text);
      else this.host.fs.writeFile(sink.path, sink.text);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      fds.err(`${this.errPrefix()}${sink.path}: ${ERRNO_TEXT[e.code]}\n`);
    }
  }

  private applyRedirect(r: Redirect, f: Fds, sinks: Sink[], reopen = false): boolean {
    if (r.heredoc) {
      const body = r.heredoc.expand ? this.expandString(parseExpandable(r.heredoc.body)) : r.heredoc.body;
      if ((r.fd ?? 0) === 0) f.in = { data: body, pos: 0 };
      return true;
    }
    const targetWords = this.expandWords([r.target]);
    const target = targetWords.join(' ');
    if (targetWords.length !== 1 && r.op !== '<<<') {
      f.err(`${this.errPrefix()}${literalWord(r.target)}: ambiguous redirect\n`);
      return false;
    }
    const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
    if (r.op === '<<<') {
      f.in = { data: this.expandString(r.target) + '\n', pos: 0 };
      return true;
    }
    if (r.op === '<&' || r.op === '>&') {
      if (/^\d+$/.test(target)) {
        const src = Number(target);
        if (fd === 1 && src === 2) {
          f.out = f.err;
          f.outTTY = f.errTTY;
        } else if (fd === 2 && src === 1) {
          f.err = f.out;
          f.errTTY = f.outTTY;
        } else if (src > 2 && fd <= 2) {
          f.err(`${this.errPrefix()}${src}: Bad file descriptor\n`);
          return false;
        }
        return true;
      }
      if (target === '-') {
        if (fd === 1) f.out = () => undefined;
        if (fd === 2) f.err = () => undefined;
        return true;
      }
      if (r.op === '<&') {
        f.err(`${this.errPrefix()}${target}: ambiguous redirect\n`);
        return false;
      }
      // `>&file` is `&>file`.
      return this.applyRedirect({ op: '&>', target: r.target }, f, sinks, reopen);
    }
    const path = normalizePath(target, this.cwd);
    const fs = this.host.fs;
    const fail = (e: unknown): boolean => {
      if (!(e instanceof FsError)) throw e;
      f.err(redirectError(this.speaker(), target, e.code, r.op === '<' || r.op === '<>'));
      return false;
    };
    if (r.op === '<' || r.op === '<>') {
      if (path === '/dev/null') {
        f.in = { data: '', pos: 0 };
        return true;
      }
      try {
        const data = fs.readFile(path);
        if (fd === 0) f.in = { data, pos: 0 };
      } catch (e) {
        return fail(e);
      }
      return true;
    }
    let write: (text: string) => void;
    if (path === '/dev/null') {
      write = () => undefined;
      if (fd === 1) f.outPath = path;
    } else if (path === '/dev/stdout') write = f.out;
    else if (path === '/dev/stderr') write = f.err;
    else {
      const append = r.op === '>>' || r.op === '&>>' || reopen;
      try {
        if (fs.tryStat(path)?.type === 'dir') throw new FsError('EISDIR', path);
        if (append) fs.appendFile(path, '');
        else fs.writeFile(path, '');
      } catch (e) {
        return fail(e);
      }
      const sink: Sink = { path, append: true, text: '' };
      sinks.push(sink);
      if (fd === 1 || r.op === '&>' || r.op === '&>>') f.outPath = path;
      write = (text) => {
        if (sink.text.length + text.length > MAX_OUTPUT * 8) throw new OutputLimit();
        sink.text += text;
      };
    }
    if (r.op === '&>' || r.op === '&>>') {
      f.out = write;
      f.err = write;
      f.outTTY = false;
      f.errTTY = false;
    } else if (fd === 1) {
      f.out = write;
      f.outTTY = false;
    } else if (fd === 2) {
      f.err = write;
      f.errTTY = false;
    }
    return true;
  }

  // ---- expansion ---------------------------------------------------------------------------

  /** Expands words to fields: braces, parameters, substitutions, splitting, globbing. */
  expandWords(words: Word[]): string[] {
    const out: string[] = [];
    for (const word of words) {
      // Fast path for the common plain word: no allocation beyond the result (QuickJS's cycle
      // collector scans the whole lab each time allocations pile up, so loops must allocate little).
      if (word.length === 1) {
        const p = word[0] as WordPart;
        if (p.t === 'sq' || (p.t === 'lit' && p.v !== '' && !PLAIN_SPECIAL.test(p.v))) {
          out.push(p.v);
          continue;
        }
      }
      for (const w of braceExpand(word, 0)) out.push(...(this.expLog ? this.memo(() => this.expandFields(w)) : this.expandFields(w)));
    }
    return out;
  }

  /** Expands a word to one string, without splitting or globbing (assignments, here-strings). */
  expandString(word: Word, assignment = false): string {
    let out = '';
    for (const part of word) {
      if (part.t === 'lit' && assignment) out += part.v.replace(/(^|:)~(?=\/|:|$)/g, (_m, pre: string) => pre + (this.getVar('HOME') ?? '/root'));
      else out += this.partValue(part, true).join(' ');
    }
    return out;
  }

  /** A pattern word (case, `${x#pat}`): quoted parts are escaped so they match literally. */
  expandPattern(word: Word): string {
    let out = '';
    for (const part of word) {
      if (part.t === 'lit') out += part.v;
      else if (part.t === 'sq') out += escapeGlob(part.v);
      else if (part.t === 'dq') out += escapeGlob(this.expandString(part.parts));
      else out += this.partValue(part, false).join(' ');
    }
    return out;
  }

  private expandFields(word: Word): string[] {
    interface Field {
      s: string;
      p: string;
      glob: boolean;
      quoted: boolean;
    }
    const fields: Field[] = [];
    let cur: Field | null = null;
    const append = (text: string, quoted: boolean): void => {
      cur ??= { s: '', p: '', glob: false, quoted: false };
      cur.s += text;
      cur.p += quoted ? escapeGlob(text) : text;
      if (!quoted && hasGlob(text)) cur.glob = true;
      if (quoted) cur.quoted = true;
    };
    const finish = (): void => {
      if (cur) fields.push(cur);
      cur = null;
    };
    const ifs = this.getVar('IFS') ?? ' \t\n';
    const split = (value: string): void => {
      if (ifs === '') {
        if (value !== '') append(value, false);
        return;
      }
      let pending = false;
      for (const c of value) {
        if (ifs.includes(c)) {
          if (c === ' ' || c === '\t' || c === '\n') pending = true;
          else {
            cur ??= { s: '', p: '', glob: false, quoted: true };
            finish();
            pending = false;
          }
        } else {
          if (pending) finish();
          pending = false;
          append(c, false);
        }
      }
      if (pending) finish();
    };
    for (const part of word) {
      if (part.t === 'lit') append(part.v, false);
      else if (part.t === 'sq') append(part.v, true);
      else if (part.t === 'tilde') append(this.tilde(part.user), true);
      else if (part.t === 'dq') {
        if (part.parts.length === 0) append('', true);
        for (const inner of part.parts) {
          if (inner.t === 'param' && inner.name === '@' && !inner.op && !inner.len) {
            const args = this.data.positional;
            args.forEach((a, i) => {
              if (i > 0) finish();
              append(a, true);
            });
          } else append(this.partValue(inner, true).join(' '), true);
        }
      } else {
        const values = this.partValue(part, false);
        values.forEach((v, i) => {
          if (i > 0) finish();
          split(v);
        });
      }
    }
    finish();
    const out: string[] = [];
    for (const f of fields) {
      if (f.s === '' && !f.quoted) continue;
      if (f.glob) {
        const matches = glob(this.host.fs, f.p, this.cwd);
        if (matches.length > 0) {
          out.push(...matches);
          continue;
        }
        out.push(unescapeGlob(f.p));
        continue;
      }
      out.push(f.s);
    }
    return out;
  }

  private tilde(user: string): string {
    if (user === '') return this.getVar('HOME') ?? '/root';
    try {
      for (const line of this.host.fs.readFile('/etc/passwd').split('\n')) {
        const f = line.split(':');
        if (f[0] === user && f[5] !== undefined) return f[5];
      }
    } catch {
      // no passwd: the word stays as typed
    }
    return '~' + user;
  }

  /** The value(s) of an expansion part; `$@` unquoted gives one value per argument. */
  private partValue(part: WordPart, quoted: boolean): string[] {
    switch (part.t) {
      case 'lit':
      case 'sq':
        return [part.v];
      case 'tilde':
        return [quoted ? '~' + part.user : this.tilde(part.user)];
      case 'dq':
        return [this.expandString(part.parts)];
      case 'cmd':
      case 'arith':
      case 'param':
        // Where a wait can be resumed, each value is logged (withExpansion).
        return this.expLog ? this.memo(() => this.expansionValue(part, quoted)) : this.expansionValue(part, quoted);
    }
  }

  private expansionValue(part: Extract<WordPart, { t: 'cmd' | 'arith' | 'param' }>, quoted: boolean): string[] {
    switch (part.t) {
      case 'cmd':
        return [this.commandSubstitution(part.body)];
      case 'arith':
        return [String(this.arith(part.expr))];
      case 'param':
        if ((part.name === '@' || part.name === '*') && !part.op && !part.len) {
          return quoted && part.name === '*' ? [this.data.positional.join((this.getVar('IFS') ?? ' ')[0] ?? '')] : [...this.data.positional];
        }
        return [this.paramValue(part)];
    }
  }

  arith(expr: string): number {
    const text = this.expandString(parseExpandable(expr));
    try {
      return evalArith(text, { get: (n) => this.getVar(n) ?? '', set: (n, v) => this.setVar(n, v) });
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      this.currentErr(`${this.errPrefix()}${e.message}\n`);
      throw new CommandAbort(1);
    }
  }

  /** Where expansion errors go: the terminal's stderr of the running line. */
  currentErr: (text: string) => void = () => undefined;

  /** A host pid as this shell's PID namespace numbers it (the same number on the host itself). */
  nsPidOf(hostPid: number): number {
    const host = this.host;
    const self = host.proc(this.frame.pid);
    const target = host.proc(hostPid);
    if (!self || !target) return hostPid;
    return host.pidIn(target, host.nsOf(self, 'pid')) ?? hostPid;
  }

  /** The host pid of the process this shell calls `pid` (a job that has ended is found by its record). */
  private hostPidOf(pid: number): number {
    const found = this.host.procAs(this.frame.pid, pid);
    if (found) return found.pid;
    const jobs = (this.proc.data?.['jobPids'] ?? {}) as Record<string, number>;
    return jobs[String(pid)] ?? pid;
  }

  special(name: string): string | undefined {
    switch (name) {
      case '?': return this.frame.vars['?'] ?? '0';
      case '$': return String(this.nsPidOf(this.frame.pid));
      case '#': return String(this.data.positional.length);
      case '0': return this.data.arg0;
      case '!': return this.frame.vars['!'];
      case '-': return this.interactive ? 'himBH' : 'hB';
      case '@':
      case '*': return this.data.positional.join(' ');
    }
    if (/^\d+$/.test(name)) return this.data.positional[Number(name) - 1];
    return this.getVar(name);
  }

  private paramValue(part: Extract<WordPart, { t: 'param' }>): string {
    if (part.op === 'bad') {
      this.currentErr(`${this.errPrefix()}${part.name}: bad substitution\n`);
      throw new CommandAbort(1);
    }
    const value = this.special(part.name);
    if (part.len) return String([...(value ?? '')].length);
    if (!part.op) {
      if (value === undefined && this.data.nounset && !/^[@*]$/.test(part.name)) {
        this.currentErr(`${this.errPrefix()}${part.name}: unbound variable\n`);
        throw new CommandAbort(1);
      }
      return value ?? '';
    }
    const arg = part.arg ?? [];
    const op = part.op;
    const unsetOrNull = value === undefined || (op.startsWith(':') && value === '');
    switch (op) {
      case ':-':
      case '-':
        return unsetOrNull ? this.expandString(arg) : (value ?? '');
      case ':=':
      case '=': {
        if (!unsetOrNull) return value ?? '';
        const v = this.expandString(arg);
        if (!/^[A-Za-z_]/.test(part.name)) {
          this.currentErr(`${this.errPrefix()}$${part.name}: cannot assign in this way\n`);
          throw new CommandAbort(1);
        }
        this.setVar(part.name, v);
        return v;
      }
      case ':+':
      case '+':
        return unsetOrNull ? '' : this.expandString(arg);
      case ':?':
      case '?': {
        if (!unsetOrNull) return value ?? '';
        const msg = this.expandString(arg);
        this.currentErr(`${this.errPrefix()}${part.name}: ${msg || (op === ':?' ? 'parameter null or not set' : 'parameter not set')}\n`);
        throw new CommandAbort(1);
      }
      case '#':
      case '##':
      case '%':
      case '%%':
        return trimPattern(value ?? '', this.expandPattern(arg), op);
      case '/':
      case '//': {
        const pat = this.expandPattern(arg);
        let slash = -1;
        for (let i = 0; i < pat.length; i++) {
          if (pat[i] === '\\') i++;
          else if (pat[i] === '/') {
            slash = i;
            break;
          }
        }
        const from = slash < 0 ? pat : pat.slice(0, slash);
        const to = slash < 0 ? '' : unescapeGlob(pat.slice(slash + 1));
        return replacePattern(value ?? '', from, to, op === '//');
      }
      case ':': {
        const text = this.expandString(arg);
        const [offText, lenText] = splitOnce(text, ':');
        const chars = [...(value ?? '')];
        let off = offText.trim() === '' ? 0 : this.arith(offText);
        if (off < 0) off = Math.max(0, chars.length + off);
        let end = chars.length;
        if (lenText !== undefined) {
          const len = this.arith(lenText);
          end = len < 0 ? chars.length + len : off + len;
        }
        return chars.slice(off, Math.max(off, end)).join('');
      }
    }
    return value ?? '';
  }

  /**
   * `$(…)`: its output, without the trailing newlines. In a script on the clock, a substitution
   * that waits (`$(sleep 1; date)`) goes on as a subshell process of its own, and the script waits
   * for it (continuation.ts `subst`), taking its output back when it ends.
   */
  private commandSubstitution(body: List): string {
    const detachable = this.expLog !== undefined && this.canSuspend;
    let status: number;
    let captured = '';
    if (detachable && this.take('subst')) {
      status = this.resumeStatus;
      captured = this.resumeOutput;
    } else {
      const outer = this.currentErr;
      const fds: Fds = {
        in: { data: '', pos: 0 },
        out: (t) => {
          if (captured.length + t.length > MAX_OUTPUT * 4) throw new OutputLimit();
          captured += t;
        },
        err: outer,
        outTTY: false,
        errTTY: false,
      };
      // The subshell's process, forked before it runs anything (as `ps` then lists it); a lone
      // command is run in it (`$(sleep 5)`: the fork is the sleep), as busybox's sh and bash do.
      const first = body.length === 1 ? body[0] : undefined;
      const lone = first !== undefined && first.rest.length === 0 && first.first.commands.length === 1 && first.first.commands[0]?.type === 'simple';
      const pid = detachable && !lone ? this.forkShell() : undefined;
      let waiting = false;
      try {
        status = this.subshell(() => {
          try {
            return this.execList(body, fds);
          } catch (e) {
            if (!(e instanceof Suspend) || !detachable) throw e;
            waiting = true;
            const program = lone && e.frames.length === 3 && e.frames[0]?.t === 'wait' ? this.host.proc(e.pid) : undefined;
            if (program) {
              program.onOutput = CAPTURED_OUTPUT;
              program.data = { ...(program.data ?? {}), captured };
              throw new Suspend(program.pid, { t: 'subst' });
            }
            const shell = pid ?? this.forkShell();
            this.detachInto(shell, e, body, [], fds, { onOutput: CAPTURED_OUTPUT, data: { captured } });
            throw new Suspend(shell, { t: 'subst' });
          }
        }, detachable ? 'detachable' : 'fork', undefined, true);
      } finally {
        if (pid !== undefined && !waiting) this.host.reap(pid);
      }
    }
    this.lastSubst = status;
    this.frame.vars['?'] = String(status);
    return captured.replace(/\n+$/, '');
  }
}

/** Characters that make an unquoted word need brace or pathname expansion. */
const PLAIN_SPECIAL = /[*?[{]/;

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function trimPattern(value: string, pattern: string, op: string): string {
  const source = patternSource(pattern);
  let re: RegExp;
  try {
    re = new RegExp(op === '#' || op === '%' ? `^(?:${source})` : `^(?:${source})`);
  } catch {
    return value;
  }
  const whole = (s: string): boolean => {
    const m = re.exec(s);
    return m !== null && m[0] === s;
  };
  const wholeMatch = (s: string): boolean => new RegExp(`^(?:${source})$`).test(s) || whole(s);
  if (op === '#' || op === '##') {
    const range = op === '#' ? [...Array(value.length + 1).keys()] : [...Array(value.length + 1).keys()].reverse();
    for (const i of range) if (wholeMatch(value.slice(0, i))) return value.slice(i);
    return value;
  }
  const range = op === '%' ? [...Array(value.length + 1).keys()].reverse() : [...Array(value.length + 1).keys()];
  for (const i of range) if (wholeMatch(value.slice(i))) return value.slice(0, i);
  return value;
}

function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  if (pattern === '') return value;
  let re: RegExp;
  try {
    re = new RegExp(patternSource(pattern), all ? 'g' : '');
  } catch {
    return value;
  }
  return value.replace(re, () => replacement);
}

function quoteForTrace(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function literalWord(word: Word): string {
  return word.map((p) => (p.t === 'lit' || p.t === 'sq' ? p.v : p.t === 'param' ? `$${p.name}` : '')).join('');
}

/** Brace expansion (`{a,b}`, `{1..3}`) inside the unquoted text of a word. */
function braceExpand(word: Word, depth: number): Word[] {
  if (depth > 8) return [word];
  for (let idx = 0; idx < word.length; idx++) {
    const part = word[idx] as WordPart;
    if (part.t !== 'lit' || !part.v.includes('{')) continue;
    const found = findBrace(part.v);
    if (!found) continue;
    const { start, end, items } = found;
    const prefix = part.v.slice(0, start);
    const suffix = part.v.slice(end + 1);
    return items.flatMap((alt) => braceExpand([...word.slice(0, idx), { t: 'lit', v: prefix + alt + suffix }, ...word.slice(idx + 1)], depth + 1));
  }
  return [word];
}

function findBrace(s: string): { start: number; end: number; items: string[] } | null {
  for (let start = s.indexOf('{'); start >= 0; start = s.indexOf('{', start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let i = start; i < s.length; i++) {
      const c = s[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      } else if (c === ',' && depth === 1) commas.push(i);
    }
    if (end < 0) return null;
    const inner = s.slice(start + 1, end);
    if (commas.length > 0) {
      const items: string[] = [];
      let from = start + 1;
      for (const c of commas) {
        items.push(s.slice(from, c));
        from = c + 1;
      }
      items.push(s.slice(from, end));
      return { start, end, items };
    }
    const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
    if (num) {
      const a = Number(num[1]);
      const b = Number(num[2]);
      const step = Math.abs(Number(num[3] ?? 1)) || 1;
      if (Math.abs(b - a) / step > 100_000) return null;
      const width = /^-?0\d/.test(num[1] as string) || /^-?0\d/.test(num[2] as string) ? Math.max((num[1] as string).length, (num[2] as string).length) : 0;
      const items: string[] = [];
      for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) items.push(width ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
      return { start, end, items };
    }
    const chr = /^([A-Za-z])\.\.([A-Za-z])$/.exec(inner);
    if (chr) {
      const a = (chr[1] as string).charCodeAt(0);
      const b = (chr[2] as string).charCodeAt(0);
      const items: string[] = [];
      for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) items.push(String.fromCharCode(v));
      return { start, end, items };
    }
  }
  return null;
}

/** True when expanding the word cannot run commands or assign variables. */
function pureWord(word: Word): boolean {
  return word.every(function pure(part: WordPart): boolean {
    if (part.t === 'cmd' || part.t === 'arith') return false;
    if (part.t === 'dq') return part.parts.every(pure);
    if (part.t === 'param') return !(part.op?.includes('=') ?? false) && (part.arg ?? []).every(pure);
    return true;
  });
}
