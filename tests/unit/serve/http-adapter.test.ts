import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../simulator/kernel/http.ts';
import { startHttpAdapter, type AdapterOptions, type InteractiveSession, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { DOCKER_HEADERS } from '../../../src/node/lab-target.ts';
import { decodeFrames } from '../../../src/node/mux-stream.ts';

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const seen: HttpRequest[] = [];

function service(req: HttpRequest): HttpResponse {
  seen.push(req);
  if (req.path === '/_ping') return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: req.method === 'HEAD' ? '' : 'OK' };
  if (req.path === '/boom') throw new Error('service bug');
  if (req.path === '/echo') return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) };
  if (req.path === '/stream') return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '', chunks: [{ at: 1000, data: '{"a":1}\n' }, { at: 1300, data: '{"b":2}\n' }] };
  if (req.path === '/logs') {
    const chunks = [{ at: 1000, data: 'out\n', stream: 'stdout' }, { at: 1000, data: 'err\n', stream: 'stderr' }] as unknown as HttpResponse['chunks'];
    return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.multiplexed-stream' }, body: '', chunks };
  }
  if (req.path === '/framed') return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.multiplexed-stream' }, body: '\x02\x00\x00\x00\x00\x00\x00\x03\xc3\xa9\n' };
  if (req.path === '/shell') return { status: 200, headers: { 'Content-Type': 'application/vnd.docker.raw-stream', 'X-Podbook-Session-Pid': '42' }, body: '' };
  if (req.path === '/attach') return { status: 101, headers: { 'Content-Type': 'application/vnd.docker.raw-stream' }, body: '', chunks: [{ at: 1000, data: 'hello from the container\n' }] };
  return { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"message":"page not found"}\n' };
}

/** A toy shell: echoes lines in upper case; `exit` ends it. */
const toyShell: InteractiveSession = {
  prompt: () => '$ ',
  input: (line) => (line === 'exit' ? { output: 'exit\n', closed: true } : { output: `${line.toUpperCase()}\n`, closed: false }),
};

async function start(extra: Partial<AdapterOptions> = {}): Promise<string> {
  const target = { now: () => 1000, handle: service, openSession: (res: HttpResponse) => (res.headers['X-Podbook-Session-Pid'] ? toyShell : undefined) };
  running = await startHttpAdapter({ port: 0, pace: 'instant', defaultHeaders: DOCKER_HEADERS, target, maxBodyBytes: 1024, ...extra });
  return `http://127.0.0.1:${running.port}`;
}

/** Sends raw bytes and collects everything the server writes until it closes. */
function raw(port: number, text: string, more: string[] = []): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      more.forEach((part, i) => setTimeout(() => socket.write(part), 50 * (i + 1)));
    });
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    setTimeout(() => socket.end(), 500 + 50 * more.length);
  });
}

describe('http adapter', () => {
  it('listens on 127.0.0.1 only', async () => {
    await start();
    const address = running!.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('answers GET and HEAD /_ping with the Docker headers the client negotiates from', async () => {
    const base = await start();
    const get = await fetch(`${base}/_ping`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('OK');
    expect(get.headers.get('api-version')).toBe('1.50');
    expect(get.headers.get('server')).toBe('Docker/28.2.2 (linux)');
    expect(get.headers.get('ostype')).toBe('linux');
    expect(get.headers.get('docker-experimental')).toBe('false');
    const head = await fetch(`${base}/_ping`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('api-version')).toBe('1.50');
  });

  it('turns the real request into an HttpRequest: decoded path, ordered query, Go-cased headers, body', async () => {
    const base = await start();
    const res = await fetch(`${base}/echo?all=1&filters=%7B%22name%22%3A%5B%22web%22%5D%7D&x=a+b&x=c`, { method: 'POST', headers: { 'x-registry-auth': 'abc', 'content-type': 'application/json' }, body: '{"Image":"httpd"}' });
    const req = (await res.json()) as HttpRequest;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/echo');
    expect(req.query).toEqual([['all', '1'], ['filters', '{"name":["web"]}'], ['x', 'a b'], ['x', 'c']]);
    expect(req.headers['X-Registry-Auth']).toBe('abc');
    expect(req.body).toBe('{"Image":"httpd"}');
  });

  it('passes the service errors through and turns a throw into a 500, staying up', async () => {
    const base = await start();
    const missing = await fetch(`${base}/v1.50/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('{"message":"page not found"}\n');
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(((await boom.json()) as { message: string }).message).toMatch(/internal error/);
    expect((await fetch(`${base}/_ping`)).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const base = await start();
    const res = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
  });

  it('answers a malformed request as Go does (400, connection closed) and a bad escape with 400', async () => {
    const base = await start();
    const reply = await raw(running!.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const bad = await fetch(`${base}/containers/%zz/json`);
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/_ping`)).status).toBe(200);
  });

  it('streams chunks at the pace of their virtual times', async () => {
    const base = await start({ pace: 'wall' });
    const t0 = Date.now();
    const res = await fetch(`${base}/stream`);
    expect(await res.text()).toBe('{"a":1}\n{"b":2}\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('frames a multiplexed reply with the 8-byte stream headers', async () => {
    const base = await start();
    const bytes = Buffer.from(await (await fetch(`${base}/logs`)).arrayBuffer());
    const { frames, rest } = decodeFrames(bytes);
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      [1, 'out\n'],
      [2, 'err\n'],
    ]);
    expect(rest.length).toBe(0);
    const framed = Buffer.from(await (await fetch(`${base}/framed`)).arrayBuffer());
    expect(decodeFrames(framed).frames.map((f) => [f.stream, f.payload.toString()])).toEqual([[2, 'é\n']]);
  });

  it('hijacks an upgrade request: 101 UPGRADED then the raw stream', async () => {
    await start();
    const reply = await raw(running!.port, 'POST /v1.50/attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
    const reply2 = await raw(running!.port, 'POST /attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    // dockerd's three headers, then those every reply carries, sorted by name.
    expect(reply2).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\nContent-Type: application\/vnd\.docker\.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: 1\.50\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker\/28\.2\.2 \(linux\)\r\n\r\nhello from the container\n$/);
  });

  it('runs a terminal over a hijacked connection: echo, backspace, Enter runs the line, exit closes', async () => {
    await start();
    const reply = await raw(running!.port, 'POST /shell HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n', ['lz\x7fs\r', '\x1b[Aexit\r']);
    expect(reply).not.toMatch(/X-Podbook/i);
    expect(reply.slice(reply.indexOf('\r\n\r\n') + 4)).toBe('$ lz\b \bs\r\nLS\r\n$ exit\r\nexit\r\n');
  });

  it('holds a reply until the wall-clock time the caller names', async () => {
    const base = await start({ holdUntil: (req) => (req.path === '/echo' ? Date.now() + 250 : undefined) });
    const t0 = Date.now();
    expect((await fetch(`${base}/echo`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });
});
