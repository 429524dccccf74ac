/** mkdir (coreutils 8.22): `-p` makes parents and accepts existing directories, `-m` sets the mode, `-v` reports. */
import type { Program } from '../../kernel/types.ts';
import { abs, errno, parseOptions, q, usageError } from './common.ts';

export const mkdir: Program = (ctx) => {
  const opts = parseOptions(ctx, 'mkdir', { short: 'pvm:', long: { parents: 'p', verbose: 'v', 'mode=': 'm' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'mkdir', 'missing operand');
  const modeText = opts.value('m');
  let mode: number | undefined;
  if (modeText !== undefined) {
    if (!/^[0-7]{1,4}$/.test(modeText)) {
      ctx.stderr(`mkdir: invalid mode ${q(modeText)}\n`);
      return 1;
    }
    mode = parseInt(modeText, 8);
  }
  let status = 0;
  const fs = ctx.host.fs;
  for (const name of opts.operands) {
    const path = abs(ctx, name);
    try {
      if (opts.has('p')) {
        const missing: string[] = [];
        for (let p = path; p !== '/' && !fs.tryStat(p); p = p.slice(0, p.lastIndexOf('/')) || '/') missing.unshift(p);
        const existing = fs.tryStat(path);
        if (existing && existing.type !== 'dir') {
          ctx.stderr(`mkdir: cannot create directory ${q(name)}: File exists\n`);
          status = 1;
          continue;
        }
        for (const p of missing) {
          fs.mkdir(p, mode !== undefined && p === path ? { mode } : {});
          if (opts.has('v')) ctx.stdout(`mkdir: created directory ${q(name.startsWith('/') ? p : p === path ? name : p)}\n`);
        }
      } else {
        fs.mkdir(path, mode !== undefined ? { mode } : {});
        if (opts.has('v')) ctx.stdout(`mkdir: created directory ${q(name)}\n`);
      }
    } catch (e) {
      ctx.stderr(`mkdir: cannot create directory ${q(name)}: ${errno(e)}\n`);
      status = 1;
    }
  }
  return status;
};
