/**
 * The engine's held replies (held.ts, attach.ts): a client that can hold a reply gets wait, attach,
 * exec input and events the way dockerd streams them, while the in-process client keeps its
 * immediate answers.
 */
import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import type { HttpRequest, HttpResponse } from '../../../simulator/kernel/http.ts';
import { decodeFrames } from '../../../src/node/mux-stream.ts';
import { engineState } from '../../../simulator/runtime/engine/state.ts';

function call(lab: Lab, method: string, path: string, query: [string, string][] = [], headers: Record<string, string> = {}, body = ''): HttpResponse {
  const host = lab.world.host('localhost');
  const service = lab.world.services[host.state.listeners['unix:/var/run/docker.sock'] as string]!;
  const req: HttpRequest = { method, path, query, headers: { 'X-Podbook-Can-Hold': '1', ...headers }, body };
  return service(req, lab.world, host);
}

function again(lab: Lab, res: HttpResponse, method: string, path: string, extra: Record<string, string> = {}, body = ''): HttpResponse {
  return call(lab, method, path, [], { 'X-Podbook-Held': res.headers['X-Podbook-Held'] as string, ...extra }, body);
}

function frames(body: string): string[] {
  return decodeFrames(Buffer.from(body, 'latin1')).frames.map((f) => `${f.stream}:${f.payload.toString('utf8')}`);
}

function create(lab: Lab, body: Record<string, unknown>): string {
  return (JSON.parse(call(lab, 'POST', '/v1.50/containers/create', [], { 'Content-Type': 'application/json' }, JSON.stringify(body)).body) as { Id: string }).Id;
}

describe('held replies', () => {
  it('docker run: attach and wait before start, then the output and the exit code', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'], AttachStdout: true, AttachStderr: true });
    const attach = call(lab, 'POST', `/containers/${id}/attach`, [['stream', '1'], ['stdout', '1'], ['stderr', '1']]);
    expect(attach.headers['Content-Type']).toBe('application/vnd.docker.multiplexed-stream');
    expect(attach.headers['X-Podbook-Held']).toBeDefined();
    const wait = call(lab, 'POST', `/containers/${id}/wait`, [['condition', 'next-exit']]);
    expect(wait.headers['X-Podbook-Held']).toBeDefined();
    expect(call(lab, 'POST', `/containers/${id}/start`).status).toBe(204);
    const out = again(lab, attach, 'POST', `/containers/${id}/attach`);
    expect(frames(out.body)).toEqual(['1:out\n', '2:err\n']);
    expect(out.headers['X-Podbook-Held']).toBeUndefined();
    const status = again(lab, wait, 'POST', `/containers/${id}/wait`);
    expect(JSON.parse(status.body)).toEqual({ Error: null, StatusCode: 3 });
  });

  it('run -d: a wait made before start never runs the clock on (the client drops it)', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['sleep', '5'] });
    const wait = call(lab, 'POST', `/containers/${id}/wait`, [['condition', 'next-exit']]);
    call(lab, 'POST', `/containers/${id}/start`);
    const before = lab.now;
    expect(again(lab, wait, 'POST', '/wait').headers['X-Podbook-Held']).toBeDefined();
    expect(again(lab, wait, 'POST', '/wait', { 'X-Podbook-Idle': '1' }).headers['X-Podbook-Held']).toBeDefined();
    expect(lab.now).toBe(before);
    expect(again(lab, wait, 'POST', '/wait', { 'X-Podbook-Cancel': '1' }).headers['X-Podbook-Held']).toBeUndefined();
  });

  it('docker wait on a running container: the clock runs to its exit once the client is quiet', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    lab.run('docker run -d --name sleeper busybox sleep 5');
    const before = lab.now;
    const wait = call(lab, 'POST', '/containers/sleeper/wait');
    expect(wait.headers['X-Podbook-Held']).toBeDefined();
    const done = again(lab, wait, 'POST', '/wait', { 'X-Podbook-Idle': '1' });
    expect(JSON.parse(done.body)).toEqual({ Error: null, StatusCode: 0 });
    expect(lab.now - before).toBe(5000);
  });

  it('on the wall clock a wait is held until the time comes, never run ahead', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    lab.run('docker run -d --name sleeper busybox sleep 5');
    const wait = call(lab, 'POST', '/containers/sleeper/wait', [], { 'X-Podbook-Wall-Clock': '1' });
    expect(again(lab, wait, 'POST', '/wait', { 'X-Podbook-Idle': '1', 'X-Podbook-Wall-Clock': '1' }).headers['X-Podbook-Held']).toBeDefined();
    lab.advance(5000);
    expect(JSON.parse(again(lab, wait, 'POST', '/wait', { 'X-Podbook-Wall-Clock': '1' }).body)).toEqual({ Error: null, StatusCode: 0 });
  });

  it('run -i: PID 1 reads the client’s input once it has all arrived', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['sh'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
    const attach = call(lab, 'POST', `/containers/${id}/attach`, [['stream', '1'], ['stdin', '1'], ['stdout', '1'], ['stderr', '1']]);
    expect(attach.headers['X-Podbook-Wants-Input']).toBe('1');
    call(lab, 'POST', `/containers/${id}/start`);
    expect(again(lab, attach, 'POST', '/attach').body).toBe('');
    const out = again(lab, attach, 'POST', '/attach', { 'X-Podbook-Input-End': '1' }, 'echo one\nhostname\n');
    expect(frames(out.body)).toEqual(['1:one\n', `1:${id.slice(0, 12)}\n`]);
    expect(out.headers['X-Podbook-Held']).toBeUndefined();
  });

  it('exec -i: the command runs with its input when the input ends', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    lab.run('docker run -d --name box busybox sleep 1000');
    const exec = (JSON.parse(call(lab, 'POST', '/containers/box/exec', [], { 'Content-Type': 'application/json' }, JSON.stringify({ Cmd: ['wc', '-l'], AttachStdin: true, AttachStdout: true })).body) as { Id: string }).Id;
    const start = call(lab, 'POST', `/exec/${exec}/start`, [], {}, '{"Detach":false,"Tty":false}');
    expect(start.headers['X-Podbook-Wants-Input']).toBe('1');
    const out = again(lab, start, 'POST', `/exec/${exec}/start`, { 'X-Podbook-Input-End': '1' }, 'a\nb\n');
    expect(frames(out.body)).toEqual(['1:2\n']);
  });

  it('events: only what happens from now on, as it happens', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const events = call(lab, 'GET', '/events');
    expect(events.body).toBe('');
    lab.run('docker run -d --name box busybox sleep 1000');
    const next = again(lab, events, 'GET', '/events');
    expect(next.body.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { Action: string }).Action)).toEqual(['create', 'start']);
    expect(again(lab, events, 'GET', '/events').body).toBe('');
  });

  it('events --until ahead of the lab: a quiet client on a caller-moved clock has time run to it', () => {
    const lab = createLab('docker', { seed: 1 });
    const until = (lab.now + 1500) / 1000;
    const events = call(lab, 'GET', '/events', [['since', '0'], ['until', until.toFixed(3)]]);
    expect(events.headers['X-Podbook-Held']).toBeDefined();
    const start = lab.now;
    expect(again(lab, events, 'GET', '/events').headers['X-Podbook-Held']).toBeDefined();
    expect(lab.now).toBe(start);
    const last = again(lab, events, 'GET', '/events', { 'X-Podbook-Idle': '1' });
    expect(last.headers['X-Podbook-Held']).toBeUndefined();
    expect(lab.now).toBe(start + 1500);
  });

  it('logs -f: the lines written since, until the container stops; --since and --until by time', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['sleep', '1000'] });
    call(lab, 'POST', `/containers/${id}/start`);
    const c = engineState(lab.world, 'localhost').containers[id]!;
    c.logs.push({ stream: 'stdout', at: lab.now, text: 'one\n' });
    const q: [string, string][] = [['stdout', '1'], ['stderr', '1'], ['follow', '1']];
    const logs = call(lab, 'GET', `/containers/${id}/logs`, q);
    expect(frames(logs.body)).toEqual(['1:one\n']);
    expect(logs.headers['X-Podbook-Held']).toBeDefined();
    expect(again(lab, logs, 'GET', `/containers/${id}/logs`).body).toBe('');
    lab.advance(1000);
    c.logs.push({ stream: 'stderr', at: lab.now, text: 'two\nthree\n' });
    const next = again(lab, logs, 'GET', `/containers/${id}/logs`);
    expect(frames(next.body)).toEqual(['2:two\n', '2:three\n']);
    expect(next.headers['X-Podbook-Held']).toBeDefined();
    // --since between the two writes, --until before the second: each side of it.
    const between = ((lab.now - 500) / 1000).toFixed(3);
    expect(frames(call(lab, 'GET', `/containers/${id}/logs`, [['stdout', '1'], ['stderr', '1'], ['since', between]]).body)).toEqual(['2:two\n', '2:three\n']);
    expect(frames(call(lab, 'GET', `/containers/${id}/logs`, [['stdout', '1'], ['stderr', '1'], ['until', between]]).body)).toEqual(['1:one\n']);
    // Without follow, or for the in-process client, the reply is not held.
    expect(call(lab, 'GET', `/containers/${id}/logs`, [['stdout', '1'], ['stderr', '1']]).headers['X-Podbook-Held']).toBeUndefined();
    lab.run(`docker kill ${id}`);
    const last = again(lab, logs, 'GET', `/containers/${id}/logs`);
    expect(last.headers['X-Podbook-Held']).toBeUndefined();
    expect(Object.keys((lab.world.state.ext['docker-held/localhost'] as { replies: object }).replies)).toEqual([]);
  });

  it('the in-process client still gets immediate answers', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    expect(lab.run('docker run busybox echo hi').output).toBe('hi\n');
    expect(lab.run('echo hi | docker run -i busybox cat').output).toBe('hi\n');
  });
});

describe('create as the real client sends it', () => {
  it('ShmSize 0 gets the daemon’s 64 MB default, as dockerd fills it in', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['true'], HostConfig: { ShmSize: 0 } });
    const inspect = JSON.parse(call(lab, 'GET', `/containers/${id}/json`).body) as { HostConfig: { ShmSize: number } };
    expect(inspect.HostConfig.ShmSize).toBe(67108864);
    const sized = create(lab, { Image: 'busybox', Cmd: ['true'], HostConfig: { ShmSize: 1048576 } });
    expect((JSON.parse(call(lab, 'GET', `/containers/${sized}/json`).body) as { HostConfig: { ShmSize: number } }).HostConfig.ShmSize).toBe(1048576);
  });
});

describe('a --rm container whose start fails', () => {
  it('is removed, as dockerd removes it after cleaning up, so a client waiting for its removal gets its answer', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const id = create(lab, { Image: 'busybox', Cmd: ['nosuchcmd'], HostConfig: { AutoRemove: true } });
    const wait = call(lab, 'POST', `/containers/${id}/wait`, [['condition', 'removed']]);
    expect(call(lab, 'POST', `/containers/${id}/start`).status).toBe(400);
    expect(JSON.parse(again(lab, wait, 'POST', '/wait').body)).toEqual({ Error: null, StatusCode: 127 });
    expect(lab.run('docker ps -aq').output).toBe('');
  });
});

describe('PID 1 environment', () => {
  it('is in the daemon’s order: PATH, HOSTNAME, TERM with a TTY, the image’s and client’s variables, HOME', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    const env = lab.run('docker run --rm -e GREETING=hi busybox env').output.split('\n').map((l) => l.split('=')[0]);
    expect(env.filter(Boolean)).toEqual(['PATH', 'HOSTNAME', 'GREETING', 'HOME']);
    expect(lab.run('docker run --rm -t busybox env').output.split('\n').map((l) => l.split('=')[0]).filter(Boolean)).toEqual(['PATH', 'HOSTNAME', 'TERM', 'HOME']);
  });
});
