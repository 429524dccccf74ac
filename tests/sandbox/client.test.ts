import { describe, expect, it } from 'vitest';
import { createLabClient } from '../../src/sandbox/client.ts';
import { createDispatcher } from '../../src/sandbox/dispatch.ts';
import type { WorkerEnvelope, WorkerResponse } from '../../src/sandbox/protocol.ts';
import { fetchBundle } from './fixtures.ts';
import type { Preloaded } from '../../src/sandbox/preload.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A stand-in for the page's Worker: the same dispatcher, in this thread, replying asynchronously. */
class FakeWorker {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly received: WorkerEnvelope[] = [];
  private readonly dispatch;

  constructor(loadBundle: (url: string) => Promise<string>) {
    this.dispatch = createDispatcher({
      loadBundle,
      reply: (response) => setTimeout(() => this.terminated || this.onmessage?.({ data: response } as MessageEvent<WorkerResponse>)),
    });
  }

  postMessage(message: WorkerEnvelope): void {
    this.received.push(message);
    this.dispatch(structuredClone(message));
  }

  terminate(): void {
    this.terminated = true;
  }
}

function client(loadBundle: (url: string) => Promise<string> = fetchBundle, watchdogMs?: number, preload?: (url: string) => Promise<Preloaded>) {
  const workers: FakeWorker[] = [];
  const lab = createLabClient({
    ...(watchdogMs === undefined ? {} : { watchdogMs }),
    ...(preload === undefined ? {} : { preload }),
    lab: 'docker',
    seed: 2,
    bundleUrl: 'http://podbook.test/sandbox/simulator.js',
    createWorker: () => {
      const w = new FakeWorker(loadBundle);
      workers.push(w);
      return w as unknown as Worker;
    },
  });
  return { lab, workers };
}

describe('createLabClient', () => {
  it('starts no worker until the first request, then answers requests in order', async () => {
    const { lab, workers } = client();
    expect(workers).toHaveLength(0);
    const [a, b, c] = await Promise.all([lab.run('cd /tmp'), lab.run('pwd'), lab.run('echo $?', { session: 'other' })]);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.received.map((m) => m.type)).toEqual(['init', 'run', 'run', 'run']);
    expect(a).toMatchObject({ ok: true, output: '', prompt: '[root@localhost tmp]# ' });
    expect(b).toMatchObject({ ok: true, output: '/tmp\n' });
    expect(c).toMatchObject({ ok: true, output: '0\n', prompt: '[root@localhost ~]# ' });
    lab.dispose();
  });

  it('prewarms, writes files, saves, resets and restores', async () => {
    const { lab, workers } = client();
    expect(await lab.prewarm()).toEqual({ ok: true, prompt: '[root@localhost ~]# ' });
    expect(workers).toHaveLength(1);
    expect(await lab.writeFile('hello.sh', 'echo hi from a file\n')).toEqual({ ok: true });
    const saved = await lab.snapshot();
    expect(await lab.reset()).toEqual({ ok: true, prompt: '[root@localhost ~]# ' });
    expect(await lab.run('bash hello.sh')).toMatchObject({ ok: true, exitCode: 127 });
    if (!saved.ok) throw new Error(saved.message);
    expect(await lab.restore(saved.snapshot)).toMatchObject({ ok: true });
    expect(await lab.run('bash hello.sh')).toMatchObject({ ok: true, output: 'hi from a file\n' });
    const state = await lab.state();
    expect(state.ok && state.state.seed).toBe(2);
    expect(await lab.advance(1000)).toEqual({ ok: true });
    lab.dispose();
  });

  it('follows a command that keeps printing: run with follow, pump, interrupt', async () => {
    const { lab, workers } = client();
    await lab.run('docker run -d --name web -p 8080:80 httpd');
    expect(await lab.run('docker logs -f web', { follow: true })).toMatchObject({ ok: true, streaming: true });
    expect(await lab.pump(250)).toEqual({ ok: true, output: '', done: false, prompt: '[root@localhost ~]# ' });
    await lab.run('curl -s localhost:8080 > /dev/null', { session: 'other' });
    const step = await lab.pump(250);
    expect(step.ok && step.output).toMatch(/"GET \/ HTTP\/1\.1" 200 45\n$/);
    expect(await lab.interrupt()).toEqual({ ok: true, output: '', done: true, exitCode: 130, prompt: '[root@localhost ~]# ' });
    expect(workers[0]?.received.map((m) => m.type)).toEqual(['init', 'run', 'run', 'pump', 'run', 'pump', 'interrupt']);
    lab.dispose();
  });

  it('turns a lab that cannot start into translatable failures, never a rejection', async () => {
    const { lab } = client(async (url) => {
      throw new Error(`${url}: HTTP 404`);
    });
    const reply = await lab.run('echo hi');
    expect(reply).toEqual({
      ok: false,
      kind: 'unavailable',
      key: 'sandbox.unavailable',
      params: { detail: 'http://podbook.test/sandbox/simulator.js: HTTP 404' },
      message: 'podbook: the lab could not start: http://podbook.test/sandbox/simulator.js: HTTP 404',
    });
  });

  it('answers pending and later requests with a failure once disposed', async () => {
    const { lab, workers } = client();
    const pending = lab.run('echo never');
    lab.dispose();
    expect(await pending).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(await lab.run('echo after')).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(workers[0]?.terminated).toBe(true);
  });

  it('stops a worker that never answers and reports it instead of waiting forever', async () => {
    const { lab, workers } = client(() => new Promise<string>(() => {}), 200);
    expect(await lab.run('echo hi')).toMatchObject({ ok: false, kind: 'unavailable', params: { detail: 'the lab stopped answering for 1.2 s' } });
    expect(workers[0]?.terminated).toBe(true);
  });

  it("starts the lab from the page's downloads: the worker gets the main script and the compiled QuickJS with init", async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    const fetched: string[] = [];
    const preloaded: Preloaded = { bundle: await fetchBundle('http://podbook.test/sandbox/simulator.js'), wasmModule: await WebAssembly.compile(wasm) };
    const { lab, workers } = client(async (url) => {
      fetched.push(url);
      return fetchBundle(url);
    }, undefined, async () => preloaded);
    expect(await lab.run('hostname')).toMatchObject({ ok: true, output: 'localhost\n' });
    const init = workers[0]?.received[0];
    expect(init?.type === 'init' && init.wasmModule instanceof WebAssembly.Module && init.bundle === preloaded.bundle).toBe(true);
    // Only the parts are fetched (after the lab is up), never the main script.
    expect(fetched.filter((url) => url.endsWith('/simulator.js'))).toEqual([]);
    expect(fetched.length).toBeGreaterThan(0);
    lab.dispose();
  });

  it('falls back to the worker\'s own downloads when the page\'s failed', async () => {
    const fetched: string[] = [];
    const { lab } = client(async (url) => {
      fetched.push(url);
      return fetchBundle(url);
    }, undefined, () => Promise.reject(new Error('offline')));
    expect(await lab.run('hostname')).toMatchObject({ ok: true, output: 'localhost\n' });
    expect(fetched[0]).toBe('http://podbook.test/sandbox/simulator.js');
    lab.dispose();
  });
});
