/** sleep: the clock in the foreground, a timer when nobody waits, and strtod's infinity. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import { terminal } from '../shell/helpers.ts';

describe('sleep', () => {
  it('moves the clock in the foreground, and refuses what coreutils 8.22 refuses', () => {
    const { lab, run } = terminal();
    const before = lab.now;
    expect(run('sleep 1.5 0.5s')).toEqual({ out: '', code: 0 });
    expect(lab.now - before).toBe(2_000 + 2_000);
    expect(run('sleep x')).toEqual({ out: "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n", code: 1 });
  });

  it('infinity: stops as if interrupted in a cell; in a terminal stays until Ctrl+C', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('sleep infinity')).toMatchObject({ output: '^C\n', exitCode: 130 });
    expect(lab.run('sleep inf', { follow: true })).toMatchObject({ output: '', streaming: true });
    expect(lab.pump(5_000)).toMatchObject({ output: '', done: false });
    expect(lab.interrupt()).toMatchObject({ done: true, exitCode: 130 });
  });

  it('infinity in a container keeps it running', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    run(`docker run -d --name forever busybox sh -c 'echo up; sleep infinity'`);
    run('sleep 3600');
    expect(run('docker ps --format "{{.Status}}"').out).toBe('Up About an hour\n');
    expect(run('docker top forever -o pid,args').out).toMatch(/^PID +COMMAND\n\d+ +sleep infinity\n$/);
  });
});
