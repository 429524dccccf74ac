/**
 * The `docker` lab: one CentOS 7 host, `localhost`, as in the notes' Docker chapters.
 */
import { LAB_EPOCH_MS } from '../core/clock.ts';
import { rngState } from '../core/rng.ts';
import { WORLD_FORMAT, type World, type WorldState } from '../kernel/world.ts';
import { PROGRAMS } from '../programs/registry.ts';
import { centosHost } from './centos-host.ts';
import type { LabDefinition } from './types.ts';

export const dockerLab: LabDefinition = {
  name: 'docker',
  defaultHost: 'localhost',
  create(seed: number): WorldState {
    return {
      format: WORLD_FORMAT,
      lab: 'docker',
      seed,
      clock: { now: LAB_EPOCH_MS },
      rng: rngState(seed),
      queue: { events: [], seq: 0 },
      hosts: { localhost: centosHost({ name: 'localhost', ip: '192.168.81.10' }, LAB_EPOCH_MS) },
      ext: {},
    };
  },
  wire(world: World): void {
    Object.assign(world.programs, PROGRAMS);
  },
};
