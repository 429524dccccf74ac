/**
 * `GET /containers/{id}/top` as dockerd answers it: it runs the host's `ps` with the client's
 * options (`-ef` by default) plus `-q` and the container's pids, and keeps the rows whose PID
 * column names one of them. So the columns, user names (the host's passwd), host pids, start
 * times and CPU times are what `ps` on the host prints, and a bad option fails as ps fails.
 */
import type { Host } from '../../kernel/host.ts';
import type { World } from '../../kernel/world.ts';
import type { HttpResponse } from '../../kernel/http.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';
import { conflict, json, serverError } from './reply.ts';
import { recordEvent, type ContainerRecord, type EngineState } from './state.ts';

/**
 * A column renamed to something starting with PID would fool the row filter: the daemon refuses
 * it, before it even looks the container up.
 */
export function psArgsError(psArgs: string): string | undefined {
  for (const m of psArgs.matchAll(/[\t\n\f\r ]+([^\t\n\f\r ]*)=[\t\n\f\r ]*(PID[^\t\n\f\r ]*)/g)) {
    if (m[1] !== 'pid') return `specifying "${m[1]}=${m[2]}" is not allowed`;
  }
  return undefined;
}

/** Splits on ASCII white space only, as the daemon does. */
function fields(line: string): string[] {
  return line.split(/[\t\n\f\r ]+/).filter((f) => f !== '');
}

/** Host pids of every process in the container's cgroup (what runc lists for the task). */
function containerPids(host: Host, c: ContainerRecord): number[] {
  const cgroup = `/docker/${c.id}`;
  return host
    .procList()
    .filter((p) => p.state !== 'Z' && Object.values(p.cgroups).some((path) => path === cgroup || path.startsWith(cgroup + '/')))
    .map((p) => p.pid);
}

/** Runs ps on the host as a child of dockerd; its stdout, or the first line of its stderr on failure. */
function runPs(world: World, host: Host, args: string[]): { ok: true; out: string } | { ok: false; error: string } {
  const program = world.programs['ps'];
  const dockerd = host.procList().find((p) => p.prog === 'dockerd')?.pid ?? 1;
  const proc = host.spawn({ ppid: dockerd, argv: ['ps', ...args], prog: 'ps', state: 'R', tty: '?', cwd: '/', env: { PATH: DEFAULT_PATH } });
  let out = '';
  let err = '';
  let code: number;
  try {
    code = program ? program({ argv: ['ps', ...args], env: { PATH: DEFAULT_PATH }, cwd: '/', stdin: '', stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, host, world, pid: proc.pid, session: undefined }) : 127;
  } finally {
    host.reap(proc.pid);
  }
  if (code === 0) return { ok: true, out };
  const first = err.split('\n')[0] ?? '';
  return { ok: false, error: first !== '' ? first : `exit status ${code}` };
}

export function topRoute(world: World, host: Host, state: EngineState, c: ContainerRecord, psArgsParam: string | undefined): HttpResponse {
  const psArgs = psArgsParam || '-ef';
  const invalid = psArgsError(psArgs);
  if (invalid) return serverError(invalid);
  if (c.state.status === 'restarting') return conflict(`Container ${c.id} is restarting, wait until the container is running`);
  if (c.state.status !== 'running' && c.state.status !== 'paused') return conflict(`container ${c.id} is not running`);
  const pids = containerPids(host, c);
  const args = psArgs.split(' ');
  // Some options (a forest) do not go with -q: the daemon then lists everything and filters.
  let ran = runPs(world, host, [...args, `-q${pids.join(',')}`]);
  if (!ran.ok) ran = runPs(world, host, args);
  if (!ran.ok) return serverError(`ps: ${ran.error}`);
  const lines = ran.out.split('\n');
  const titles = fields(lines[0] ?? '');
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) return serverError("Couldn't find PID field in ps output");
  const processes: string[][] = [];
  let lastKept = false;
  const keep = (f: string[]): void => {
    processes.push([...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')]);
  };
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const f = fields(line);
    const text = f[pidIndex] ?? '';
    // Thread rows (`-L`, `m`) carry `-` for the PID: they belong with the process row above.
    if (text === '-') {
      if (lastKept) keep(f);
      continue;
    }
    if (!/^[+-]?\d+$/.test(text)) return serverError(`Unexpected pid '${text}': strconv.Atoi: parsing "${text}": invalid syntax`);
    lastKept = pids.includes(Number(text));
    if (lastKept) keep(f);
  }
  recordEvent(world, state, 'container', 'top', c.id, { image: c.image, name: c.name.slice(1) });
  return json(200, { Processes: processes.length > 0 ? processes : null, Titles: titles });
}
