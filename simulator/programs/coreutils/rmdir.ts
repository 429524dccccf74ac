/** rmdir (coreutils 8.22): removes empty directories; `-p` removes the empty parents too. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';

export const rmdir: Program = (ctx) => {
  const opts = parseOptions(ctx, 'rmdir', { short: 'pv', long: { parents: 'p', verbose: 'v', 'ignore-fail-on-non-empty': 'ignore' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'rmdir', 'missing operand');
  const fs = ctx.host.fs;
  let status = 0;
  for (const name of opts.operands) {
    const targets = [name];
    if (opts.has('p')) for (let p = name.replace(/\/+$/, ''); p.includes('/'); ) targets.push((p = p.slice(0, p.lastIndexOf('/'))));
    for (const t of targets.filter(Boolean)) {
      const path = abs(ctx, t);
      const node = fs.tryStat(path, false);
      try {
        if (!node) throw Object.assign(new Error('ENOENT'), { text: 'No such file or directory' });
        if (node.type !== 'dir') throw Object.assign(new Error('ENOTDIR'), { text: 'Not a directory' });
        if (Object.keys(node.entries ?? {}).length > 0) {
          if (opts.has('ignore')) break;
          throw Object.assign(new Error('ENOTEMPTY'), { text: 'Directory not empty' });
        }
        fs.remove(path);
        if (opts.has('v')) ctx.stdout(`rmdir: removing directory, ${q(t)}\n`);
      } catch (e) {
        const text = (e as { text?: string }).text ?? errno(e);
        ctx.stderr(`rmdir: failed to remove ${q(t)}: ${text}\n`);
        status = 1;
        break;
      }
    }
  }
  return status;
};
