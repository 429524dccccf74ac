/** nginx -s: the pid file, and the master's reload, reopen and stop as docker logs shows them. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

const strip = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ''));

describe('nginx -s', () => {
  it('reload starts new workers and retires the old ones gracefully', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    // The exec'd cat is pid 31 in the container, so `nginx -s` is 32.
    expect(run('docker exec web cat /run/nginx.pid').out).toBe('1\n');
    const r = run('docker exec web nginx -s reload');
    expect(strip(r.out)).toEqual(['[notice] 32#32: signal process started']);
    expect(r.code).toBe(0);
    expect(strip(run('docker logs web 2>&1 >/dev/null').out).slice(8)).toEqual([
      '[notice] 1#1: signal 1 (SIGHUP) received from 32, reconfiguring',
      '[notice] 1#1: reconfiguring',
      '[notice] 1#1: using the "epoll" event method',
      '[notice] 1#1: start worker processes',
      '[notice] 1#1: start worker process 33',
      '[notice] 1#1: start worker process 34',
      '[notice] 29#29: gracefully shutting down',
      '[notice] 30#30: gracefully shutting down',
      '[notice] 29#29: exiting',
      '[notice] 30#30: exiting',
      '[notice] 29#29: exit',
      '[notice] 30#30: exit',
      '[notice] 1#1: signal 17 (SIGCHLD) received from 29',
      '[notice] 1#1: worker process 29 exited with code 0',
      '[notice] 1#1: signal 29 (SIGIO) received',
      '[notice] 1#1: signal 17 (SIGCHLD) received from 30',
      '[notice] 1#1: worker process 30 exited with code 0',
      '[notice] 1#1: signal 29 (SIGIO) received',
    ]);
    expect(run('docker top web -o pid,args').out.split('\n').filter((l) => l.includes('worker'))).toHaveLength(2);
    expect(run('docker top web -o pid,args').out).not.toMatch(/^(29|30) /m);
  });

  it('stop ends the container, naming the signalling process', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    run('docker exec web nginx -s stop');
    const lines = strip(run('docker logs web 2>&1 >/dev/null').out);
    expect(lines.at(-11)).toBe('[notice] 1#1: signal 15 (SIGTERM) received from 31, exiting');
    expect(run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web").out).toBe('exited 0\n');
  });

  it('refuses an unknown signal name', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    expect(run('docker exec web nginx -s restart')).toEqual({ out: 'nginx: invalid option: "-s restart"\n', code: 1 });
  });
});
