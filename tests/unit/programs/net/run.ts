/** Runs one program model directly (no shell) as a process of a host, capturing its output. */
import type { World } from '../../../../simulator/kernel/world.ts';
import { PROGRAMS } from '../../../../simulator/programs/net/index.ts';
import { PROGRAMS as SERVERS } from '../../../../simulator/programs/servers/index.ts';

export interface Ran {
  out: string;
  err: string;
  code: number;
}

/** `ns` puts the process in that network namespace (a container), else the host's. */
export function run(world: World, line: string | string[], options: { host?: string; ns?: number; stdin?: string; isTTY?: boolean } = {}): Ran {
  const argv = typeof line === 'string' ? line.split(' ') : line;
  const hostName = options.host ?? 'localhost';
  for (const [name, prog] of Object.entries({ ...PROGRAMS, ...SERVERS })) world.programs[name] ??= prog;
  const host = world.host(hostName);
  const proc = host.spawn({ ppid: 1, argv, prog: argv[0] as string, ...(options.ns !== undefined ? { ns: { net: options.ns } } : {}) });
  let out = '';
  let err = '';
  const program = PROGRAMS[argv[0] as string] ?? SERVERS[argv[0] as string];
  if (!program) throw new Error(`no program ${argv[0]}`);
  const code = program({ argv, env: { PATH: '/usr/sbin:/usr/bin' }, cwd: '/root', stdin: options.stdin ?? '', stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: options.isTTY ?? true, host, world, pid: proc.pid, session: undefined });
  return { out, err, code };
}
