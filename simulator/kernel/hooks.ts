/**
 * Behaviour registered by name at module load (program models register theirs when imported), so
 * a restored snapshot whose processes name a hook finds it without any lab wiring. A world starts
 * with these and layers may add their own per world (`world.exitHooks.docker = …`).
 */
import type { ExitHook, SignalHandler, TimerHook, WorkDoneHook, OutputHook } from './world.ts';

/** Queue event kind of process timers (`host.setTimer`). */
export const TIMER_EVENT = 'kernel/timer';

/**
 * Timer hook that ends the process with `data.code` (a detached `sleep` when its time is up). A
 * frozen process (docker pause) ends when it is thawed instead: the wait is over by then.
 */
export const TIMED_EXIT = 'kernel/timed-exit';

export interface TimedExit {
  code: number;
}

/** A foreground command that only ends on Ctrl+C (`sleep infinity`): a stream that prints nothing (world.ts). */
export const FOREVER_STREAM = 'kernel/forever';

export const GLOBAL_HOOKS = {
  exit: {} as Record<string, ExitHook>,
  signals: {} as Record<string, SignalHandler>,
  workDone: {} as Record<string, WorkDoneHook>,
  timers: {
    [TIMED_EXIT]: (host, proc, data) => {
      const code = (data as TimedExit | null)?.code ?? 0;
      if (proc.state === 'D' || proc.state === 'T') (proc.data ??= {})['timedExit'] = code;
      else host.exit(proc.pid, code);
    },
  } as Record<string, TimerHook>,
  output: {} as Record<string, OutputHook>,
};

/**
 * Programs that collect every child that exits (wait(2) in a SIGCHLD handler or loop): shells,
 * servers that manage workers, inits such as docker-init. A PID namespace's init running any other
 * program never waits, so the orphans it adopts stay zombies (see `Host.exit`).
 */
const REAPERS = new Set<string>();

export function registerReaper(prog: string): void {
  REAPERS.add(prog);
}

export function isReaper(prog: string): boolean {
  return REAPERS.has(prog);
}
