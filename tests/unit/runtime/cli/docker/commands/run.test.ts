/** `docker create` takes --rm as the real client does (`docker create --help` lists it). */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';
import { terminal } from '../../../../programs/shell/helpers.ts';

describe('docker create --rm', () => {
  it('sets AutoRemove: the container goes when it ends after a start', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker create --rm --name rr busybox echo hi').exitCode).toBe(0);
    expect(lab.run("docker inspect -f '{{.HostConfig.AutoRemove}}' rr").output).toBe('true\n');
    lab.run('docker start rr');
    expect(lab.run('docker ps -a --format {{.Names}}').output).toBe('');
  });
});

describe('docker run --health-*', () => {
  it('sends the healthcheck the client builds, and refuses what the 28.2.2 client refuses', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    run("docker run -d --name hc --health-cmd 'test -e /etc/passwd' --health-interval 2s --health-retries 5 busybox sleep 100");
    expect(run("docker inspect -f '{{json .Config.Healthcheck}}' hc").out).toBe('{"Test":["CMD-SHELL","test -e /etc/passwd"],"Interval":2000000000,"Retries":5}\n');
    run('sleep 3');
    expect(run("docker ps --format '{{.Status}}'").out).toMatch(/ \(healthy\)\n$/);
    expect(run('docker run -d --health-interval 5 busybox')).toMatchObject({ out: 'invalid argument "5" for "--health-interval" flag: time: missing unit in duration "5"\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n', code: 125 });
    expect(run('docker run -d --no-healthcheck --health-cmd x busybox')).toMatchObject({ out: "docker: --no-healthcheck conflicts with --health-* options\n\nRun 'docker run --help' for more information\n", code: 125 });
    expect(run('docker run -d --health-retries -1 --health-cmd x busybox').out).toBe("docker: --health-retries cannot be negative\n\nRun 'docker run --help' for more information\n");
  });
});
