/** getenforce and setenforce (libselinux-utils): the SELinux mode of a host, Enforcing on a fresh CentOS 7. */
import type { ExecContext, Program } from '../../kernel/types.ts';

function state(ctx: ExecContext): { mode: 'Enforcing' | 'Permissive' } {
  return ctx.world.ext(`selinux/${ctx.host.name}`, () => ({ mode: 'Enforcing' as 'Enforcing' | 'Permissive' }));
}

export const getenforce: Program = (ctx) => {
  ctx.stdout(state(ctx).mode + '\n');
  return 0;
};

export const setenforce: Program = (ctx) => {
  const arg = ctx.argv[1];
  const mode = arg === '1' || arg?.toLowerCase() === 'enforcing' ? 'Enforcing' : arg === '0' || arg?.toLowerCase() === 'permissive' ? 'Permissive' : null;
  if (ctx.argv.length !== 2 || mode === null) {
    ctx.stderr('usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n');
    return 1;
  }
  state(ctx).mode = mode;
  return 0;
};
