import type { World, WorldState } from '../kernel/world.ts';

/** A ready world: how to build its state from a seed, and how to wire behaviour onto a world. */
export interface LabDefinition {
  name: string;
  /** Host the reader types into by default. */
  defaultHost: string;
  /** Fresh state for a seed (also the state `Reset lab` returns to). */
  create(seed: number): WorldState;
  /** Registers programs, services and event handlers; run after create and after every restore. */
  wire(world: World): void;
}
