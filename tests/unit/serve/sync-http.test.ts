import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHttp, parseDockerHost, type SyncHttp } from '../../../src/node/sync-http.ts';

let server: ChildProcess;
let port = 0;
let transport: SyncHttp;

// The transport blocks this thread, so the server it talks to runs in another process.
beforeAll(async () => {
  server = spawn(process.execPath, ['tests/fixtures/engine/server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise<number>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', () => reject(new Error('fixture engine exited')));
  });
  transport = createSyncHttp(`tcp://127.0.0.1:${port}`);
});

afterAll(() => {
  transport?.close();
  server?.kill();
});

function get(path: string, query: [string, string][] = []) {
  return transport.request({ method: 'GET', path, query, headers: {}, body: '' });
}

describe('synchronous HTTP transport', () => {
  it('parses DOCKER_HOST forms and refuses others with the client message', () => {
    expect(parseDockerHost('tcp://127.0.0.1:2375')).toEqual({ host: '127.0.0.1', port: 2375 });
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(() => parseDockerHost('ftp://x')).toThrow('unable to parse docker host `ftp://x`');
  });

  it('performs a request synchronously and returns the reply as an HttpResponse', () => {
    const ping = get('/_ping');
    expect(ping.ok && ping.response.status).toBe(200);
    expect(ping.ok && ping.response.body).toBe('OK');
    expect(ping.ok && ping.response.headers['Api-Version']).toBe('1.50');
    const list = get('/v1.50/containers/json', [['all', '1']]);
    expect(list.ok && (JSON.parse(list.response.body) as unknown[]).length).toBe(4);
  });

  it('keeps error replies and path escapes intact', () => {
    const missing = get('/v1.50/containers/no such/json');
    expect(missing.ok && missing.response.status).toBe(404);
    expect(missing.ok && missing.response.body).toBe('{"message":"No such container: no such"}\n');
  });

  it('collects a streamed reply', () => {
    const pull = transport.request({ method: 'POST', path: '/v1.50/images/create', query: [['fromImage', 'docker.io/library/httpd'], ['tag', 'latest']], headers: {}, body: '' });
    expect(pull.ok && pull.response.body.split('\r\n').at(-2)).toBe('{"status":"Status: Downloaded newer image for httpd:latest"}');
  });

  it('reports a refused connection as ECONNREFUSED', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const nobody = createSyncHttp(`tcp://127.0.0.1:${free}`);
    expect(nobody.request({ method: 'GET', path: '/_ping', query: [], headers: {}, body: '' })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
    nobody.close();
  });
});
