/**
 * The `docker` lab: one CentOS 7 host, `localhost`, as in the notes' Docker chapters, with Docker
 * Engine installed and running (its socket at /var/run/docker.sock, the client at /usr/bin/docker).
 */
import { LAB_EPOCH_MS } from '../core/clock.ts';
import { rngState } from '../core/rng.ts';
import { World, WORLD_FORMAT, type WorldState } from '../kernel/world.ts';
import { PROGRAMS } from '../programs/registry.ts';
import { installDocker, wireDocker } from '../runtime/index.ts';
import { centosHost } from './centos-host.ts';
import type { LabDefinition } from './types.ts';

export const dockerLab: LabDefinition = {
  name: 'docker',
  defaultHost: 'localhost',
  create(seed: number): WorldState {
    const state: WorldState = {
      format: WORLD_FORMAT,
      lab: 'docker',
      seed,
      clock: { now: LAB_EPOCH_MS },
      rng: rngState(seed),
      queue: { events: [], seq: 0 },
      hosts: { localhost: centosHost({ name: 'localhost', ip: '192.168.81.10' }, LAB_EPOCH_MS) },
      ext: {},
    };
    const world = new World(state);
    installDocker(world, world.host('localhost'));
    return state;
  },
  wire(world: World): void {
    Object.assign(world.programs, PROGRAMS);
    wireDocker(world);
  },
};
