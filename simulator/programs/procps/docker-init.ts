/**
 * docker-init (tini 0.19.0), the init `docker run --init` puts in front of a container's command:
 * `docker-init -- PROGRAM ARGS` runs the program as its child, forwards the signals it gets to it,
 * collects every process that exits below it (orphans included, so no zombies pile up) and exits
 * with the program's status (128 + N when a signal N ended it). A program it cannot run is
 * reported as tini does (`[FATAL tini (7)] exec x failed: No such file or directory`, 127).
 */
import type { Host } from '../../kernel/host.ts';
import { GLOBAL_HOOKS, registerReaper } from '../../kernel/hooks.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import { STILL_RUNNING, type Program } from '../../kernel/types.ts';
import { parseDuration } from '../coreutils/sleep.ts';

registerReaper('docker-init');

/** Signals tini passes on to its child rather than acting on them itself. */
const FORWARDED = ['HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'TERM', 'WINCH', 'CONT', 'TSTP', 'TTIN', 'TTOU', 'ALRM'];

/** The init the child belongs to. */
function initOf(host: Host, child: Proc): Proc | undefined {
  const init = host.proc(child.ppid);
  return init?.prog === 'docker-init' ? init : undefined;
}

GLOBAL_HOOKS.signals['procps/docker-init-forward'] = ({ host, proc, signal }) => {
  const child = proc.data?.['child'];
  if (typeof child === 'number') host.kill(child, signal);
  return undefined;
};

GLOBAL_HOOKS.exit['procps/docker-init-child'] = (world, info) => {
  const host = world.host(info.host);
  const init = host.proc(info.proc.ppid);
  if (init?.prog === 'docker-init') host.exit(init.pid, info.signal !== undefined ? 128 + info.signal : info.exitCode);
};

GLOBAL_HOOKS.timers['procps/docker-init-sleep'] = (host, proc) => {
  if (initOf(host, proc)) host.exit(proc.pid, 0);
};

export const dockerInit: Program = (ctx) => {
  const host = ctx.host;
  const args = ctx.argv.slice(1);
  const command = args[0] === '--' ? args.slice(1) : args;
  if (command.length === 0) {
    ctx.stderr('podbook: docker-init without a program to run is not simulated\n');
    return 1;
  }
  const self = host.proc(ctx.pid);
  const found = host.findExecutable(command[0] as string, ctx.env['PATH'] ?? DEFAULT_PATH, ctx.cwd);
  const child = host.spawn({ ppid: ctx.pid, argv: command, prog: 'error' in found ? 'docker-init' : found.prog, state: 'S', env: ctx.env, cwd: ctx.cwd, ...(self?.onOutput ? { onOutput: self.onOutput } : {}) });
  const nsPid = child.nsPids?.[child.nsPids.length - 1] ?? child.pid;
  if ('error' in found) {
    ctx.stderr(`[FATAL tini (${nsPid})] exec ${command[0]} failed: ${found.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
    const status = found.error === 'ENOENT' ? 127 : 126;
    host.exit(child.pid, status);
    return status;
  }
  if (self) {
    self.data = { ...(self.data ?? {}), child: child.pid };
    self.signals = { ...(self.signals ?? {}), ...Object.fromEntries(FORWARDED.map((s) => [s, 'procps/docker-init-forward'])) };
  }
  child.onExit = 'procps/docker-init-child';
  // `sleep N` under the init: a process that waits on the clock rather than holding up the caller.
  if (found.prog === 'sleep') {
    const ms = command.slice(1).reduce<number | null>((sum, a) => (sum === null ? null : a === 'infinity' ? Infinity : (parseDuration(a) ?? NaN) + sum), 0);
    if (ms !== null && !Number.isNaN(ms)) {
      if (Number.isFinite(ms)) host.setTimer(child.pid, Math.round(ms), 'procps/docker-init-sleep');
      return STILL_RUNNING;
    }
  }
  const program = ctx.world.programs[found.prog];
  if (!program) {
    ctx.stderr(`podbook: '${command[0]}' is not simulated\n`);
    delete child.onExit;
    host.exit(child.pid, 1);
    return 1;
  }
  const status = program({ ...ctx, argv: command, pid: child.pid });
  if (status === STILL_RUNNING) return STILL_RUNNING;
  delete child.onExit;
  if (host.proc(child.pid)) host.exit(child.pid, status);
  return status;
};
