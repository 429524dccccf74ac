/**
 * Commands that keep printing: followed in a terminal (`run(..., { follow: true })`, then `pump`
 * as time passes and `interrupt` for Ctrl+C, exit 130 as the real client's), and in cells and
 * scripts printing what has happened and stopping as if interrupted (`^C`, exit 130).
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../simulator/index.ts';

function web() {
  const lab = createLab('docker', { seed: 1 });
  lab.run('docker run -d --name web -p 8080:80 httpd');
  return lab;
}

describe('docker logs -f', () => {
  it('in a cell prints the log so far and stops as if interrupted; an exited container just ends', () => {
    const lab = web();
    const r = lab.run('docker logs -f web');
    expect(r.output.endsWith('^C\n')).toBe(true);
    expect(r.exitCode).toBe(130);
    lab.run('docker run --name once busybox echo hi');
    expect(lab.run('docker logs -f once')).toMatchObject({ output: 'hi\n', exitCode: 0 });
  });

  it('in a terminal follows new output until Ctrl+C', () => {
    const lab = web();
    const r = lab.run('docker logs -f web', { follow: true });
    expect(r.streaming).toBe(true);
    expect(r.output.endsWith('^C\n')).toBe(false);
    expect(lab.pump(1000)).toMatchObject({ output: '', done: false });
    lab.run('curl -s localhost:8080 > /dev/null', { session: 'other' });
    const step = lab.pump(1000);
    expect(step.output).toMatch(/"GET \/ HTTP\/1\.1" 200 45\n$/);
    expect(lab.interrupt()).toMatchObject({ output: '', done: true, exitCode: 130 });
    expect(lab.run('echo $?').output).toBe('130\n');
    expect(lab.run('docker ps --format {{.Names}}').output).toBe('web\n');
  });

  it('ends with the container', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name ww busybox sleep 10');
    expect(lab.run('docker logs -f ww', { follow: true }).streaming).toBe(true);
    expect(lab.pump(10000)).toMatchObject({ output: '', done: true, exitCode: 0 });
  });
});

describe('docker attach to a container without a terminal', () => {
  it('follows its output and exits with its status', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name ww busybox sleep 10');
    expect(lab.run('docker attach ww', { follow: true })).toMatchObject({ output: '', streaming: true });
    expect(lab.pump(10000)).toMatchObject({ output: '', done: true, exitCode: 0 });
    lab.run('docker run -d --name w2 busybox sleep 100');
    expect(lab.run('docker attach w2')).toMatchObject({ output: '^C\n', exitCode: 130 });
  });
});

describe('docker events', () => {
  it('with --until in the past prints and exits; without it stops as if interrupted', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker create --name cc busybox');
    const done = lab.run('docker events --since 0 --until 1748854803');
    expect(done.exitCode).toBe(0);
    expect(done.output).toMatch(/container create [0-9a-f]{64} \(image=busybox, name=cc\)\n$/);
    expect(lab.run('docker events')).toMatchObject({ output: '^C\n', exitCode: 130 });
  });

  it('in a terminal prints events as they happen', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    expect(lab.run('docker events', { follow: true })).toMatchObject({ output: '', streaming: true });
    lab.run('docker create --name cc busybox', { session: 'other' });
    expect(lab.pump(250).output).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z container create [0-9a-f]{64} \(image=busybox, name=cc\)\n$/);
    expect(lab.pump(250).output).toBe('');
    expect(lab.interrupt().exitCode).toBe(130);
  });
});

describe('docker stats', () => {
  it('in a cell shows one screen and stops as if interrupted', () => {
    const lab = web();
    const r = lab.run('docker stats');
    expect(r.output).toMatch(/^CONTAINER ID {3}NAME {6}CPU % .*\n[0-9a-f]{12} {3}web .*\n\^C\n$/);
    expect(r.exitCode).toBe(130);
  });

  it('in a terminal redraws the screen every half second as the 28.2.2 client does', () => {
    const lab = web();
    const r = lab.run('docker stats', { follow: true });
    const lines = r.output.split('\n');
    const ESC = String.fromCharCode(27);
    expect(lines[0]?.startsWith(`${ESC}[HCONTAINER ID   NAME`)).toBe(true);
    expect(lines[2]?.startsWith(`${ESC}[HCONTAINER ID   NAME`) && lines[2]?.endsWith(` ${ESC}[K`)).toBe(true);
    expect(r.output.endsWith(' \x1b[K\n\x1b[J')).toBe(true);
    expect(lab.pump(250).output).toBe('');
    expect(lab.pump(250).output.startsWith('\x1b[HCONTAINER ID')).toBe(true);
    expect(lab.interrupt().exitCode).toBe(130);
  });
});
