/** docker exec -d: the command starts in the container and the client returns at once. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import { terminal } from '../../programs/shell/helpers.ts';

describe('docker exec -d', () => {
  it('leaves a sleep running in the container until its time is up', () => {
    const l = createLab('docker', { seed: 1 });
    l.run('docker run -d --name web nginx');
    const before = l.run('date +%s').output;
    expect(l.run('docker exec -d web sleep 100')).toMatchObject({ output: '', exitCode: 0 });
    expect(Number(l.run('date +%s').output) - Number(before)).toBeLessThan(5);
    const rows = l.run('docker top web').output.split('\n');
    const sleep = rows.find((r) => r.endsWith(' sleep 100'));
    expect(sleep).toMatch(/^root +\d+ +(\d+) +0 +09:00 +\? +00:00:00 +sleep 100$/);
    // Its parent is the container's shim, as runc's exec leaves it.
    const shim = l.run("docker inspect -f '{{.State.Pid}}' web").output.trim();
    const master = rows.find((r) => r.includes('nginx: master'))?.split(/\s+/);
    expect(sleep?.split(/\s+/)[2]).toBe(master?.[2]);
    expect(master?.[1]).toBe(shim);
    l.run('sleep 101');
    expect(l.run('docker top web').output).not.toContain('sleep 100');
  });

  it('runs a shell script on the clock, sleeping as it goes, until it ends', () => {
    const l = createLab('docker', { seed: 1 });
    l.run('docker run -d --name web nginx');
    expect(l.run(`docker exec -d web sh -c 'for i in 1 2 3; do date +%T >> /tmp/x; sleep 2; done; exit 4'`)).toMatchObject({ output: '', exitCode: 0 });
    expect(l.run('docker exec web cat /tmp/x').output.trim().split('\n').length).toBe(2);
    expect(l.run('docker top web -o pid,args').output).toMatch(/\n\d+ +sh -c for i in 1 2 3; do date \+%T >> \/tmp\/x; sleep 2; done; exit 4\n\d+ +sleep 2\n/);
    l.run('sleep 5');
    const times = l.run('docker exec web cat /tmp/x').output.trim().split('\n');
    expect(times.map((t) => Number(t.slice(6)) - Number((times[0] as string).slice(6)))).toEqual([0, 2, 4]);
    expect(l.run('docker top web -o pid,args').output).not.toContain('sh -c');
  });
});

describe('exec events', () => {
  it('logs exec_create and exec_start with the command as dockerd names it, and exec_die when the process ends', () => {
    const { run } = terminal();
    run('docker run -d --name web busybox sleep 1000');
    run('docker exec web ls /nope');
    run('docker exec web nosuch');
    run('docker exec -d web sleep 2');
    run('sleep 3');
    const actions = run('docker events --since 0 --until 2030-01-01 --filter container=web').out.split('\n').map((l) => / container (.+?) [0-9a-f]{64} \((.*)\)$/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]}|${(m[2] ?? "").replace(/execID=[0-9a-f]{64}, /, '')}`);
    expect(actions).toEqual([
      'create|image=busybox, name=web',
      'start|image=busybox, name=web',
      'exec_create: ls /nope|image=busybox, name=web',
      'exec_start: ls /nope|image=busybox, name=web',
      'exec_die|exitCode=1, image=busybox, name=web',
      // A command that cannot start has no exec_die (moby logs it when a process exits).
      'exec_create: nosuch |image=busybox, name=web',
      'exec_start: nosuch |image=busybox, name=web',
      'exec_create: sleep 2|image=busybox, name=web',
      'exec_start: sleep 2|image=busybox, name=web',
      'exec_die|exitCode=0, image=busybox, name=web',
    ]);
  });
});

describe('exec events of sessions and of execs outlived by their container', () => {
  const events = (run: (l: string) => { out: string }): string[] =>
    run('docker events --since 0 --until 2030-01-01 --filter container=web')
      .out.split('\n')
      .map((l) => / container (.+?) [0-9a-f]{64} \((.*)\)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[1]}|${(m[2] ?? '').replace(/execID=[0-9a-f]{64}, /, '')}`)
      .filter((e) => e.startsWith('exec_'));

  it('logs exec_die with the shell status when an exec -it shell is left', () => {
    const { run } = terminal();
    run('docker run -d --name web busybox sleep 1000');
    run('docker exec -it web sh');
    run('exit 3');
    expect(events(run)).toEqual(['exec_create: sh |image=busybox, name=web', 'exec_start: sh |image=busybox, name=web', 'exec_die|exitCode=3, image=busybox, name=web']);
    expect(run('docker exec -it web sh').code).toBe(0);
    run('ls >/dev/null');
    run('exit');
    expect(events(run).slice(3)).toEqual(['exec_create: sh |image=busybox, name=web', 'exec_start: sh |image=busybox, name=web', 'exec_die|exitCode=0, image=busybox, name=web']);
  });

  it('logs exec_die 137 for a detached sleep killed by the container stopping, and none later', () => {
    const { run } = terminal();
    run('docker run -d --name web busybox sleep 1000');
    run('docker exec -d web sleep 50');
    run('docker kill web');
    run('sleep 60');
    expect(events(run)).toEqual(['exec_create: sleep 50|image=busybox, name=web', 'exec_start: sleep 50|image=busybox, name=web', 'exec_die|exitCode=137, image=busybox, name=web']);
  });
});

describe('detaching with Ctrl+P Ctrl+Q', () => {
  it('logs exec_detach for an exec session and detach for an attached container, and no exec_die', async () => {
    const { detachTerminal } = await import('../../../../simulator/runtime/index.ts');
    const { lab, run } = terminal();
    run('docker run -d --name web busybox sleep 1000');
    run('docker exec -it web sh');
    expect(detachTerminal(lab.world)).toBe('read escape sequence\n');
    run('docker run -it --name box busybox sh');
    expect(detachTerminal(lab.world)).toBe('read escape sequence\n');
    const lines = run('docker events --since 0 --until 2030-01-01').out.split('\n');
    const actions = lines.map((l) => / container (.+?) [0-9a-f]{64} \((.*)\)$/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]}|${(m[2] ?? '').replace(/execID=[0-9a-f]{64}, /, 'execID, ')}`);
    expect(actions.filter((a) => /exec_|detach/.test(a))).toEqual([
      'exec_create: sh |execID, image=busybox, name=web',
      'exec_start: sh |execID, image=busybox, name=web',
      'exec_detach|execID, image=busybox, name=web',
      'detach|image=busybox, name=box',
    ]);
  });
});

describe('a foreground docker exec of a script on the clock', () => {
  it('waits for a script that ends, printing as it goes, with its exit status', () => {
    const l = createLab('docker', { seed: 1 });
    l.run('docker run -d --name box busybox sleep 1000');
    const before = Number(l.run('date +%s').output);
    expect(l.run(`docker exec box sh -c 'for i in 1 2 3; do echo $i; sleep 2; done; exit 4'`)).toMatchObject({ output: '1\n2\n3\n', exitCode: 4 });
    expect(Number(l.run('date +%s').output) - before).toBeGreaterThanOrEqual(6);
    expect(l.run("docker events --since 0 --until 2030-01-01 --filter event=exec_die --format '{{.Actor.Attributes.exitCode}}'").output).toMatch(/^4\n/);
  });

  it('leaves a loop that never ends as Ctrl+C leaves the client: ^C, 130, the loop still running', () => {
    const l = createLab('docker', { seed: 1 });
    l.run('docker run -d --name box busybox sleep 1000');
    const before = Number(l.run('date +%s').output);
    expect(l.run(`docker exec box sh -c 'while true; do date +%s; sleep 1; done'`)).toMatchObject({ exitCode: 130 });
    // The clock did not run on for ever (nor up to the container's own end).
    expect(Number(l.run('date +%s').output) - before).toBeLessThan(10);
    expect(l.run('docker top box -o pid,args').output).toContain('sh -c while true; do date +%s; sleep 1; done');
    expect(l.run("docker ps --format '{{.Status}}'").output).toMatch(/^Up /);
  });

  it('with a terminal, Ctrl+C interrupts the script itself', () => {
    const l = createLab('docker', { seed: 1 });
    l.run('docker run -d --name box busybox sleep 1000');
    expect(l.run(`docker exec -t box sh -c 'while true; do sleep 1; done'`)).toMatchObject({ output: '^C\n', exitCode: 130 });
    expect(l.run('docker top box -o pid,args').output).not.toContain('while true');
  });
});
