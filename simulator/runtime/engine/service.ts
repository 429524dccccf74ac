/**
 * docker.service: dockerd and containerd as host processes under systemd, registered as a unit so
 * `systemctl status|stop|start docker` see and drive the engine. Stopping it stops the running
 * containers (as a daemon without live-restore does) and closes the socket; starting it again
 * brings back the containers whose restart policy asks for it.
 */
import type { Host } from '../../kernel/host.ts';
import type { World } from '../../kernel/world.ts';
import { findUnit, registerUnit, registerUnitHook, type UnitState } from '../../programs/coreutils/units.ts';
import { startContainer, stopContainer } from './lifecycle.ts';
import { engineState } from './state.ts';
import { ensureBridge } from './netsetup.ts';
import { ensureDefaultNetworks } from './networks.ts';

export const DOCKER_SOCKET = '/var/run/docker.sock';
const DOCKERD_ARGV = ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'];
const CONTAINERD_ARGV = ['/usr/bin/containerd'];

const DOCKER_UNIT = {
  name: 'docker.service',
  description: 'Docker Application Container Engine',
  path: '/usr/lib/systemd/system/docker.service',
  vendorPreset: 'disabled' as const,
  docs: ['https://docs.docker.com'],
  hook: 'docker',
};

const CONTAINERD_UNIT = {
  name: 'containerd.service',
  description: 'containerd container runtime',
  path: '/usr/lib/systemd/system/containerd.service',
  vendorPreset: 'disabled' as const,
  docs: ['https://containerd.io'],
};

function spawnDaemons(host: Host): { dockerd: number; containerd: number } {
  const containerd = host.spawn({ ppid: 1, argv: CONTAINERD_ARGV, prog: 'containerd', state: 'S' }).pid;
  const dockerd = host.spawn({ ppid: 1, argv: DOCKERD_ARGV, prog: 'dockerd', state: 'S' }).pid;
  host.state.listeners[`unix:${DOCKER_SOCKET}`] = 'dockerd';
  return { dockerd, containerd };
}

/** At install: both daemons running and their units enabled and active. */
export function bootDockerService(world: World, host: Host): void {
  const pids = spawnDaemons(host);
  createDefaultBridge(world, host);
  registerUnit(world, host.name, CONTAINERD_UNIT, { enabled: true, active: true, mainPid: pids.containerd });
  registerUnit(world, host.name, DOCKER_UNIT, { enabled: true, active: true, mainPid: pids.dockerd });
}

/** dockerd brings up docker0 (the default bridge network) as it starts, before any container. */
function createDefaultBridge(world: World, host: Host): void {
  const state = engineState(world, host.name);
  ensureDefaultNetworks(world, state);
  const bridge = Object.values(state.networks).find((n) => n.name === 'bridge');
  if (bridge) ensureBridge(world, host.name, state, bridge.id);
}

function stopEngine(world: World, host: Host, unit: UnitState): void {
  const state = engineState(world, host.name);
  for (const c of Object.values(state.containers)) {
    if (c.state.status === 'restarting') c.state.status = 'exited';
    if (c.state.status !== 'running' && c.state.status !== 'paused') continue;
    // The daemon's shutdown is not a user's stop: restart policies still apply at the next start.
    const byUser = c.stoppedByUser;
    stopContainer(world, host, state, c);
    if (byUser) c.stoppedByUser = true;
    else delete c.stoppedByUser;
  }
  delete host.state.listeners[`unix:${DOCKER_SOCKET}`];
  if (unit.mainPid !== undefined && host.proc(unit.mainPid)) host.exit(unit.mainPid, 0);
}

function startEngine(world: World, host: Host): number {
  const state = engineState(world, host.name);
  const containerd = findUnit(world, host.name, 'containerd.service');
  let dockerd: number;
  if (containerd?.mainPid !== undefined && host.proc(containerd.mainPid)) {
    dockerd = host.spawn({ ppid: 1, argv: DOCKERD_ARGV, prog: 'dockerd', state: 'S' }).pid;
    host.state.listeners[`unix:${DOCKER_SOCKET}`] = 'dockerd';
  } else {
    const pids = spawnDaemons(host);
    dockerd = pids.dockerd;
    if (containerd) Object.assign(containerd, { active: true, mainPid: pids.containerd, since: world.clock.now });
  }
  state.bootedAt = world.clock.now;
  createDefaultBridge(world, host);
  for (const c of Object.values(state.containers)) {
    const policy = (c.hostConfig['RestartPolicy'] ?? {}) as { Name?: string };
    const wanted = policy.Name === 'always' || (policy.Name === 'unless-stopped' && !c.stoppedByUser);
    if (wanted && c.state.status === 'exited') startContainer(world, host, state, c);
  }
  return dockerd;
}

/** The unit hook systemctl calls for docker.service. */
export function wireDockerService(world: World): void {
  registerUnitHook(world, 'docker', (w, hostName, action, unit) => {
    const host = w.host(hostName);
    if (action === 'start') return { pid: startEngine(w, host) };
    stopEngine(w, host, unit);
    return undefined;
  });
}
