/**
 * What `simulator/lazy/index.ts` becomes inside the sandbox bundle: a part is the script
 * `simulator-<name>.js`, evaluated in the same QuickJS context the first time code asks for it.
 * The bundle's prelude (scripts/build-sandbox.ts) keeps the module table; the host hands over a
 * part's text through `__pbLoadPart` (host.ts).
 */
import type { PartName, Parts } from '../../simulator/lazy/index.ts';

export type { PartName, Parts } from '../../simulator/lazy/index.ts';
export { PART_NAMES } from '../../simulator/lazy/names.ts';

interface Prelude {
  part(name: string): unknown;
}

export function part<N extends PartName>(name: N): Parts[N] {
  return (globalThis as unknown as { __pb: Prelude }).__pb.part(name) as Parts[N];
}
