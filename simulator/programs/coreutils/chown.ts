/** chown and chgrp (coreutils 8.22): `user[:group]`, `:group`, numeric ids, `-R`. */
import type { ExecContext, Program } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { abs, groups, parseOptions, passwd, q, usageError } from './common.ts';

function setOwner(fs: Vfs, path: string, uid: number | undefined, gid: number | undefined): void {
  const node = fs.stat(path, false);
  // Files are rewritten through the Vfs so a copy-on-write layer copies them up first.
  const target = node.type === 'file' ? fs.writeFile(path, node.data ?? '', node.size !== undefined && !node.data ? { size: node.size } : {}) : node;
  if (node.type === 'file') target.mtime = node.mtime;
  if (uid !== undefined) target.uid = uid;
  if (gid !== undefined) target.gid = gid;
}

function change(ctx: ExecContext, prog: 'chown' | 'chgrp'): number {
  const opts = parseOptions(ctx, prog, { short: 'Rvfch', long: { recursive: 'R', verbose: 'v', silent: 'f', quiet: 'f', changes: 'c', 'no-dereference': 'h' } });
  if (typeof opts === 'number') return opts;
  const [spec, ...files] = opts.operands;
  if (spec === undefined) return usageError(ctx, prog, 'missing operand');
  if (files.length === 0) return usageError(ctx, prog, `missing operand after ${q(spec)}`);
  const [userText, groupText] = prog === 'chgrp' ? ['', spec] : spec.includes(':') || spec.includes('.') ? (spec.split(/[:.]/, 2) as [string, string]) : [spec, ''];
  let uid: number | undefined;
  let gid: number | undefined;
  if (userText) {
    const u = passwd(ctx.host).find((f) => f[0] === userText);
    if (u) uid = Number(u[2]);
    else if (/^\d+$/.test(userText)) uid = Number(userText);
    else {
      ctx.stderr(`${prog}: invalid user: ${q(spec)}\n`);
      return 1;
    }
    if (groupText === '' && /[:.]$/.test(spec) && u) gid = Number(u[3]);
  }
  if (groupText) {
    const g = groups(ctx.host).find((f) => f[0] === groupText);
    if (g) gid = Number(g[2]);
    else if (/^\d+$/.test(groupText)) gid = Number(groupText);
    else {
      ctx.stderr(prog === 'chgrp' ? `chgrp: invalid group: ${q(groupText)}\n` : `chown: invalid group: ${q(spec)}\n`);
      return 1;
    }
  }
  const fs = ctx.host.fs;
  let status = 0;
  const visit = (path: string, name: string): void => {
    const node = fs.tryStat(path, false);
    if (!node) {
      ctx.stderr(`${prog}: cannot access ${q(name)}: No such file or directory\n`);
      status = 1;
      return;
    }
    setOwner(fs, path, uid, gid);
    if (opts.has('R') && node.type === 'dir') for (const child of fs.readdir(path)) visit(`${path === '/' ? '' : path}/${child}`, `${name.replace(/\/$/, '')}/${child}`);
  };
  for (const f of files) visit(abs(ctx, f), f);
  return status;
}

export const chown: Program = (ctx) => change(ctx, 'chown');
export const chgrp: Program = (ctx) => change(ctx, 'chgrp');
