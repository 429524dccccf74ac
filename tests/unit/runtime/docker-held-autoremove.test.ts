/**
 * `docker run --rm` through a client that holds its wait (the served engine) and through the
 * in-process client: the container is removed at its exit's moment either way, so both leave the
 * same lab (events, clock).
 */
import { describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import type { HttpRequest, HttpResponse } from '../../../simulator/kernel/http.ts';
import { engineState } from '../../../simulator/runtime/engine/state.ts';

function call(lab: Lab, method: string, path: string, query: [string, string][] = [], headers: Record<string, string> = {}, body = ''): HttpResponse {
  const host = lab.world.host('localhost');
  const service = lab.world.services[host.state.listeners['unix:/var/run/docker.sock'] as string]!;
  const req: HttpRequest = { method, path, query, headers: { 'X-Podbook-Can-Hold': '1', ...headers }, body };
  return service(req, lab.world, host);
}

function events(lab: Lab): string[] {
  return engineState(lab.world, 'localhost').events.map((e) => `${e.at - lab.now} ${e.action}`);
}

describe('a held wait for the removal of a --rm container', () => {
  it('removes it at its exit, as the in-process client does', () => {
    const held = createLab('docker', { seed: 1 });
    held.run('docker pull -q busybox');
    const body = JSON.stringify({ Image: 'busybox', Cmd: ['sh', '-c', 'sleep 3'], AttachStdout: true, AttachStderr: true, HostConfig: { AutoRemove: true } });
    const id = (JSON.parse(call(held, 'POST', '/v1.50/containers/create', [], { 'Content-Type': 'application/json' }, body).body) as { Id: string }).Id;
    call(held, 'POST', `/containers/${id}/attach`, [['stream', '1'], ['stdout', '1'], ['stderr', '1']]);
    const wait = call(held, 'POST', `/containers/${id}/wait`, [['condition', 'removed']]);
    call(held, 'POST', `/containers/${id}/start`);
    // The client has gone quiet: time runs to the exit, and the removal is part of it.
    const answer = call(held, 'POST', `/containers/${id}/wait`, [], { 'X-Podbook-Held': wait.headers['X-Podbook-Held'] as string, 'X-Podbook-Idle': '1' });
    expect(JSON.parse(answer.body)).toEqual({ Error: null, StatusCode: 0 });
    expect(events(held).slice(-3)).toEqual(['-3000 start', '0 die', '0 destroy']);

    const inProcess = createLab('docker', { seed: 1 });
    inProcess.run('docker pull -q busybox');
    inProcess.run("docker run --rm busybox sh -c 'sleep 3'");
    expect(events(inProcess).slice(-3)).toEqual(events(held).slice(-3));
  });
});
