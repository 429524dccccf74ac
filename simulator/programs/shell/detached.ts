/**
 * Scripts nobody waits on (a container's `sh -c 'while true; do date; sleep 1; done'`) run on the
 * lab clock as real processes do: when a command they wait on keeps running (`sleep 1` ends on a
 * timer), the script suspends, its position kept in the shell's process (continuation.ts), and
 * carries on when that command ends, writing wherever the shell's output goes (the container log).
 */
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import type { World } from '../../kernel/world.ts';
import { RESUME_SCRIPT, Spin, Suspend, type SavedScript } from './continuation.ts';
import { ExitSignal, Shell, type Fds } from './interpreter.ts';
import { JOB_EXIT } from './jobs.ts';
import { SHELL_TRAP } from './trap.ts';
import { signalName } from '../../kernel/signals.ts';
import type { SessionFrame } from '../../kernel/types.ts';

/** The command ended: the script carries on with its status, until it waits again or ends. */
function resume(world: World, host: Host, shellProc: Proc, saved: SavedScript, status: number, output: string): void {
  const pid = shellProc.pid;
  const shell = new Shell(world, saved.frame);
  shell.detached = true;
  const fds: Fds = {
    in: saved.in,
    out: (t) => host.emit(pid, 'stdout', t),
    err: (t) => host.emit(pid, 'stderr', t),
    outTTY: saved.outTTY,
    errTTY: saved.errTTY,
  };
  let code: number;
  try {
    code = shell.resume(saved.text ?? saved.list ?? [], saved.frames, status, fds, saved.tailExec, output);
  } catch (e) {
    if (e instanceof Suspend) {
      shell.keepContinuation(e, saved, fds);
      return;
    }
    if (e instanceof Spin) {
      shell.spin();
      return;
    }
    // A runaway script (the step limit) ends as the first run of one does.
    code = shell.runaway(e, fds);
  }
  if (shell.stillRunning || !host.proc(pid)) return;
  host.exit(pid, code);
}

GLOBAL_HOOKS.exit[RESUME_SCRIPT] = (world, info) => {
  // A job the script `wait`s on is still a job: its own hook (the report of its end) runs first.
  const then = info.proc.data?.['thenExit'];
  if (typeof then === 'string') world.exitHooks[then]?.(world, info);
  const host = world.host(info.host);
  const shellProc = host.proc(info.proc.ppid);
  const saved = shellProc?.data?.['script'] as SavedScript | undefined;
  if (!shellProc || shellProc.state === 'Z' || !saved || saved.waiting !== info.pid) return;
  delete shellProc.data?.['script'];
  // What a substitution or a pipeline stage wrote is the value the script reads back.
  const output = info.proc.data?.['captured'];
  resume(world, host, shellProc, saved, info.signal !== undefined ? 128 + info.signal : info.exitCode, typeof output === 'string' ? output : '');
};

/**
 * A signal the shell traps (trap.ts). The action runs between commands: a script waiting on a
 * command (`sleep 1`) runs it when that command ends; one in the `wait` builtin stops waiting at
 * once (`wait` returns 128+N) and runs it; a loop spinning on the CPU runs it at once. A shell
 * running right now (a line at the prompt that signalled itself) runs it after its current command.
 */
GLOBAL_HOOKS.signals[SHELL_TRAP] = ({ world, host, proc, signal }) => {
  const data = (proc.data ??= {});
  const pending = (data['pendingTraps'] ??= []) as string[];
  // Signals are not queued: one received twice before its trap runs runs it once.
  const name = signalName(signal);
  if (!pending.includes(name)) pending.push(name);
  const saved = data['script'] as SavedScript | undefined;
  if (saved) {
    const job = host.proc(saved.waiting);
    if (job?.data?.['thenExit'] === JOB_EXIT) {
      job.onExit = JOB_EXIT;
      delete job.data['thenExit'];
      delete data['script'];
      const inner = saved.frames[saved.frames.length - 1];
      if (inner?.t === 'wait') inner.interrupted = true;
      resume(world, host, proc, saved, 128 + signal, '');
    }
    return undefined;
  }
  const frame = data['spinning'] === true ? (data['spinFrame'] as SessionFrame | undefined) : undefined;
  if (!frame) return undefined;
  const shell = new Shell(world, frame);
  shell.detached = true;
  const fds: Fds = { in: { data: '', pos: 0 }, out: (t) => host.emit(proc.pid, 'stdout', t), err: (t) => host.emit(proc.pid, 'stderr', t), outTTY: false, errTTY: false };
  try {
    shell.runPendingTraps(fds);
  } catch (e) {
    if (!(e instanceof ExitSignal)) throw e;
    if (e.message) fds.err(e.message);
    return shell.exitTrap(e.status, fds);
  }
  return undefined;
};
