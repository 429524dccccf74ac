import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { followWallClock, labTarget } from '../../../src/node/lab-target.ts';

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serve(lab: Lab, extra: { headersTimeoutMs?: number; requestTimeoutMs?: number } = {}): Promise<string> {
  running = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(lab, { clock: 'manual' }), maxBodyBytes: 64 * 1024, ...extra });
  return `http://127.0.0.1:${running.port}`;
}

describe('a served docker lab', () => {
  it('answers the ping a client negotiates with, from the lab engine', async () => {
    const base = await serve(createLab('docker'));
    const head = await fetch(`${base}/_ping`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('api-version')).toBe('1.50');
    expect(head.headers.get('ostype')).toBe('linux');
    expect(head.headers.get('server')).toBe('Docker/28.2.2 (linux)');
    const get = await fetch(`${base}/_ping`);
    expect(await get.text()).toBe('OK');
  });

  it('one world: a container made over HTTP is seen by a command typed in the lab', async () => {
    const lab = createLab('docker');
    const base = await serve(lab);
    expect(lab.run('docker pull busybox').exitCode).toBe(0);
    const created = await fetch(`${base}/v1.50/containers/create?name=seen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ Image: 'busybox', Cmd: ['sleep', '1000'] }) });
    expect(created.status).toBe(201);
    expect(lab.run('docker ps -a --format {{.Names}}').output).toBe('seen\n');
  });

  it('gives the daemon errors for unknown endpoints, bad JSON and unsupported versions', async () => {
    const base = await serve(createLab('docker'));
    const missing = await fetch(`${base}/v1.50/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'page not found' });
    const bad = await fetch(`${base}/v1.50/containers/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Image": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).not.toBe('');
    const tooNew = await fetch(`${base}/v1.99/containers/json`);
    expect(tooNew.status).toBe(400);
    expect(await tooNew.json()).toEqual({ message: 'client version 1.99 is too new. Maximum supported API version is 1.50' });
  });

  it('refuses huge bodies with 413 and malformed requests with 400, and keeps serving', async () => {
    const base = await serve(createLab('docker'));
    expect((await fetch(`${base}/v1.50/containers/create`, { method: 'POST', body: 'x'.repeat(100_000) })).status).toBe(413);
    const reply = await new Promise<string>((resolve) => {
      const s = connect(running!.port, '127.0.0.1', () => s.write('GET /_ping HTTP/1.1\r\nHost x\r\n\r\n'));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await fetch(`${base}/_ping`)).status).toBe(200);
  });

  it('times out a client that never finishes its headers', async () => {
    await serve(createLab('docker'), { headersTimeoutMs: 300, requestTimeoutMs: 300 });
    const started = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const s = connect(running!.port, '127.0.0.1', () => s.write('GET /_ping HTTP/1.1\r\nHost: x\r\n'));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a client that stops halfway through its body, and keeps serving others', async () => {
    await serve(createLab('docker'), { headersTimeoutMs: 300, requestTimeoutMs: 400 });
    const reply = await new Promise<string>((resolve) => {
      const s = connect(running!.port, '127.0.0.1', () => s.write('POST /v1.50/containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"Image":'));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`http://127.0.0.1:${running!.port}/_ping`)).status).toBe(200);
  });

  it('says plainly when nothing listens on the socket', async () => {
    const lab = createLab('docker');
    delete lab.world.host('localhost').state.listeners['unix:/var/run/docker.sock'];
    const base = await serve(lab);
    const res = await fetch(`${base}/_ping`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/^podbook: nothing listens on unix:\/var\/run\/docker.sock on localhost/);
  });

  it('moves the lab to the wall clock, never back', () => {
    const lab = createLab('docker');
    const wall = lab.now + 60_000;
    followWallClock(lab, wall);
    expect(lab.now).toBe(wall);
    followWallClock(lab, wall - 5000);
    expect(lab.now).toBe(wall);
  });
});
