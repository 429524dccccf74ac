/**
 * Parts of the simulator that need not be loaded before the first command: large data and rarely
 * used programs, commands and routes. Code reaches them only through `part(name)`, at the moment it
 * needs them. Natively (Node) every part is imported up front and `part` just hands it over; the
 * sandbox build (scripts/build-sandbox.ts) swaps this module for src/sandbox/parts-guest.ts, which
 * evaluates a part's script inside QuickJS on first use, so the page's first command waits for
 * less code. A part's modules must have no import-time side effects on a lab: loading one never
 * changes what a command prints.
 */
import * as help from './parts/help.ts';
import * as extras from './parts/extras.ts';
import * as servers from './parts/servers.ts';

export interface Parts {
  help: typeof help;
  extras: typeof extras;
  servers: typeof servers;
}

export type PartName = keyof Parts;

export { PART_NAMES } from './names.ts';

const PARTS: Parts = { help, extras, servers };

export function part<N extends PartName>(name: N): Parts[N] {
  return PARTS[name];
}
