/** Small programs: yes, clear, true, false, pwd, basename, dirname, readlink, and the editors Podbook replaces. */
import type { Program } from '../../kernel/types.ts';
import { basename as base, dirname as dir } from '../../kernel/vfs.ts';
import { abs, usageError, q } from './common.ts';

/** yes repeats until the reader stops reading; the shell's pipe and output limits stop it here. */
export const yes: Program = (ctx) => {
  const line = (ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (let written = 0; written < 64 * 1024 * 1024; written += chunk.length) ctx.stdout(chunk);
  return 0;
};

/** ncurses 5.9's clear for TERM=xterm: home the cursor, erase the screen. */
export const clear: Program = (ctx) => {
  ctx.stdout('\x1b[H\x1b[2J');
  return 0;
};

export const trueProgram: Program = () => 0;
export const falseProgram: Program = () => 1;

export const pwd: Program = (ctx) => {
  ctx.stdout(ctx.cwd + '\n');
  return 0;
};

export const basename: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) return usageError(ctx, 'basename', 'missing operand');
  if (args.length > 2) return usageError(ctx, 'basename', `extra operand ${q(args[2] as string)}`);
  let b = base(args[0] as string);
  const suffix = args[1];
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  ctx.stdout(b + '\n');
  return 0;
};

export const dirname: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) return usageError(ctx, 'dirname', 'missing operand');
  for (const a of args) {
    const t = a.length > 1 ? a.replace(/\/+$/, '') : a;
    ctx.stdout((t.includes('/') ? dir(t) : '.') + '\n');
  }
  return 0;
};

export const readlink: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const canon = args.includes('-f') || args.includes('-e') || args.includes('-m');
  const names = args.filter((a) => !a.startsWith('-'));
  if (names.length === 0) return usageError(ctx, 'readlink', 'missing operand');
  let status = 0;
  for (const n of names) {
    const path = abs(ctx, n);
    if (canon) {
      let p = path;
      for (let k = 0; k < 40; k++) {
        const node = ctx.host.fs.tryStat(p, false);
        if (node?.type !== 'symlink') break;
        const t = node.target ?? '';
        p = t.startsWith('/') ? t : `${dir(p)}/${t}`.replace(/\/+/g, '/');
      }
      ctx.stdout(p + '\n');
      continue;
    }
    const node = ctx.host.fs.tryStat(path, false);
    if (node?.type === 'symlink') ctx.stdout((node.target ?? '') + '\n');
    else status = 1;
  }
  return status;
};

/** vi, vim and nano need a keyboard; a cell has none. */
export function editor(name: string): Program {
  return (ctx) => {
    ctx.stderr(`podbook: ${name} is not simulated: there is no keyboard to edit with. Write files with a heredoc (cat > file <<'EOF' ... EOF) or with a file cell.\n`);
    return 1;
  };
}
