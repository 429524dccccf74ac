import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxHost } from '../../src/sandbox/host.ts';
import { makeHost } from './fixtures.ts';

let host: SandboxHost | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
});

describe('SandboxHost: a terminal session attached to a container', () => {
  it('says whether a session types into a container, without starting a shell', async () => {
    host = await makeHost();
    expect(await host.session('spare')).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false });
    const run = await host.run('docker run -it --name c7 centos:7');
    expect(run).toMatchObject({ ok: true, exitCode: 0 });
    const prompt = run.ok ? run.prompt : '';
    expect(prompt).toMatch(/^\[root@[0-9a-f]{12} \/\]# $/);
    expect(await host.session()).toEqual({ ok: true, prompt, attached: true });
    expect(await host.session('spare')).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false });
  });

  it('detaches on Ctrl+P Ctrl+Q: the container keeps running and the session is back on the host', async () => {
    host = await makeHost();
    await host.run('docker run -it --name c7 centos:7');
    expect(await host.detach()).toEqual({ ok: true, output: 'read escape sequence\n', prompt: '[root@localhost ~]# ' });
    expect(await host.session()).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false });
    expect(await host.run("docker ps --format '{{.Names}} {{.State}}'")).toMatchObject({ output: 'c7 running\n' });
    // Nothing attached: nothing to print, the lab is unchanged.
    expect(await host.detach()).toEqual({ ok: true, output: null, prompt: '[root@localhost ~]# ' });
    await host.run('docker attach c7');
    expect(await host.detach()).toMatchObject({ ok: true, output: 'read escape sequence\n' });
  });

  it('keeps a detach through a rollback after a failed command (it is journalled)', async () => {
    host = await makeHost({ deadlineMs: 300, testHooks: true });
    await host.run('docker run -it --name c7 centos:7');
    await host.detach();
    expect(await host.evalForTest('for (;;) {}')).toMatchObject({ ok: false, kind: 'timeout' });
    expect(host.timings.rebuilds).toBe(1);
    expect(await host.session()).toEqual({ ok: true, prompt: '[root@localhost ~]# ', attached: false });
  });
});
