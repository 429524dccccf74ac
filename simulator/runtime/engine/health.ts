/**
 * Health checks as dockerd runs them: a container whose config has a `Healthcheck` (from the
 * image's HEALTHCHECK or `docker run --health-*`) starts `starting`; every interval (30s unless
 * set; the start interval, 5s, while it is still starting within its start period) the daemon
 * execs the test in it — `CMD-SHELL` through `/bin/sh -c` — keeps the last five results, and a
 * success makes it `healthy`, `retries` failures in a row (3) `unhealthy` (failures in the start
 * period do not count). Each probe is an exec (`exec_create`, `exec_start`, `exec_die` events);
 * a change of status is a `health_status: ...` event. `docker ps` shows it after `Up ...`.
 *
 * Also the HEALTHCHECK instruction's parser and the text Go's `%q` gives its config in history.
 */
import type { Host } from '../../kernel/host.ts';
import { STILL_RUNNING, type ExecContext } from '../../kernel/types.ts';
import type { World } from '../../kernel/world.ts';
import { containerView, resolveInContainer } from './lifecycle.ts';
import { engineState, recordEvent, type ContainerRecord, type EngineState } from './state.ts';
import { daemonTime, subMillisecondNanos } from './timefmt.ts';

/** Durations in nanoseconds, as the API carries them; 0 (absent) means the daemon's default. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

declare module '../hub/catalog.ts' {
  interface ImageConfigSpec {
    Healthcheck?: HealthConfig;
  }
}

export interface HealthResult {
  start: number;
  end: number;
  exitCode: number;
  output: string;
}

export interface HealthState {
  status: 'starting' | 'healthy' | 'unhealthy';
  failingStreak: number;
  log: HealthResult[];
  /** Which monitor is current: a probe scheduled by an older one (before a restart) is dropped. */
  generation: number;
  /** A probe running on the clock: its process, its output so far, and its exit status once it ended. */
  probe?: { pid: number; output: string; exitCode?: number };
}

const SECOND = 1_000_000_000;
const DEFAULT = { interval: 30 * SECOND, timeout: 30 * SECOND, startPeriod: 0, startInterval: 5 * SECOND, retries: 3 };
const MAX_LOG = 5;
const MAX_OUTPUT = 4096;
export const EVENT = 'docker.health';
/** Exit and output hooks of a probe still running after its program returned. */
const PROBE_HOOK = 'docker/health-probe';

function active(config: HealthConfig | undefined): config is HealthConfig & { Test: string[] } {
  const kind = config?.Test?.[0];
  return kind === 'CMD' || kind === 'CMD-SHELL';
}

const ms = (ns: number | undefined, fallback: number): number => Math.round((ns && ns > 0 ? ns : fallback) / 1e6);

/** At start (and each restart): status `starting`, streak 0, the first probe one interval away. */
export function startHealth(world: World, host: Host, c: ContainerRecord): void {
  if (!active(c.config.Healthcheck)) return;
  const generation = (c.health?.generation ?? 0) + 1;
  c.health = { status: 'starting', failingStreak: 0, log: c.health?.log ?? [], generation };
  schedule(world, host, c);
}

function nextInterval(world: World, c: ContainerRecord): number {
  const hc = c.config.Healthcheck ?? {};
  const startPeriod = ms(hc.StartPeriod, DEFAULT.startPeriod);
  if (world.clock.now - c.state.startedAt >= startPeriod) return ms(hc.Interval, DEFAULT.interval);
  return c.health?.status === 'starting' ? ms(hc.StartInterval, DEFAULT.startInterval) : ms(hc.Interval, DEFAULT.interval);
}

function schedule(world: World, host: Host, c: ContainerRecord): void {
  world.queue.after(nextInterval(world, c), EVENT, { host: host.name, id: c.id, generation: c.health?.generation ?? 0 });
}

/** Registers the probe timer's handler (called when the engine's events are wired). */
export function wireHealth(world: World): void {
  world.exitHooks[PROBE_HOOK] = (w, info) => {
    const probe = probeOf(w, info.proc);
    if (probe) probe.exitCode = info.exitCode;
  };
  world.outputHooks[PROBE_HOOK] = (w, proc, _stream, text) => {
    const probe = probeOf(w, proc);
    if (probe) probe.output += text;
  };
  world.queue.on(EVENT, (event) => {
    const { host: hostName, id, generation } = event.data as { host: string; id: string; generation: number };
    const state = engineState(world, hostName);
    const c = state.containers[id];
    if (!c?.health || c.health.generation !== generation) return;
    if (c.state.status === 'paused') return schedule(world, world.host(hostName), c);
    if (c.state.status !== 'running') return;
    probe(world, world.host(hostName), state, c);
    if (c.state.status === 'running' && c.health.generation === generation) schedule(world, world.host(hostName), c);
  });
}

/** A probe's time in the exec: what it takes dockerd to start it, and the command to run. */
function probeCost(c: ContainerRecord, at: number): number {
  return 20 + (subMillisecondNanos(`health\n${c.id}\n${at}`) % 60);
}

function probe(world: World, host: Host, state: EngineState, c: ContainerRecord): void {
  const hc = c.config.Healthcheck as HealthConfig & { Test: string[] };
  const cmd = hc.Test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', ...hc.Test.slice(1)] : hc.Test.slice(1);
  const start = world.clock.now;
  const execId = world.rng.hex(64);
  const attrs = { execID: execId, image: c.image, name: c.name.slice(1) };
  const text = `${cmd[0] ?? ''} ${cmd.slice(1).join(' ')}`;
  recordEvent(world, state, 'container', `exec_create: ${text}`, c.id, attrs);
  recordEvent(world, state, 'container', `exec_start: ${text}`, c.id, attrs);
  const run = runProbe(world, host, c, cmd);
  const h = c.health as HealthState;
  const timeoutNs = hc.Timeout && hc.Timeout > 0 ? hc.Timeout : DEFAULT.timeout;
  let { code, output } = run;
  if (run.pid !== undefined) {
    // A probe still at work runs on the clock until it ends or its timeout runs out.
    const deadline = start + Math.round(timeoutNs / 1e6);
    for (let i = 0; i < 100_000 && h.probe?.exitCode === undefined; i++) {
      const next = world.queue.peek();
      if (!next || next.at > deadline) break;
      world.advance(next.at - world.clock.now);
    }
    const ended = h.probe;
    delete h.probe;
    if (ended?.exitCode !== undefined) {
      code = ended.exitCode;
      output = ended.output;
    } else {
      // dockerd records the failure at the timeout, then kills the exec (SIGKILL: it dies 137).
      world.advance(deadline - world.clock.now);
      record(world, state, c, { start, end: world.clock.now, exitCode: -1, output: `Health check exceeded timeout (${goDuration(timeoutNs)})` });
      if (host.proc(run.pid)) host.exit(run.pid, 137, { signal: 9 });
      recordEvent(world, state, 'container', 'exec_die', c.id, { execID: execId, exitCode: '137', image: c.image, name: c.name.slice(1) });
      return;
    }
  }
  world.advance(Math.max(0, start + probeCost(c, start) - world.clock.now));
  // Only a process that ran dies; an exec that could not start has no exec_die.
  if (run.started) recordEvent(world, state, 'container', 'exec_die', c.id, { execID: execId, exitCode: String(code), image: c.image, name: c.name.slice(1) });
  record(world, state, c, { start, end: world.clock.now, exitCode: code, output: output.slice(0, MAX_OUTPUT) });
}

/**
 * Runs the test in the container as an exec would (its env, user and working directory). Nobody
 * waits on the call: a command that blocks (`sleep 10`) keeps running on the clock, and `pid` says
 * so; its end and later output reach `health.probe` through the hooks below.
 */
function runProbe(world: World, host: Host, c: ContainerRecord, cmd: string[]): { code: number; output: string; started: boolean; pid?: number } {
  const init = host.proc(c.state.pid);
  const env: Record<string, string> = { ...(init?.env ?? {}) };
  const cwd = c.config.WorkingDir || '/';
  const found = resolveInContainer(host.fsFor(c.state.pid), cmd[0] ?? '', env, cwd);
  // An exec that cannot start is a probe error: exit code -1 and the error as the output.
  if ('error' in found) return { code: -1, output: `OCI runtime exec failed: exec failed: unable to start container process: ${found.error}: unknown`, started: false };
  // A script runs under its `#!` interpreter when the resolver says so.
  const head = (found as { argv?: string[] }).argv;
  const argv = head ? [...head, ...cmd.slice(1)] : cmd;
  const proc = host.spawn({ ppid: init?.ppid ?? 1, argv, prog: found.prog, state: 'R', ns: { ...(init?.ns ?? {}) }, cgroup: `/docker/${c.id}`, cwd, env, tty: '?' });
  let output = '';
  const ctx: ExecContext = { argv, env, cwd, stdin: '', stdout: (t) => (output += t), stderr: (t) => (output += t), isTTY: false, host: containerView(host, proc.pid), world, pid: proc.pid, session: undefined, detached: true };
  let code: number;
  try {
    const program = world.programs[found.prog];
    code = program ? program(ctx) : 0;
  } catch {
    code = 1;
  }
  const running = host.proc(proc.pid);
  if (code === STILL_RUNNING && running && running.state !== 'Z') {
    (c.health as HealthState).probe = { pid: proc.pid, output };
    running.onExit = PROBE_HOOK;
    running.onOutput = PROBE_HOOK;
    running.data = { ...(running.data ?? {}), healthOf: c.id, healthHost: host.name };
    return { code, output, started: true, pid: proc.pid };
  }
  if (running) host.reap(proc.pid);
  return { code, output, started: true };
}

/** The probe under way of the container a probe process belongs to. */
function probeOf(world: World, proc: { pid: number; data?: Record<string, unknown> }): NonNullable<HealthState['probe']> | undefined {
  const id = proc.data?.['healthOf'];
  const hostName = proc.data?.['healthHost'];
  const probe = typeof id === 'string' && typeof hostName === 'string' ? engineState(world, hostName).containers[id]?.health?.probe : undefined;
  return probe?.pid === proc.pid ? probe : undefined;
}

/** The daemon's bookkeeping of one result (moby's handleProbeResult). */
function record(world: World, state: EngineState, c: ContainerRecord, result: HealthResult): void {
  const h = c.health as HealthState;
  const before = h.status;
  h.log = [...h.log, result].slice(-MAX_LOG);
  if (result.exitCode === 0) {
    h.failingStreak = 0;
    h.status = 'healthy';
  } else {
    const hc = c.config.Healthcheck ?? {};
    const inStartPeriod = h.status === 'starting' && result.start - c.state.startedAt < ms(hc.StartPeriod, DEFAULT.startPeriod);
    if (!inStartPeriod) {
      h.failingStreak++;
      if (h.failingStreak >= (hc.Retries && hc.Retries > 0 ? hc.Retries : DEFAULT.retries)) h.status = 'unhealthy';
    }
  }
  if (h.status !== before) recordEvent(world, state, 'container', `health_status: ${h.status}`, c.id, { image: c.image, name: c.name.slice(1) });
}

/** `State.Health` of inspect. */
export function healthJson(c: ContainerRecord): Record<string, unknown> | undefined {
  const h = c.health;
  if (!h) return undefined;
  return {
    Status: h.status,
    FailingStreak: h.failingStreak,
    Log: h.log.map((r) => ({ Start: daemonTime(r.start, `${c.id}/health-start`), End: daemonTime(r.end, `${c.id}/health-end`), ExitCode: r.exitCode, Output: r.output })),
  };
}

/** What `docker ps` adds after `Up ...`. */
export function healthSuffix(c: ContainerRecord): string {
  if (!c.health) return '';
  return c.health.status === 'starting' ? ' (health: starting)' : ` (${c.health.status})`;
}

/** Go's time.Duration String(): `30s`, `1m30s`, `500ms`, `1h0m0s`, `0s`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < SECOND) {
    const [unit, size] = n < 1000 ? ['ns', 1] : n < 1e6 ? ['µs', 1000] : ['ms', 1e6];
    return `${sign}${trimFraction(n / (size as number))}${unit}`;
  }
  const h = Math.floor(n / (3600 * SECOND));
  n -= h * 3600 * SECOND;
  const m = Math.floor(n / (60 * SECOND));
  n -= m * 60 * SECOND;
  const s = `${trimFraction(n / SECOND)}s`;
  return sign + (h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s);
}

function trimFraction(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(9).replace(/0+$/, '');
}

/** Go's strconv.QuoteRune, as `%q` prints an int: `'\x03'`, `'A'`. */
function quoteRune(n: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (named[n] !== undefined) return `'${named[n]}'`;
  if (n < 0x20 || n === 0x7f) return `'\\x${n.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCodePoint(n)}'`;
}

/** `%q` of the config, as both builders write it into history: `&{["CMD-SHELL" "..."] "5s" ... '\x03'}`. */
export function healthcheckHistory(hc: HealthConfig): string {
  const test = (hc.Test ?? []).map((t) => JSON.stringify(t)).join(' ');
  const d = (ns: number | undefined): string => `"${goDuration(ns ?? 0)}"`;
  return `&{[${test}] ${d(hc.Interval)} ${d(hc.Timeout)} ${d(hc.StartPeriod)} ${d(hc.StartInterval)} ${quoteRune(hc.Retries ?? 0)}}`;
}

/** Go's time.ParseDuration, in nanoseconds; undefined when it is not a duration. */
function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!/^((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (unit[part[2] as string] as number);
  return Math.round(total);
}

/**
 * `HEALTHCHECK [--interval=D --timeout=D --start-period=D --start-interval=D --retries=N] CMD ...`
 * or `HEALTHCHECK NONE`: the config, or the builder's error text.
 */
export function parseHealthcheck(args: string): HealthConfig | string {
  let rest = args.trim();
  const flags: Record<string, string> = {};
  for (let m = /^--([a-z-]+)=(\S*)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S*)\s*/.exec(rest)) {
    flags[m[1] as string] = m[2] as string;
    rest = rest.slice(m[0].length);
  }
  const known = ['interval', 'timeout', 'start-period', 'start-interval', 'retries'];
  for (const k of Object.keys(flags)) if (!known.includes(k)) return `Unknown flag: ${k}`;
  const word = /^(\S+)\s*/.exec(rest);
  const kind = (word?.[1] ?? '').toUpperCase();
  const cmd = rest.slice(word?.[0].length ?? 0).trim();
  if (kind === 'NONE') {
    if (cmd !== '' || Object.keys(flags).length) return 'HEALTHCHECK NONE takes no arguments';
    return { Test: ['NONE'] };
  }
  if (kind !== 'CMD') return `Unknown type "${kind}" in HEALTHCHECK (try CMD)`;
  if (cmd === '') return 'Missing command after HEALTHCHECK CMD';
  let test: string[] = ['CMD-SHELL', cmd];
  if (cmd.startsWith('[')) {
    try {
      const list = JSON.parse(cmd) as unknown;
      if (Array.isArray(list) && list.every((x) => typeof x === 'string')) test = ['CMD', ...(list as string[])];
    } catch {
      // Shell form.
    }
  }
  const out: HealthConfig = { Test: test };
  const durations: [string, keyof HealthConfig][] = [['interval', 'Interval'], ['timeout', 'Timeout'], ['start-period', 'StartPeriod'], ['start-interval', 'StartInterval']];
  for (const [flag, key] of durations) {
    if (flags[flag] === undefined) continue;
    const ns = parseGoDuration(flags[flag] as string);
    if (ns === undefined) return `time: invalid duration ${JSON.stringify(flags[flag])}`;
    if (ns !== 0 && ns < 1e6) return `Interval "${flag}" cannot be less than 1ms`;
    if (ns) (out as Record<string, unknown>)[key] = ns;
  }
  if (flags['retries'] !== undefined) {
    const n = Number(flags['retries']);
    if (!/^-?\d+$/.test(flags['retries'] as string)) return `strconv.ParseInt: parsing ${JSON.stringify(flags['retries'])}: invalid syntax`;
    if (n < 0) return '--retries cannot be negative';
    if (n) out.Retries = n;
  }
  return out;
}

/** The config as the API's JSON has it: empty fields left out. */
export function healthConfigJson(hc: HealthConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['Test', 'Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) if (hc[k] !== undefined && hc[k] !== 0) out[k] = hc[k];
  return out;
}
