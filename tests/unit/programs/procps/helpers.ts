import { createLab, type Lab } from '../../../../simulator/index.ts';
import type { Host } from '../../../../simulator/kernel/host.ts';
import type { ExecContext } from '../../../../simulator/kernel/types.ts';
import { PROGRAMS } from '../../../../simulator/programs/procps/index.ts';

export function lab(): { lab: Lab; host: Host } {
  const l = createLab('docker');
  return { lab: l, host: l.world.host('localhost') };
}

/** Runs a procps program as a child of `parent` (a process in some cgroup/namespace), capturing output. */
export function runAs(host: Host, parent: number, argv: string[], session = false): { out: string; err: string; code: number; pid: number } {
  const child = host.spawn({ ppid: parent, argv, prog: argv[0] as string, state: 'R' });
  let out = '';
  let err = '';
  const ctx: ExecContext = {
    argv,
    env: { PATH: '/usr/sbin:/usr/bin', SHELL: '/bin/bash' },
    cwd: '/',
    stdin: '',
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: false,
    host,
    world: host.world,
    pid: child.pid,
    session: session ? { id: 't', frames: [] } : undefined,
  };
  const code = (PROGRAMS[argv[0] as string] as (c: ExecContext) => number)(ctx);
  if (code !== -1) host.reap(child.pid);
  return { out, err, code, pid: child.pid };
}
