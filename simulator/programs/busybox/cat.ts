/**
 * busybox cat: the GNU model's output for what it can read, busybox's wording for what it
 * cannot (`cat: can't open 'x': No such file or directory`, `cat: read error: Is a directory`), exit 1.
 */
import type { Program } from '../../kernel/types.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import { cat } from '../coreutils/cat.ts';
import { errno } from '../coreutils/common.ts';

export const busyboxCat: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const flags = args.filter((a) => a.startsWith('-') && a !== '-');
  const names = args.filter((a) => !a.startsWith('-') || a === '-');
  if (names.length === 0) return cat(ctx);
  let status = 0;
  for (const name of names) {
    if (name !== '-') {
      try {
        const node = ctx.host.fs.stat(normalizePath(name, ctx.cwd));
        if (node.type === 'dir') {
          ctx.stderr('cat: read error: Is a directory\n');
          status = 1;
          continue;
        }
      } catch (e) {
        ctx.stderr(`cat: can't open '${name}': ${errno(e)}\n`);
        status = 1;
        continue;
      }
    }
    if (cat({ ...ctx, argv: ['cat', ...flags, name] }) !== 0) status = 1;
  }
  return status;
};
