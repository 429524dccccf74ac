/**
 * What the procps and util-linux models share: the processes a caller can see (its PID namespace,
 * pids as numbered there), user names, and the time and size formats these tools print.
 */
import type { ExecContext } from '../../kernel/types.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import { INITIAL_NS } from '../../kernel/namespaces.ts';
import { dateParts, MONTHS } from '../../core/format.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';
import { STILL_RUNNING } from '../../kernel/types.ts';
import type { NsType } from '../../kernel/namespaces.ts';
import { commOf, DEFUNCT } from '../../kernel/proc-info.ts';

export interface Row {
  proc: Proc;
  pid: number;
  ppid: number;
}

/** The caller's PID namespace. */
export function pidNsOf(ctx: ExecContext): number {
  const me = ctx.host.proc(ctx.pid);
  return me ? ctx.host.nsOf(me, 'pid') : INITIAL_NS.pid;
}

/** Processes the caller sees, by pid in its namespace (the caller included). */
export function visible(ctx: ExecContext): Row[] {
  ctx.host.settle();
  return ctx.host.visibleProcs(pidNsOf(ctx));
}

/** uid -> user name from the caller's /etc/passwd (numbers when unknown). */
export function userNames(ctx: ExecContext): Record<number, string> {
  const names: Record<number, string> = {};
  let text: string;
  try {
    text = ctx.host.fsFor(ctx.pid).readFile('/etc/passwd');
  } catch {
    return names;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && /^\d+$/.test(f[2] as string) && !(Number(f[2]) in names)) names[Number(f[2])] = f[0];
  }
  return names;
}

export function userOf(names: Record<number, string>, uid: number): string {
  return names[uid] ?? String(uid);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** CPU time as `ps -ef` shows it: `HH:MM:SS`, with `D-` in front past a day. */
export function cpuHms(ms: number): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const hms = `${pad2(Math.floor((s % 86400) / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/** CPU time as BSD-style ps shows it: `M:SS`. */
export function cpuMss(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${pad2(s % 60)}`;
}

/** top's TIME+: `M:SS.hh`. */
export function cpuTimePlus(ms: number): string {
  const cs = Math.floor(ms / 10);
  const s = Math.floor(cs / 100);
  return `${Math.floor(s / 60)}:${pad2(s % 60)}.${pad2(cs % 100)}`;
}

/** ps START/STIME: `HH:MM` today, `MonDD` this year, else the year. */
export function startTime(start: number, now: number): string {
  const a = dateParts(start);
  const b = dateParts(now);
  if (a.year === b.year && a.month === b.month && a.day === b.day) return `${pad2(a.hour)}:${pad2(a.minute)}`;
  if (a.year === b.year) return `${MONTHS[a.month - 1]}${pad2(a.day)}`;
  return String(a.year);
}

/** procps' percentage: tenths truncated, `%u.%u` below 100, whole numbers above. */
export function tenths(value: number): string {
  const t = Math.floor(value * 10);
  return t > 999 ? String(Math.floor(t / 10)) : `${Math.floor(t / 10)}.${t % 10}`;
}

/** The full command line, or `[comm]` for processes without one (kernel threads). */
export function argsOf(proc: Proc): string {
  // A zombie's command line is gone with its memory: procps shows the name in brackets.
  if (proc.state === 'Z') return `[${commOf(proc)}]${DEFUNCT}`;
  return proc.argv.length > 0 ? proc.argv.join(' ') : `[${proc.prog}]`;
}

/**
 * Runs a command as a child of the caller, optionally in other namespaces, another root or as
 * another user; an interactive shell (no arguments, on a terminal session) becomes the session's
 * new shell frame instead, as `nsenter … bash` or `chroot /x` leave the reader typing inside.
 */
export function runCommand(
  ctx: ExecContext,
  tool: string,
  argv: string[],
  options: { ns?: Partial<Record<NsType, number>>; root?: string; cwd?: string; notFound?: (name: string) => string } = {},
): number {
  const host: Host = ctx.host;
  const child = host.spawn({ ppid: ctx.pid, argv, prog: 'bash', state: 'R', cwd: options.cwd ?? ctx.cwd, env: ctx.env, ...(options.ns ? { ns: options.ns } : {}), ...(options.root ? { root: options.root } : {}) });
  const fs = host.fsFor(child.pid);
  const found = host.findExecutable(argv[0] as string, ctx.env['PATH'] ?? DEFAULT_PATH, child.cwd, fs);
  if ('error' in found) {
    host.reap(child.pid);
    ctx.stderr(options.notFound ? options.notFound(argv[0] as string) : `${tool}: failed to execute ${argv[0]}: ${found.error === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
    return found.error === 'ENOENT' ? 127 : 126;
  }
  child.prog = found.prog;
  const program = ctx.world.programs[found.prog];
  if (!program) {
    host.reap(child.pid);
    ctx.stderr(`podbook: '${argv[0]}' is not simulated\n`);
    return 1;
  }
  const shellLike = found.prog === 'bash' || found.prog === 'sh';
  if (shellLike && argv.length === 1 && ctx.session && ctx.isTTY) {
    child.state = 'S';
    ctx.session.frames.push({ host: host.name, pid: child.pid, kind: 'exec', vars: {}, history: [] });
    return 0;
  }
  // Programs that read files through `host.fs` see the child's mounts, root and user.
  const view = Object.create(host, { fs: { value: fs, enumerable: true } }) as Host;
  let status: number;
  try {
    status = program({ ...ctx, argv, cwd: child.cwd, pid: child.pid, host: view });
  } catch (e) {
    host.reap(child.pid);
    throw e;
  }
  if (status === STILL_RUNNING) return 0;
  host.reap(child.pid);
  return status;
}

/** Parses a number the way strtol-based tools accept it (decimal only). */
export function parseIntArg(text: string): number | undefined {
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}
