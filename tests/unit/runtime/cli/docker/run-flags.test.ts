/** docker run's less common flags: those Podbook models, and those it says plainly it does not. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../simulator/index.ts';

describe('docker run flags', () => {
  it('--stop-timeout and --stop-signal set how docker stop ends the container', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name st --stop-timeout 3 busybox sleep 100');
    expect(lab.run('time docker stop st').output).toMatch(/^st\n\nreal\t0m3\.000s\n/);
    lab.run('docker run -d --name sg --stop-signal KILL busybox sleep 100');
    expect(lab.run('time docker stop sg').output).toMatch(/^sg\n\nreal\t0m0\.000s\n/);
    expect(lab.run("docker inspect -f '{{.Config.StopTimeout}}/{{.Config.StopSignal}} {{.State.ExitCode}}' st sg").output).toBe('3/ 137\n<nil>/KILL 137\n');
  });

  it('--read-only mounts the root file system read-only', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run('docker run --rm --read-only busybox touch /x');
    expect(r.output).toContain('touch: /x: Read-only file system\n');
    expect(r.exitCode).toBe(1);
  });

  it('--cidfile writes the id, and refuses a file that is already there', () => {
    const lab = createLab('docker', { seed: 1 });
    const id = lab.run('docker run -d --cidfile /tmp/cid busybox sleep 5').output.trim().split('\n').pop() as string;
    expect(lab.run('cat /tmp/cid').output).toBe(id);
    const again = lab.run('docker run -d --cidfile /tmp/cid busybox sleep 5');
    expect(again.output).toBe("docker: container ID file found, make sure the other container isn't running or delete /tmp/cid\n\nRun 'docker run --help' for more information\n");
    expect(again.exitCode).toBe(125);
  });

  it('says plainly which flags it does not simulate, and runs nothing', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker run --rm --pid host busybox ps')).toMatchObject({ output: "podbook: 'docker run --pid' is not simulated\n", exitCode: 1 });
    expect(lab.run('docker create --tmpfs /run busybox')).toMatchObject({ output: "podbook: 'docker create --tmpfs' is not simulated\n", exitCode: 1 });
    // A default value changes nothing, so it passes.
    expect(lab.run('docker run --rm --log-driver json-file --runtime runc busybox echo ok').output).toContain('ok\n');
    expect(lab.run('docker ps -a -q').output).toBe('');
  });
});
