import { createLab } from '../../../simulator/index.ts';
import type { Host } from '../../../simulator/kernel/host.ts';

/** A fresh docker lab and its host. */
export function freshHost(seed = 1): Host {
  return createLab('docker', { seed }).world.host('localhost');
}
