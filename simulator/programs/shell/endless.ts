/**
 * Loops a script can never leave, read from its text: `while true; do date; sleep 1; done` runs
 * until it is killed. A client that cannot wait for ever (a notebook cell, a script) asks whether a
 * container's shell is in one (runsForever); a loop that also does nothing anyone can see
 * (`while :; do :; done`, `while true; do i=$((i+1)); done`) is not run at all but spins on the
 * CPU scheduler (spinsForever), as the real one keeps a CPU busy.
 */
import type { Host } from '../../kernel/host.ts';
import type { AndOr, Command, List, Pipeline, SimpleCommand, WhileCommand, Word } from './ast.ts';
import type { SavedScript } from './continuation.ts';
import { parse } from './parser.ts';
import { parseDuration } from '../coreutils/sleep.ts';

/** What the shell's options and functions say about leaving a loop (interpreter.ts ShellData). */
interface ShellOptions {
  errexit: boolean;
  functions: Record<string, unknown>;
}

/** A word's text when it has no expansion in it (`true`, `'a b'`), else undefined. */
function literal(word: Word): string | undefined {
  let text = '';
  for (const p of word) {
    if (p.t === 'lit' || p.t === 'sq') text += p.v;
    else if (p.t === 'dq' && p.parts.every((q) => q.t === 'lit')) text += p.parts.map((q) => (q as { v: string }).v).join('');
    else return undefined;
  }
  return text;
}

/** The one plain command of a list (`true`, `[ 1 ]`), if that is all it is. */
function onlyCommand(list: List): { cmd: SimpleCommand; negate: boolean } | undefined {
  const andor = list.length === 1 ? list[0] : undefined;
  if (!andor || andor.background || andor.rest.length > 0 || andor.first.commands.length !== 1) return undefined;
  const cmd = andor.first.commands[0] as Command;
  if (cmd.type !== 'simple' || cmd.assigns.length > 0 || cmd.redirects.length > 0) return undefined;
  return { cmd, negate: andor.first.negate };
}

/** `test` of literal words whose answer cannot change: `[ 1 ]`, `[ a = a ]`, `[ 1 -eq 1 ]`. */
function constantTest(args: string[]): boolean | undefined {
  if (args.length === 1) return args[0] !== '';
  if (args.length !== 3) return undefined;
  const [a, op, b] = args as [string, string, string];
  if (op === '=' || op === '==') return a === b;
  if (op === '!=') return a !== b;
  const ints = /^-?\d+$/.test(a) && /^-?\d+$/.test(b);
  if (!ints) return undefined;
  const x = Number(a);
  const y = Number(b);
  const table: Record<string, boolean> = { '-eq': x === y, '-ne': x !== y, '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y };
  return table[op];
}

/** The status a loop condition always has (0 or non-zero), when it cannot change; else undefined. */
function constantStatus(list: List, fns: ShellOptions['functions']): 'ok' | 'fail' | undefined {
  const only = onlyCommand(list);
  if (!only) return undefined;
  const words = only.cmd.words.map(literal);
  if (words.some((w) => w === undefined) || words.length === 0) return undefined;
  const [name, ...args] = words as [string, ...string[]];
  if (fns[name] !== undefined) return undefined;
  let ok: boolean | undefined;
  if (name === 'true' || name === ':' || name === '/bin/true') ok = true;
  else if (name === 'false' || name === '/bin/false') ok = false;
  // sleep only fails on a bad interval (or when killed, which ends the script anyway).
  else if (name === 'sleep' && args.length > 0 && args.every((a) => parseDuration(a) !== null)) ok = true;
  else if (name === '[' && args[args.length - 1] === ']') ok = constantTest(args.slice(0, -1));
  else if (name === 'test') ok = constantTest(args);
  if (ok === undefined) return undefined;
  return ok !== only.negate ? 'ok' : 'fail';
}

/** Every command of a list, at any depth, with its pipeline. */
function* commands(list: List): Generator<Command> {
  for (const andor of list) for (const p of [andor.first, ...andor.rest.map((r) => r.pipeline)] as Pipeline[]) for (const c of p.commands) yield* within(c);
}

function* within(cmd: Command): Generator<Command> {
  yield cmd;
  switch (cmd.type) {
    case 'subshell':
    case 'group':
      yield* commands(cmd.body);
      break;
    case 'if':
      for (const c of cmd.clauses) {
        yield* commands(c.cond);
        yield* commands(c.body);
      }
      if (cmd.otherwise) yield* commands(cmd.otherwise);
      break;
    case 'for':
      yield* commands(cmd.body);
      break;
    case 'while':
      yield* commands(cmd.cond);
      yield* commands(cmd.body);
      break;
    case 'case':
      for (const a of cmd.arms) yield* commands(a.body);
      break;
    case 'function':
      yield* within(cmd.body);
      break;
    default:
  }
}

/** Commands that can take a script out of a loop, or run text that might. */
const LEAVING = new Set(['break', 'return', 'exit', 'exec', 'eval', '.', 'source', 'kill']);

/** A command that cannot fail, so `set -e` never ends the script on it. */
function cannotFail(c: Command): boolean {
  if (c.type !== 'simple') return c.type === 'group' || c.type === 'while' || c.type === 'if';
  if (c.redirects.length > 0 || !c.assigns.every((a) => a.value.every((p) => p.t !== 'cmd'))) return false;
  const words = c.words.map(literal);
  if (words.some((w) => w === undefined)) return false;
  const [name, ...args] = words as string[];
  if (name === undefined || name === 'true' || name === ':' || name === 'echo') return true;
  if (name === 'sleep') return args.length > 0 && args.every((a) => parseDuration(a) !== null);
  if (name === 'date') return args.every((a) => a.startsWith('+'));
  return false;
}

/** The loop is never left by itself: its condition cannot change and nothing in it leaves it. */
export function loopNeverEnds(loop: WhileCommand, options: ShellOptions): boolean {
  // With `set -e` a failing command ends the script: only commands that cannot fail keep it looping.
  if (options.errexit && ![...commands(loop.cond), ...commands(loop.body)].every(cannotFail)) return false;
  const status = constantStatus(loop.cond, options.functions);
  if (status !== (loop.until ? 'fail' : 'ok')) return false;
  for (const c of commands(loop.body)) {
    if (c.type === 'function') return false;
    if (c.type !== 'simple') continue;
    const name = c.words[0] ? literal(c.words[0]) : undefined;
    // A command word worked out as the script runs, or a function of the script: could be anything.
    if (c.words.length > 0 && (name === undefined || LEAVING.has(name) || options.functions[name] !== undefined)) return false;
  }
  return true;
}

/** Builtins that only change the shell's own variables or status: nothing outside sees them run. */
const QUIET = new Set([':', 'true', 'false', '[', 'test', 'let']);

function quietWord(word: Word): boolean {
  return word.every(function quiet(p): boolean {
    if (p.t === 'cmd') return false;
    if (p.t === 'dq') return p.parts.every(quiet);
    if (p.t === 'param') return (p.arg ?? []).every(quiet);
    return true;
  });
}

/** Nothing in the list can be seen from outside the shell: no output, files, programs or substitutions. */
function quiet(list: List): boolean {
  for (const c of commands(list)) {
    if (c.type === 'function') return false;
    if ('redirects' in c && c.redirects.length > 0) return false;
    if (c.type === 'simple') {
      if (!c.words.every(quietWord) || !c.assigns.every((a) => quietWord(a.value))) return false;
      const name = c.words[0] ? literal(c.words[0]) : '';
      if (name === undefined || (name !== '' && !QUIET.has(name))) return false;
    } else if (c.type === 'for' && !(c.items ?? []).every(quietWord)) return false;
    else if (c.type === 'case' && !quietWord(c.subject)) return false;
    else if (c.type === 'cond' && !c.words.every(quietWord)) return false;
  }
  return true;
}

/** One of the loops being run (from `base` on, innermost last) never ends and does nothing anyone sees. */
export function spinsForever(loops: WhileCommand[], base: number, options: ShellOptions): boolean {
  for (let i = base; i < loops.length; i++) {
    const loop = loops[i] as WhileCommand;
    if (loopNeverEnds(loop, options) && quiet(loop.cond) && quiet(loop.body)) return true;
  }
  return false;
}

/**
 * The loops a suspended script is inside, found by walking its frames (continuation.ts) through
 * its text as resuming would; the walk stops where the script waits.
 */
function enclosingLoops(script: SavedScript): WhileCommand[] {
  let list: List;
  try {
    list = script.text !== undefined ? parse(script.text).list : (script.list ?? []);
  } catch {
    return [];
  }
  const loops: WhileCommand[] = [];
  let andor: AndOr | undefined;
  let cmd: Command | undefined;
  for (const f of script.frames) {
    switch (f.t) {
      case 'list':
        // A group (a function's body too) runs its list without a frame of its own.
        if (cmd?.type === 'group') list = cmd.body;
        andor = list[f.i];
        cmd = undefined;
        if (!andor) return loops;
        continue;
      case 'andor': {
        const pipeline = f.k === 0 ? andor?.first : andor?.rest[f.k - 1]?.pipeline;
        // A pipeline of several stages waits on one of them: nothing more runs in this process.
        if (!pipeline || pipeline.commands.length !== 1) return loops;
        cmd = pipeline.commands[0];
        continue;
      }
      case 'timed':
      case 'redir':
        continue;
      case 'while':
        if (cmd?.type !== 'while') return loops;
        loops.push(cmd);
        list = f.phase === 'cond' ? cmd.cond : cmd.body;
        continue;
      case 'for':
        if (cmd?.type !== 'for') return loops;
        list = cmd.body;
        continue;
      case 'if':
        if (cmd?.type !== 'if') return loops;
        list = (f.clause < cmd.clauses.length ? (f.phase === 'cond' ? cmd.clauses[f.clause]?.cond : cmd.clauses[f.clause]?.body) : cmd.otherwise) ?? [];
        continue;
      case 'case':
        if (cmd?.type !== 'case') return loops;
        list = cmd.arms[f.arm]?.body ?? [];
        continue;
      case 'subshell':
        if (cmd?.type !== 'subshell') return loops;
        list = cmd.body;
        continue;
      case 'func':
        cmd = f.def.body;
        continue;
      default:
        // The script waits here (a program, a substitution, a pipeline stage).
        return loops;
    }
  }
  return loops;
}

/**
 * A process that will run until something kills it: a shell spinning in an endless loop, or one
 * suspended inside a loop it never leaves, or waiting on a process that runs for ever.
 */
export function runsForever(host: Host, pid: number, depth = 0): boolean {
  const proc = host.proc(pid);
  if (!proc || proc.state === 'Z' || depth > 16) return false;
  // A signal whose trap has yet to run may end it (the trap runs once the current command has).
  if (((proc.data?.['pendingTraps'] ?? []) as string[]).length > 0) return false;
  if (proc.data?.['spinning'] === true || proc.data?.['forever'] === true) return true;
  const script = proc.data?.['script'] as SavedScript | undefined;
  if (!script) return false;
  const shell = proc.data?.['shell'] as Partial<ShellOptions> | undefined;
  const options: ShellOptions = { errexit: shell?.errexit ?? false, functions: shell?.functions ?? {} };
  if (enclosingLoops(script).some((loop) => loopNeverEnds(loop, options))) return true;
  return runsForever(host, script.waiting, depth + 1);
}
