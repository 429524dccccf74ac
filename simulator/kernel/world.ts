/**
 * The world: every host of a lab plus the shared clock, random source and event queue. All of it is
 * plain data in `WorldState`, so `JSON.stringify(world.state)` is a complete snapshot; behaviour
 * (programs, services, event handlers) is registered by the lab when the world is built or restored.
 */
import { Clock, type ClockState } from '../core/clock.ts';
import { EventQueue, type QueueState } from '../core/queue.ts';
import { Rng, type RngState } from '../core/rng.ts';
import { Host, type HostState } from './host.ts';
import type { HttpService } from './http.ts';
import type { Program, SessionStream, StreamStep } from './types.ts';
import type { ExitInfo, Proc } from './process.ts';
import { onSchedEvent, SCHED_EVENT, FOREGROUND_DONE } from './sched.ts';
import { FOREVER_STREAM, GLOBAL_HOOKS, TIMER_EVENT } from './hooks.ts';
import { IO_EVENT, onIoEvent } from './blkio.ts';

/** Told when a process with `onExit: name` exits (e.g. the engine learning a container's init died). */
export type ExitHook = (world: World, info: ExitInfo) => void;

/**
 * A signal handler a program installed (`proc.signals[SIG] = name`): returns an exit status to
 * make the process exit with it, or undefined to keep running (e.g. nginx reloading on HUP).
 */
export type SignalHandler = (ctx: { host: Host; world: World; proc: Proc; signal: number }) => number | undefined;

/** Runs when a process's background CPU work (`host.startWork`) is done. */
export type WorkDoneHook = (host: Host, proc: Proc) => void;

/** Runs when a timer a process set (`host.setTimer`) fires while it is still alive. */
export type TimerHook = (host: Host, proc: Proc, data: unknown) => void;

/** Receives what a running process writes after its program returned (`host.emit`), e.g. into container logs. */
export type OutputHook = (world: World, proc: Proc, stream: 'stdout' | 'stderr', text: string) => void;

export const WORLD_FORMAT = 1;

export interface WorldState {
  format: typeof WORLD_FORMAT;
  lab: string;
  seed: number;
  clock: ClockState;
  rng: RngState;
  queue: QueueState;
  hosts: Record<string, HostState>;
  /** State owned by layers above the kernel, by key (`docker/localhost`, `hub`, `kube`). */
  ext: Record<string, unknown>;
}

export class World {
  readonly state: WorldState;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly queue: EventQueue;
  /** Program models by name: what an executable with `prog: name` runs. */
  readonly programs: Record<string, Program> = {};
  /** HTTP services by name: what a listener bound to that name answers. */
  readonly services: Record<string, HttpService> = {};
  // Each table inherits the global one rather than copying it: a program model loaded after the
  // world was made (a lazily loaded part of the sandbox) registers its hooks there and is found.
  /** Exit hooks by name (see `Proc.onExit`). */
  readonly exitHooks: Record<string, ExitHook> = Object.create(GLOBAL_HOOKS.exit) as Record<string, ExitHook>;
  /** Signal handlers by name (see `Proc.signals`). */
  readonly signalHandlers: Record<string, SignalHandler> = Object.create(GLOBAL_HOOKS.signals) as Record<string, SignalHandler>;
  /** Hooks for finished CPU work by name (see `Proc.work`). */
  readonly workDone: Record<string, WorkDoneHook> = Object.create(GLOBAL_HOOKS.workDone) as Record<string, WorkDoneHook>;
  /** Timer hooks by name (see `host.setTimer`). */
  readonly timerHooks: Record<string, TimerHook> = Object.create(GLOBAL_HOOKS.timers) as Record<string, TimerHook>;
  /** Output sinks by name (see `Proc.onOutput`). */
  readonly outputHooks: Record<string, OutputHook> = Object.create(GLOBAL_HOOKS.output) as Record<string, OutputHook>;
  /** Foreground streams by kind (see `Session.stream`): asked on each tick, or told to stop (Ctrl+C). */
  readonly streams: Record<string, (world: World, stream: SessionStream, action: 'tick' | 'interrupt') => StreamStep> = {};
  private readonly hostViews: Record<string, Host> = {};

  constructor(state: WorldState) {
    this.state = state;
    this.clock = new Clock(state.clock);
    this.rng = new Rng(state.rng);
    this.queue = new EventQueue(state.queue, this.clock);
    this.queue.on(SCHED_EVENT, (event) => onSchedEvent(this.host((event.data as { host: string }).host)));
    this.queue.on(IO_EVENT, (event) => onIoEvent(this.host((event.data as { host: string }).host)));
    this.workDone[FOREGROUND_DONE] = () => undefined;
    this.streams[FOREVER_STREAM] = () => ({ output: '' });
    this.queue.on(TIMER_EVENT, (event) => {
      const d = event.data as { host: string; pid: number; hook: string; data: unknown };
      const host = this.host(d.host);
      const proc = host.proc(d.pid);
      const hook = this.timerHooks[d.hook];
      if (proc && hook) hook(host, proc, d.data);
    });
  }

  host(name: string): Host {
    const cached = this.hostViews[name];
    if (cached) return cached;
    const state = this.state.hosts[name];
    if (!state) throw new Error(`no host named ${name}`);
    return (this.hostViews[name] = new Host(state, this));
  }

  hostNames(): string[] {
    return Object.keys(this.state.hosts);
  }

  /** The host whose process table holds `proc` (output and exit hooks are told the process only). */
  hostNameOf(proc: Proc): string | undefined {
    return this.hostNames().find((h) => this.state.hosts[h]?.procs.procs[proc.pid] === proc);
  }

  /** Per-layer state, created on first use. */
  ext<T>(key: string, init: () => T): T {
    if (!(key in this.state.ext)) this.state.ext[key] = init();
    return this.state.ext[key] as T;
  }

  /** Advances virtual time, running due events (container exits, probe timers, controllers). */
  advance(ms: number): void {
    this.queue.runUntil(this.clock.now + Math.max(0, ms));
  }
}
