import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../simulator/kernel/http.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/**
 * A toy service that holds replies as the engine does: `/wait` until `/finish` was called, an
 * attach that echoes its client's input in upper case once the input has ended.
 */
function toyService(): { handle: (req: HttpRequest) => HttpResponse; seen: HttpRequest[]; finished: { value: boolean } } {
  const seen: HttpRequest[] = [];
  const finished = { value: false };
  const handle = (req: HttpRequest): HttpResponse => {
    seen.push(req);
    const held = req.headers['X-Podbook-Held'];
    if (req.path === '/finish') {
      finished.value = true;
      return { status: 204, headers: {}, body: '' };
    }
    if (req.path === '/wait') {
      if (req.headers['X-Podbook-Cancel']) return { status: 200, headers: {}, body: '' };
      if (!finished.value) return { status: 200, headers: { 'Content-Type': 'application/json', 'X-Podbook-Held': 'w1' }, body: '' };
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode":3}\n' };
    }
    if (req.path === '/attach') {
      if (held === undefined) return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.raw-stream', 'X-Podbook-Held': 'a1', 'X-Podbook-Wants-Input': '1' }, body: 'ready\n' };
      if (req.headers['X-Podbook-Input-End']) return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.raw-stream' }, body: req.body.toUpperCase() };
      return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.raw-stream', 'X-Podbook-Held': 'a1' }, body: '' };
    }
    return { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"message":"page not found"}\n' };
  };
  return { handle, seen, finished };
}

async function start(service: ReturnType<typeof toyService>): Promise<string> {
  running = await startHttpAdapter({ port: 0, pace: 'instant', target: { now: () => 1000, handle: service.handle } });
  return `http://127.0.0.1:${running.port}`;
}

describe('http adapter: held replies', () => {
  it('tells the service it can hold, and never passes on a client’s own X-Podbook headers', async () => {
    const service = toyService();
    const base = await start(service);
    await fetch(`${base}/finish`, { headers: { 'X-Podbook-Held': 'forged' } });
    expect(service.seen[0]?.headers['X-Podbook-Can-Hold']).toBe('1');
    expect(service.seen[0]?.headers['X-Podbook-Held']).toBeUndefined();
  });

  it('keeps a held reply open and sends its end when a later request has made it ready', async () => {
    const service = toyService();
    const base = await start(service);
    const waiting = fetch(`${base}/wait`, { method: 'POST' });
    const res = await waiting;
    // The status and headers come at once (as dockerd flushes them), the body later.
    expect(res.status).toBe(200);
    const body = res.text();
    await new Promise((r) => setTimeout(r, 50));
    await fetch(`${base}/finish`, { method: 'POST' });
    expect(await body).toBe('{"StatusCode":3}\n');
    expect(service.seen.filter((r) => r.headers['X-Podbook-Held'] === 'w1').length).toBeGreaterThan(0);
  });

  it('asks again on a timer, and says so once the client has been quiet', async () => {
    const service = toyService();
    const base = await start(service);
    const res = await fetch(`${base}/wait`, { method: 'POST' });
    const body = res.text();
    await new Promise((r) => setTimeout(r, 450));
    expect(service.seen.some((r) => r.headers['X-Podbook-Held'] === 'w1' && r.headers['X-Podbook-Idle'] === '1')).toBe(true);
    service.finished.value = true;
    expect(await body).toBe('{"StatusCode":3}\n');
  });

  it('gives a hijacked reply the client’s input once the client has closed its side', async () => {
    const service = toyService();
    await start(service);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(running!.port, '127.0.0.1', () => {
        socket.write('POST /attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
        setTimeout(() => socket.end('some input\n'), 50);
      });
      let out = '';
      socket.on('data', (d) => (out += d.toString('latin1')));
      socket.on('close', () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    expect(reply.slice(reply.indexOf('\r\n\r\n') + 4)).toBe('ready\nSOME INPUT\n');
  });

  it('cancels a held reply whose client leaves', async () => {
    const service = toyService();
    await start(service);
    await new Promise<void>((resolve) => {
      const socket = connect(running!.port, '127.0.0.1', () => socket.write('POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'));
      socket.on('data', () => {
        socket.destroy();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(service.seen.some((r) => r.headers['X-Podbook-Held'] === 'w1' && r.headers['X-Podbook-Cancel'] === '1')).toBe(true);
  });
});
