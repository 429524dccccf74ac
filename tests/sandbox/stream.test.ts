import { afterEach, describe, expect, it } from 'vitest';
import { createLab } from '../../simulator/index.ts';
import type { SandboxHost } from '../../src/sandbox/host.ts';
import { makeHost } from './fixtures.ts';

let host: SandboxHost | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
});

const WEB = 'docker run -d --name web -p 8080:80 httpd';
const CURL = 'curl -s localhost:8080 > /dev/null';
const ACCESS = /"GET \/ HTTP\/1\.1" 200 45\n$/;

async function snapshotOf(h: SandboxHost): Promise<string> {
  const s = await h.state();
  if (!s.ok) throw new Error(s.message);
  return JSON.stringify(s.state);
}

describe('SandboxHost: a command that keeps printing, followed in a terminal', () => {
  it('follows docker logs -f as lab time is pumped, and Ctrl+C ends it with 130 and the prompt', async () => {
    host = await makeHost();
    await host.run(WEB);
    const run = await host.run('docker logs -f web', { follow: true });
    expect(run).toMatchObject({ ok: true, streaming: true });
    expect(run.ok && run.output.endsWith('^C\n')).toBe(false);
    // A terminal that starts (a reload) learns that a command is still in the foreground.
    expect(await host.session()).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false, streaming: true });
    expect(await host.pump(250)).toEqual({ ok: true, output: '', done: false, prompt: '[root@localhost ~]# ' });
    // A request from another session shows up in the followed log at the next pump.
    await host.run(CURL, { session: 'other' });
    const step = await host.pump(250);
    expect(step).toMatchObject({ ok: true, done: false });
    expect(step.ok && step.output).toMatch(ACCESS);
    expect(await host.interrupt()).toEqual({ ok: true, output: '', done: true, exitCode: 130, prompt: '[root@localhost ~]# ' });
    expect(await host.session()).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false });
    expect(await host.run('echo $?')).toMatchObject({ ok: true, output: '130\n' });
    // Nothing in the foreground any more: a pump or Ctrl+C has nothing to do.
    expect(await host.pump(250)).toEqual({ ok: true, output: '', done: true, prompt: '[root@localhost ~]# ' });
  });

  it('gives the same bytes as the native simulator, and a stream that ends by itself gives its status', async () => {
    host = await makeHost();
    const native = createLab('docker', { seed: 1 });
    for (const command of ['docker run -d --name ww busybox sleep 3', 'docker attach ww']) {
      expect(await host.run(command, { follow: true })).toEqual({ ok: true, ...native.run(command, { follow: true }) });
    }
    for (let i = 0; i < 8; i++) expect(await host.pump(500)).toEqual({ ok: true, ...native.pump(500) });
    expect(native.pump(0)).toMatchObject({ done: true });
    expect(await snapshotOf(host)).toBe(native.snapshot());
  });

  it('leaves cells as they were: without follow the command prints what happened and stops (^C, 130)', async () => {
    host = await makeHost();
    await host.run(WEB);
    const run = await host.run('docker logs -f web');
    expect(run).toMatchObject({ ok: true, exitCode: 130 });
    expect(run.ok && run.output.endsWith('^C\n')).toBe(true);
    expect(run.ok && 'streaming' in run).toBe(false);
  });

  it('journals pumps and Ctrl+C: a rollback after a later failure rebuilds the same lab', async () => {
    host = await makeHost({ deadlineMs: 300, testHooks: true });
    const native = createLab('docker', { seed: 1 });
    await host.run(WEB);
    native.run(WEB);
    await host.run('docker logs -f web', { follow: true });
    native.run('docker logs -f web', { follow: true });
    await host.pump(700);
    native.pump(700);
    await host.run(CURL, { session: 'other' });
    native.run(CURL, { session: 'other' });
    const before = await snapshotOf(host);
    expect(before).toBe(native.snapshot());
    expect(await host.evalForTest('for (;;) {}')).toMatchObject({ ok: false, kind: 'timeout' });
    expect(host.timings.rebuilds).toBe(1);
    expect(await snapshotOf(host)).toBe(before);
    // The stream is still in the foreground after the rebuild, and prints what it would have.
    const step = await host.pump(250);
    expect(step).toEqual({ ok: true, ...native.pump(250) });
    expect(step.ok && step.output).toMatch(ACCESS);
    expect(await host.interrupt()).toEqual({ ok: true, ...native.interrupt() });
    expect(await host.evalForTest('for (;;) {}')).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await snapshotOf(host)).toBe(native.snapshot());
  });

  it('holds a pump to the deadline: one that runs too long fails and the lab is back as before it', async () => {
    host = await makeHost({ deadlineMs: 300 });
    // A container that fails and is restarted, once a minute at most: a day of it (1,440 restarts,
    // each with its events) is far more than 0.3 s of work (about 1 s natively).
    await host.run('docker run -d --name flap --restart always busybox false');
    await host.run('docker events', { follow: true });
    const before = await snapshotOf(host);
    expect(await host.pump(24 * 3600 * 1000)).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await snapshotOf(host)).toBe(before);
    expect(await host.pump(250)).toMatchObject({ ok: true, done: false });
    expect(await host.interrupt()).toMatchObject({ ok: true, done: true, exitCode: 130 });
  });

  it('refuses a pump of no sensible length without touching the lab', async () => {
    host = await makeHost();
    const before = await snapshotOf(host);
    for (const ms of [-1, Number.NaN, Infinity]) {
      expect(await host.pump(ms)).toMatchObject({ ok: false, kind: 'invalid' });
    }
    expect(await snapshotOf(host)).toBe(before);
    expect(host.timings.rebuilds).toBe(0);
  });
});
