/**
 * The runtime layer's way in for labs: installs dockerd on a host (its unix socket and state)
 * and registers the engine, its event handlers and the docker client on a world.
 */
import type { Host } from '../kernel/host.ts';
import type { World } from '../kernel/world.ts';
import { dockerProgram } from './cli/docker/index.ts';
import { dockerd } from './engine/index.ts';
import { rewireProxies, wireEngineEvents } from './engine/lifecycle.ts';
import { engineState } from './engine/state.ts';

export const DOCKER_SOCKET = '/var/run/docker.sock';
export const DOCKER_BINARY = '/usr/bin/docker';

/** Puts Docker Engine on a host: the docker binary, /var/lib/docker and the listening socket. */
export function installDocker(world: World, host: Host): void {
  host.fs.writeFile(DOCKER_BINARY, '', { mode: 0o755, prog: 'docker', size: 0 });
  host.fs.writeFile('/usr/bin/dockerd', '', { mode: 0o755, prog: 'dockerd', size: 0 });
  host.fs.mkdir('/var/lib/docker/overlay2', { parents: true });
  host.fs.mkdir('/var/lib/docker/volumes', { parents: true });
  host.fs.mkdir('/var/lib/docker/containers', { parents: true });
  host.fs.mkdir('/var/run', { parents: true });
  host.fs.writeFile(DOCKER_SOCKET, '', { mode: 0o660 });
  host.fs.stat(DOCKER_SOCKET).type = 'socket';
  host.state.listeners[`unix:${DOCKER_SOCKET}`] = 'dockerd';
  engineState(world, host.name);
}

/** Registers the engine service, the client program and the engine's timed events. */
export function wireDocker(world: World): void {
  world.services['dockerd'] = dockerd;
  world.programs['docker'] = dockerProgram;
  wireEngineEvents(world);
  rewireProxies(world);
}

export { runDockerCli, socketTransport } from './cli/docker/index.ts';
export type { CliIo, Transport } from './cli/docker/client.ts';
