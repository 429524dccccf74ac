/**
 * The runtime layer's way in for labs: installs dockerd on a host (its unix socket and state)
 * and registers the engine, its event handlers and the docker client on a world.
 */
import type { Host } from '../kernel/host.ts';
import type { World } from '../kernel/world.ts';
import type { Session } from '../kernel/types.ts';
import { dockerProgram } from './cli/docker/index.ts';
import { wireDockerStreams } from './cli/docker/streams.ts';
import { dockerd } from './engine/index.ts';
import { wireEngineEvents } from './engine/lifecycle.ts';
import { logDetach } from './engine/exec.ts';
import { bootDockerService, DOCKER_SOCKET, wireDockerService } from './engine/service.ts';
import { engineState } from './engine/state.ts';
import { addOutputSink } from '../programs/servers/output.ts';

export { DOCKER_SOCKET };
export const DOCKER_BINARY = '/usr/bin/docker';

/** Puts Docker Engine on a host: the docker binary, /var/lib/docker and the listening socket. */
export function installDocker(world: World, host: Host): void {
  host.fs.writeFile(DOCKER_BINARY, '', { mode: 0o755, prog: 'docker', size: 0 });
  host.fs.writeFile('/usr/bin/dockerd', '', { mode: 0o755, prog: 'dockerd', size: 0 });
  host.fs.mkdir('/var/lib/docker/overlay2', { parents: true });
  host.fs.mkdir('/var/lib/docker/volumes', { parents: true });
  host.fs.mkdir('/var/lib/docker/containers', { parents: true });
  host.fs.mkdir('/var/run', { parents: true });
  // The package's scriptlet adds a system group `docker`; the socket is root:docker 0660.
  const gid = dockerGroup(host);
  host.fs.writeFile(DOCKER_SOCKET, '', { mode: 0o660 });
  host.fs.stat(DOCKER_SOCKET).type = 'socket';
  host.fs.chown(DOCKER_SOCKET, 0, gid);
  host.fs.writeFile('/usr/bin/containerd', '', { mode: 0o755, prog: 'containerd', size: 0 });
  engineState(world, host.name);
  bootDockerService(world, host);
}

/** `groupadd -r docker`: the highest free system gid below 1000. */
function dockerGroup(host: Host): number {
  const text = host.fs.tryStat('/etc/group') ? host.fs.readFile('/etc/group') : '';
  const used = new Set(text.split('\n').map((line) => Number(line.split(':')[2])));
  let gid = 999;
  while (used.has(gid)) gid--;
  host.fs.writeFile('/etc/group', `${text}docker:x:${gid}:\n`);
  if (host.fs.tryStat('/etc/gshadow')) host.fs.appendFile('/etc/gshadow', 'docker:!::\n');
  return gid;
}

/** Registers the engine service, the client program and the engine's timed events. */
export function wireDocker(world: World): void {
  world.services['dockerd'] = dockerd;
  world.programs['docker'] = dockerProgram;
  wireEngineEvents(world);
  wireDockerStreams(world);
  wireDockerService(world);
  addOutputSink(containerOutput);
}

/** Lines a server in a container writes after it started land in that container's log. */
function containerOutput(world: World, host: string, pid: number, stream: 'stdout' | 'stderr', text: string): boolean {
  const state = world.state.ext[`docker/${host}`] as ReturnType<typeof engineState> | undefined;
  if (!state) return false;
  for (const c of Object.values(state.containers)) {
    if (c.state.pid === pid && c.state.pid !== 0) {
      c.logs.push({ stream, at: world.clock.now, text });
      return true;
    }
  }
  return false;
}

export { runDockerCli, socketTransport } from './cli/docker/index.ts';
export type { CliIo, Transport } from './cli/docker/client.ts';

/**
 * Ctrl+P Ctrl+Q in a terminal attached to a container (`run -it`, `attach`, `exec -it`): the
 * reader's terminal leaves the container's shell without ending it. Returns what the terminal
 * prints (`read escape sequence`), or undefined when the top shell is not in a container.
 */
export function detachTerminal(world: World, sessionId = 'main'): string | undefined {
  const sessions = (world.state.ext['sessions'] as { sessions?: Record<string, Session> } | undefined)?.sessions;
  const session = sessions?.[sessionId];
  const top = session?.frames[session.frames.length - 1];
  if (!session || !top || top.kind === 'login' || top.container === undefined) return undefined;
  session.frames.pop();
  logDetach(world, top);
  return 'read escape sequence\n';
}
