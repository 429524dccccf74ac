/** which (GNU which 2.20): the first match on PATH; `-a` all of them. */
import type { Program } from '../../kernel/types.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';
import { normalizePath } from '../../kernel/vfs.ts';

export const which: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const all = args.includes('-a') || args.includes('--all');
  const names = args.filter((a) => !a.startsWith('-'));
  const path = ctx.env['PATH'] ?? DEFAULT_PATH;
  let status = 0;
  for (const name of names) {
    const dirs = name.includes('/') ? [''] : path.split(':');
    let found = false;
    for (const dir of dirs) {
      const candidate = name.includes('/') ? normalizePath(name, ctx.cwd) : normalizePath(`${dir}/${name}`, ctx.cwd);
      const node = ctx.host.fs.tryStat(candidate);
      if (node && node.type !== 'dir' && node.mode & 0o111) {
        ctx.stdout((name.includes('/') ? name : candidate) + '\n');
        found = true;
        if (!all) break;
      }
    }
    if (!found) {
      ctx.stderr(`/usr/bin/which: no ${name} in (${path})\n`);
      status = 1;
    }
  }
  return status;
};
