/**
 * Where a detached script stopped: the interpreter unwinds its JavaScript stack when a command it
 * waits on (`sleep 1` in a container's loop) keeps running, and each construct on the way out
 * records its position as a plain JSON frame. The frames are kept in the shell's process, so a lab
 * snapshot carries them; when the command ends, a fresh interpreter walks the same constructs back
 * in, each taking its frame, and carries on from there with the command's exit status.
 */
import type { FunctionDef, List } from './ast.ts';
import type { SessionFrame } from '../../kernel/types.ts';

/** Exit hook of the command a suspended script waits on: its end resumes the script (detached.ts). */
export const RESUME_SCRIPT = 'shell/resume-script';

/** Standard input as a cursor (interpreter.ts `Input`). */
export interface SavedInput {
  data: string;
  pos: number;
}

/** A shell's own state as a subshell saved it on entry, restored when the subshell ends. */
export interface SavedShellState {
  vars: Record<string, string>;
  env: Record<string, string>;
  cwd: string;
  data: string;
}

export type ResumeFrame =
  /** The and-or list being run is the `i`th of its list. */
  | { t: 'list'; i: number }
  /** The pipeline being run is the `k`th of its and-or list (0 = the first). */
  | { t: 'andor'; k: number }
  /** A `time` pipeline, started at `start` (virtual ms). */
  | { t: 'timed'; start: number }
  /** A command with redirections: they are opened again to append; `in` is standard input's cursor. */
  | { t: 'redir'; in?: SavedInput }
  /** `for`: the words and the one being run. */
  | { t: 'for'; items: string[]; n: number }
  /** `while`/`until`: in the condition or the body, and the loop's status so far. */
  | { t: 'while'; phase: 'cond' | 'body'; status: number }
  /** `if`: the clause (its count = the `else` part), in its condition or its body. */
  | { t: 'if'; clause: number; phase: 'cond' | 'body' }
  /** `case`: the arm whose body is being run. */
  | { t: 'case'; arm: number }
  /** `( … )`: what to restore when it ends. */
  | { t: 'subshell'; saved: SavedShellState }
  /** A shell function being run: its definition, and the caller's arguments and local scope to restore. */
  | { t: 'func'; def: FunctionDef; outer: string[]; scope: Record<string, string | null> }
  /**
   * The simple command waiting on child `pid`: it returns that child's status. The `wait` builtin
   * waits on for its other jobs, unless a trapped signal `interrupted` it (it returns 128+N).
   */
  | { t: 'wait'; pid: number; interrupted?: true }
  /**
   * Words being expanded (a simple command's, `for`'s list, `case`'s subject, `[[`'s): the values
   * worked out before the wait, in the order they were asked for, so they are not worked out again.
   */
  | { t: 'expand'; log: (ExpandEntry | null)[] }
  /** The command substitution being expanded waits on its subshell, a process of its own: its output is the value. */
  | { t: 'subst' }
  /**
   * A pipeline waits on its stage `stage` (a process of its own): the statuses of the stages before
   * it, and the processes already forked for the stages after it.
   */
  | { t: 'pipe'; stage: number; statuses: number[]; pids: (number | null)[] };

/** One expansion already worked out: its fields, and where the expansions after it start. */
export interface ExpandEntry {
  v: string[];
  next: number;
}

/** Thrown by the command that waits; each construct it passes adds its frame (innermost first). */
export class Suspend {
  readonly frames: ResumeFrame[];
  readonly pid: number;
  constructor(pid: number, innermost: ResumeFrame = { t: 'wait', pid }) {
    this.pid = pid;
    this.frames = [innermost];
  }
}

/**
 * Thrown when a script nobody waits on spins in a loop that never ends and does nothing anyone can
 * see (`while :; do :; done`): its process keeps a CPU busy on the scheduler from then on, instead
 * of the interpreter running the loop (endless.ts).
 */
export class Spin {}

/** A suspended script, kept in its shell process's `data.script`. */
export interface SavedScript {
  /** The script's text (`sh -c`, a file), parsed again to resume; or, for a background job, its commands. */
  text?: string;
  list?: List;
  /** Outermost first. */
  frames: ResumeFrame[];
  /** The shell's variables (`?`, assignments). */
  frame: SessionFrame;
  in: SavedInput;
  outTTY: boolean;
  errTTY: boolean;
  /** The script's last command may still run in place (`sh -c`, interpreter.ts `tailExec`). */
  tailExec: boolean;
  /** The child whose end resumes the script. */
  waiting: number;
}
