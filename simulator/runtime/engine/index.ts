/**
 * dockerd as an HTTP service: the Engine API 1.50 routes on the host's `/var/run/docker.sock`.
 * Paths may carry a version prefix (`/v1.50/containers/json`) or none, as the real daemon allows;
 * versions above 1.50 or below 1.24 are refused with its wording.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { answerHeld } from './attach.ts';
import { containerRoutes } from './containers.ts';
import { header, HELD } from './held.ts';
import { createExec, inspectExec, startExec } from './exec.ts';
import { imageRoutes } from './images.ts';
import { ensureDefaultNetworks } from './networks.ts';
import { badRequest, errorReply } from './reply.ts';
import { engineState, API_VERSION, MIN_API_VERSION } from './state.ts';
import { systemRoutes } from './system.ts';
import { volumeRoutes } from './volumes.ts';
import { networkRoutes } from './network-routes.ts';

function compareVersions(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number) as [number, number];
  const [b1, b2] = b.split('.').map(Number) as [number, number];
  return a1 - b1 || a2 - b2;
}

export function dockerd(req: HttpRequest, world: World, host: Host): HttpResponse {
  const state = engineState(world, host.name);
  ensureDefaultNetworks(world, state);
  let path = req.path;
  const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
  if (versioned) {
    const version = versioned[1] as string;
    if (compareVersions(version, API_VERSION) > 0) return badRequest(`client version ${version} is too new. Maximum supported API version is ${API_VERSION}`);
    if (compareVersions(version, MIN_API_VERSION) < 0) return badRequest(`client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`);
    path = versioned[2] as string;
  }
  // A client holding a reply open asks for what is new (held.ts).
  if (header(req, HELD) !== undefined) return answerHeld(world, host, state, req);
  const group = /^\/([a-z_]+)(.*)$/.exec(path);
  let reply: HttpResponse | undefined;
  if (group) {
    const [, name, rest] = group as unknown as [string, string, string];
    const execCreate = /^\/([^/]+)\/exec$/.exec(rest);
    const execRoute = /^\/([^/]+)\/(start|json)$/.exec(rest);
    if (name === 'containers' && execCreate && req.method === 'POST') reply = createExec(world, state, host.name, decodeURIComponent(execCreate[1] as string), req);
    else if (name === 'exec' && execRoute) reply = execRoute[2] === 'start' && req.method === 'POST' ? startExec(world, host, state, execRoute[1] as string, req) : req.method === 'GET' && execRoute[2] === 'json' ? inspectExec(world, host, execRoute[1] as string) : undefined;
    else if (name === 'containers') reply = containerRoutes(world, host, state, req, rest);
    else if (name === 'images') reply = imageRoutes(world, state, req, rest, host);
    else if (name === 'volumes') reply = volumeRoutes(world, host, state, req, rest);
    else if (name === 'networks') reply = networkRoutes(world, host, state, req, rest);
    else reply = systemRoutes(world, host, state, req, path);
  }
  return reply ?? errorReply(404, 'page not found');
}
