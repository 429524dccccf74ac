/** /usr/bin/echo (coreutils 8.22): the same options and escapes as bash's builtin. */
import type { Program } from '../../kernel/types.ts';
import { echoText } from '../shell/format-builtins.ts';

export const echo: Program = (ctx) => {
  ctx.stdout(echoText(ctx.argv.slice(1)));
  return 0;
};
