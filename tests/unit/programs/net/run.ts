/** Runs program models directly (no shell) as processes of a host, capturing their output. */
import type { World } from '../../../../simulator/kernel/world.ts';
import { PROGRAMS } from '../../../../simulator/programs/net/index.ts';
import { PROGRAMS as SERVERS } from '../../../../simulator/programs/servers/index.ts';

export interface Ran {
  out: string;
  err: string;
  code: number;
  pid: number;
}

export interface RunOptions {
  host?: string;
  /** Network namespace of the process (a container's), else the host's. */
  ns?: number;
  stdin?: string;
  isTTY?: boolean;
  env?: Record<string, string>;
}

/** Registers the net and server programs on a world built without a lab. */
export function wirePrograms(world: World): void {
  for (const [name, prog] of Object.entries({ ...PROGRAMS, ...SERVERS })) world.programs[name] ??= prog;
}

/** Spawns a process for `line` and runs its program; servers stay in the process table. */
export function start(world: World, line: string | string[], options: RunOptions = {}): Ran {
  wirePrograms(world);
  const argv = typeof line === 'string' ? line.split(' ') : line;
  const host = world.host(options.host ?? 'localhost');
  const env = { PATH: '/usr/sbin:/usr/bin', ...(options.env ?? {}) };
  const proc = host.spawn({ ppid: 1, argv, prog: argv[0] as string, env, ...(options.ns !== undefined ? { ns: { net: options.ns } } : {}) });
  let out = '';
  let err = '';
  const program = world.programs[argv[0] as string];
  if (!program) throw new Error(`no program ${argv[0]}`);
  const code = program({ argv, env, cwd: '/root', stdin: options.stdin ?? '', stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: options.isTTY ?? true, host, world, pid: proc.pid, session: undefined });
  return { out, err, code, pid: proc.pid };
}

/** Runs a client program to completion: its output and exit status. */
export function run(world: World, line: string | string[], options: RunOptions = {}): Omit<Ran, 'pid'> {
  const r = start(world, line, options);
  world.host(options.host ?? 'localhost').reap(r.pid);
  return { out: r.out, err: r.err, code: r.code };
}
