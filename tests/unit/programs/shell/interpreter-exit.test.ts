/**
 * Leaving an interactive shell with `exit`: the shell the terminal returns to sees the status as
 * `$?` (the docker client ends with the container's or the exec'd process's exit code, a nested
 * bash hands its status to its parent), and only bash says `exit` on the way out: busybox ash and
 * dash print nothing.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

describe('the status of a left shell', () => {
  it('is $? after docker run -it ends with exit N', () => {
    const { run } = terminal();
    run('docker run -it centos:7');
    expect(run('exit 3')).toEqual({ out: 'exit\n', code: 3 });
    expect(run('echo $?').out).toBe('3\n');
  });

  it('is $? after docker exec -it ends with exit N, and the container keeps running', () => {
    const { run } = terminal();
    run('docker run -d --name box centos:7 sleep 1000');
    run('docker exec -it box bash');
    expect(run('exit 4')).toEqual({ out: 'exit\n', code: 4 });
    expect(run('echo $?').out).toBe('4\n');
    expect(run('docker ps --format "{{.Names}} {{.Status}}"').out).toMatch(/^box Up /);
  });

  it('is $? after docker attach to a shell that exits', () => {
    const { run } = terminal();
    run('docker run -dit --name att centos:7');
    run('docker attach att');
    run('exit 6');
    expect(run('echo $?').out).toBe('6\n');
    expect(run('docker ps -a --format "{{.Names}} {{.Status}}"').out).toMatch(/^att Exited \(6\) /);
  });

  it('is $? after a nested bash exits', () => {
    const { run } = terminal();
    run('bash');
    run('exit 5');
    expect(run('echo $?').out).toBe('5\n');
  });

  it('leaves $? at 0 after a plain exit', () => {
    const { run } = terminal();
    run('false');
    run('docker run -it centos:7');
    run('exit');
    expect(run('echo $?').out).toBe('0\n');
  });
});

describe('what exit prints', () => {
  it('prints nothing from busybox sh', () => {
    const { run } = terminal();
    run('docker run -it busybox');
    expect(run('exit')).toEqual({ out: '', code: 0 });
  });

  it('prints nothing from alpine sh, and the status still reaches $?', () => {
    const { run } = terminal();
    run('docker run -it alpine sh');
    expect(run('exit 2')).toEqual({ out: '', code: 2 });
    expect(run('echo $?').out).toBe('2\n');
  });

  it('prints nothing from dash (ubuntu sh), and exit from bash in the same image', () => {
    const { run } = terminal();
    run('docker run -dit --name deb ubuntu');
    expect(run('docker exec -it deb sh').out).toBe('');
    expect(run('exit').out).toBe('');
    run('docker exec -it deb bash');
    expect(run('exit').out).toBe('exit\n');
  });
});
