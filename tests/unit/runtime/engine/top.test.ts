/** docker top: the daemon runs the host's ps with the given options and keeps the container's pids. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function lab() {
  const l = createLab('docker', { seed: 1 });
  return { l, run: (line: string) => l.run(line) };
}

/** The host's own `ps -ef` rows for the given pids, columns split as the daemon splits them. */
function hostRows(run: (line: string) => { output: string }, pids: string[]): string[][] {
  return run('ps -ef')
    .output.split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => pids.includes(f[1] as string))
    .map((f) => [...f.slice(0, 7), f.slice(7).join(' ')]);
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(/ {3,}|(?<=\S) {2,}(?=\S)/).map((cell) => cell.trim()));
}

describe('docker top', () => {
  it('lists every process of the container with the host ps -ef columns', () => {
    const { run } = lab();
    run('docker run -d --name web nginx');
    run('sleep 61');
    const out = run('docker top web').output;
    const rows = tableRows(out);
    expect(rows[0]).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    const cmds = rows.slice(1).map((r) => r[7]);
    expect(cmds[0]).toBe('nginx: master process nginx -g daemon off;');
    expect(cmds.slice(1).every((c) => c === 'nginx: worker process')).toBe(true);
    expect(cmds.length).toBeGreaterThanOrEqual(2);
    // The worker runs as uid 101, which the CentOS host has no name for.
    expect(rows[2]?.[0]).toBe('101');
    // Host pids, the master's parent being the shim; the row matches the host's own ps -ef.
    const pids = rows.slice(1).map((r) => r[1] as string);
    expect(rows.slice(1)).toEqual(hostRows(run, pids));
    expect(rows[2]?.[2]).toBe(rows[1]?.[1]);
  });

  it('passes ps options through and keeps the columns ps printed', () => {
    const { run } = lab();
    run('docker run -d --name web nginx');
    const rows = tableRows(run('docker top web -o pid,args').output);
    expect(rows[0]).toEqual(['PID', 'COMMAND']);
    expect(rows[1]?.[1]).toBe('nginx: master process nginx -g daemon off;');
    const aux = tableRows(run('docker top web aux').output);
    expect(aux[0]).toEqual(['USER', 'PID', '%CPU', '%MEM', 'VSZ', 'RSS', 'TTY', 'STAT', 'START', 'TIME', 'COMMAND']);
    expect(aux[1]?.[10]).toBe('nginx: master process nginx -g daemon off;');
  });

  it('refuses a column renamed to PID and fails as ps does on bad options', () => {
    const { run } = lab();
    run('docker run -d --name web nginx');
    expect(run('docker top web -o pid,user=PIDX')).toMatchObject({ output: 'Error response from daemon: specifying "pid,user=PIDX" is not allowed\n', exitCode: 1 });
    const bad = run('docker top web -o nosuch');
    expect(bad.output).toBe('Error response from daemon: ps: error: unknown user-defined format specifier "nosuch"\n');
    expect(bad.exitCode).toBe(1);
    expect(run('docker top web -o comm').output).toBe('Error response from daemon: Couldn\'t find PID field in ps output\n');
  });

  it('checks the ps options before it looks the container up (moby daemon/top_unix.go)', () => {
    const { run } = lab();
    expect(run('docker top ghost -o x=PID')).toMatchObject({ output: 'Error response from daemon: specifying "x=PID" is not allowed\n', exitCode: 1 });
    expect(run('docker top ghost -o pid,comm')).toMatchObject({ output: 'Error response from daemon: No such container: ghost\n', exitCode: 1 });
    run('docker create --name idle nginx');
    expect(run('docker top idle -o x=PID').output).toBe('Error response from daemon: specifying "x=PID" is not allowed\n');
  });

  it('says a stopped container is not running', () => {
    const { run } = lab();
    run('docker create --name idle nginx');
    const id = run("docker inspect -f '{{.Id}}' idle").output.trim();
    expect(run('docker top idle')).toMatchObject({ output: `Error response from daemon: container ${id} is not running\n`, exitCode: 1 });
  });
});
