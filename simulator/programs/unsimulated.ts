/**
 * Programs an image carries that Podbook does not model (package managers: `apt-get`, `apk`):
 * they exist, so the shell finds them, and say plainly that they are not simulated.
 */
import type { Program } from '../kernel/types.ts';

export const unsimulated: Program = (ctx) => {
  const name = (ctx.argv[0] ?? '').split('/').pop() ?? '';
  ctx.stderr(`podbook: '${name}' is not simulated\n`);
  return 1;
};
