/**
 * nginx's master as something to control: the pid file it writes, the workers it starts, and
 * `nginx -s reload|reopen|stop|quit`, which reads that pid file and signals the master. The master
 * reloads by starting new workers and retiring the old ones gracefully, logging it all as nginx does.
 */
import { dateParts } from '../../core/format.ts';
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import type { ExecContext } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import { serverWrite } from './output.ts';
import { processFs } from './procfs.ts';

/** `2025/06/02 09:00:00`, nginx's error log time. */
export function logTime(ms: number): string {
  const p = dateParts(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}/${pad(p.month)}/${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

export function mainConf(fs: Vfs): string {
  try {
    return fs.readFile('/etc/nginx/nginx.conf');
  } catch {
    return '';
  }
}

/** Whether the error log takes notices (the modern image's `notice`; the 2015 images log `warn`). */
export function logsNotices(conf: string): boolean {
  const level = /\berror_log\s+\S+\s+(\w+)\s*;/.exec(conf)?.[1] ?? 'error';
  return ['notice', 'info', 'debug'].includes(level);
}

export function pidFile(conf: string): string {
  return /^\s*pid\s+([^;\s]+)\s*;/m.exec(conf)?.[1] ?? '/run/nginx.pid';
}

export function nsPidOf(p: Proc): number {
  return p.nsPids?.[p.nsPids.length - 1] ?? p.pid;
}

/** Starts the workers `worker_processes` asks for (`auto`: one per CPU; none given: one). */
export function startWorkers(host: Host, master: number, conf: string): number[] {
  const setting = /^\s*worker_processes\s+(\w+)\s*;/m.exec(conf)?.[1] ?? '1';
  const count = setting === 'auto' ? host.sys.cpus : Math.max(1, Number(setting) || 1);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const worker = host.spawn({ ppid: master, argv: ['nginx:', 'worker', 'process'], prog: 'nginx-worker', uid: 101, gid: 101, data: { comm: 'nginx' } });
    ids.push(nsPidOf(worker));
  }
  return ids;
}

export function workersOf(host: Host, master: Proc): Proc[] {
  return host.procList().filter((p) => p.ppid === master.pid && p.prog === 'nginx-worker');
}

/** The lines of workers leaving and the master collecting them (`graceful`: they finish first). */
export function retireLines(master: Proc, workers: Proc[], graceful: boolean, sigioAfterLast: boolean): string[] {
  const me = nsPidOf(master);
  const ids = workers.map(nsPidOf);
  const lines: string[] = [];
  if (graceful) for (const id of ids) lines.push(`${id}#${id}: gracefully shutting down`);
  for (const step of ['exiting', 'exit']) for (const id of ids) lines.push(`${id}#${id}: ${step}`);
  ids.forEach((id, i) => {
    if (i > 0) lines.push(`${me}#${me}: signal 29 (SIGIO) received`);
    lines.push(`${me}#${me}: signal 17 (SIGCHLD) received from ${id}`, `${me}#${me}: worker process ${id} exited with code 0`);
  });
  if (sigioAfterLast && ids.length > 0) lines.push(`${me}#${me}: signal 29 (SIGIO) received`);
  return lines;
}

export function writeNotices(world: World, host: Host, master: Proc, lines: string[]): void {
  if (master.data?.['nginxNotices'] !== true || lines.length === 0) return;
  const t = logTime(world.clock.now);
  serverWrite(world, host.name, master.pid, 'stderr', lines.map((l) => `${t} [notice] ${l}\n`).join(''));
}

/** ` from N` when the signal came from a process of the master's own pid namespace (`nginx -s`). */
export function takeSender(master: Proc): string {
  const from = master.data?.['nginxSender'];
  if (master.data) delete master.data['nginxSender'];
  return typeof from === 'number' ? ` from ${from}` : '';
}

export const RELOAD_HANDLER = 'nginx/reload';
export const REOPEN_HANDLER = 'nginx/reopen';

GLOBAL_HOOKS.signals[RELOAD_HANDLER] = ({ host, world, proc }) => {
  const me = nsPidOf(proc);
  const old = workersOf(host, proc);
  const conf = mainConf(processFs(host, proc.pid));
  const lines = [`${me}#${me}: signal 1 (SIGHUP) received${takeSender(proc)}, reconfiguring`, `${me}#${me}: reconfiguring`, `${me}#${me}: using the "epoll" event method`, `${me}#${me}: start worker processes`];
  for (const id of startWorkers(host, proc.pid, conf)) lines.push(`${me}#${me}: start worker process ${id}`);
  lines.push(...retireLines(proc, old, true, true));
  for (const w of old) host.reap(w.pid);
  writeNotices(world, host, proc, lines);
  return undefined;
};

GLOBAL_HOOKS.signals[REOPEN_HANDLER] = ({ host, world, proc }) => {
  const me = nsPidOf(proc);
  const lines = [`${me}#${me}: signal 10 (SIGUSR1) received${takeSender(proc)}, reopening logs`, `${me}#${me}: reopening logs`];
  for (const w of workersOf(host, proc)) lines.push(`${nsPidOf(w)}#${nsPidOf(w)}: reopening logs`);
  writeNotices(world, host, proc, lines);
  return undefined;
};

const SIGNALS: Record<string, number> = { stop: 15, quit: 3, reopen: 10, reload: 1 };

/** `nginx -s NAME`: signals the master whose pid the pid file names. */
export function signalMaster(ctx: ExecContext, name: string | undefined): number {
  const signal = name === undefined ? undefined : SIGNALS[name];
  if (name === undefined) {
    ctx.stderr('nginx: option "-s" requires parameter\n');
    return 1;
  }
  if (signal === undefined) {
    ctx.stderr(`nginx: invalid option: "-s ${name}"\n`);
    return 1;
  }
  const fs = processFs(ctx.host, ctx.pid);
  const conf = mainConf(fs);
  const self = ctx.host.proc(ctx.pid);
  const me = self ? nsPidOf(self) : ctx.pid;
  if (logsNotices(conf)) ctx.stderr(`${logTime(ctx.world.clock.now)} [notice] ${me}#${me}: signal process started\n`);
  const path = pidFile(conf);
  let text: string;
  try {
    text = fs.readFile(path);
  } catch {
    ctx.stderr(`${logTime(ctx.world.clock.now)} [error] ${me}#${me}: open() "${path}" failed (2: No such file or directory)\nnginx: [error] open() "${path}" failed (2: No such file or directory)\n`);
    return 1;
  }
  const target = Number(text.trim());
  const pidNs = self ? ctx.host.nsOf(self, 'pid') : undefined;
  const master = ctx.host.procList().find((p) => nsPidOf(p) === target && (pidNs === undefined || ctx.host.nsOf(p, 'pid') === pidNs));
  if (!master) {
    ctx.stderr(`${logTime(ctx.world.clock.now)} [error] ${me}#${me}: kill(${target}, ${signal}) failed (3: No such process)\nnginx: [error] kill(${target}, ${signal}) failed (3: No such process)\n`);
    return 1;
  }
  master.data = { ...master.data, nginxSender: me };
  ctx.host.kill(master.pid, signal, ctx.pid);
  return 0;
}
