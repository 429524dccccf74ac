/**
 * find (findutils 4.5.11) basics: start paths, `-name`, `-iname`, `-type`, `-maxdepth`, `-mindepth`,
 * `-path`, `-empty`, `-newer`? no; `!`/`-not`, `-o`, `-print`, `-delete`. Directory entries are
 * visited in name order (a real XFS returns its own on-disk order).
 */
import type { Program } from '../../kernel/types.ts';
import type { Inode } from '../../kernel/vfs.ts';
import { matchPattern } from '../shell/pattern.ts';
import { abs, fileSize, q } from './common.ts';

type Test = (path: string, node: Inode, depth: number) => boolean;

class FindError extends Error {}

export const find: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const starts: string[] = [];
  let i = 0;
  while (i < args.length && !(args[i] as string).startsWith('-') && args[i] !== '!' && args[i] !== '(') starts.push(args[i++] as string);
  if (starts.length === 0) starts.push('.');
  let maxDepth = Infinity;
  let minDepth = 0;
  let actions = 0;
  let deleting = false;
  const expr = args.slice(i);
  let pos = 0;
  const primary = (): Test => {
    const a = expr[pos++];
    const arg = (): string => {
      const v = expr[pos++];
      if (v === undefined) throw new FindError(`missing argument to \`${a}'`);
      return v;
    };
    switch (a) {
      case '!':
      case '-not': {
        const t = primary();
        return (p, n, d) => !t(p, n, d);
      }
      case '(': {
        const t = or();
        if (expr[pos++] !== ')') throw new FindError("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
        return t;
      }
      case '-name':
      case '-iname': {
        const pat = arg();
        const fold = a === '-iname';
        return (p) => matchPattern(fold ? pat.toLowerCase() : pat, fold ? base(p).toLowerCase() : base(p));
      }
      case '-path':
      case '-wholename': {
        const pat = arg();
        return (p) => matchPattern(pat, p);
      }
      case '-type': {
        const t = arg();
        const map: Record<string, Inode['type']> = { f: 'file', d: 'dir', l: 'symlink', c: 'chardev', b: 'blockdev', p: 'fifo', s: 'socket' };
        const want = map[t];
        if (!want) throw new FindError(`Unknown argument to -type: ${t}`);
        return (_p, n) => n.type === want;
      }
      case '-maxdepth':
      case '-mindepth': {
        const v = arg();
        if (!/^\d+$/.test(v)) throw new FindError(`Expected a positive decimal integer argument to ${a}, but got ${q(v)}`);
        if (a === '-maxdepth') maxDepth = Number(v);
        else minDepth = Number(v);
        return () => true;
      }
      case '-empty':
        return (_p, n) => (n.type === 'dir' ? Object.keys(n.entries ?? {}).length === 0 : n.type === 'file' && fileSize(n) === 0);
      case '-print':
        actions++;
        return (p) => {
          ctx.stdout(p + '\n');
          return true;
        };
      case '-delete':
        actions++;
        deleting = true;
        return (p) => {
          try {
            ctx.host.fs.remove(abs(ctx, p));
          } catch {
            ctx.stderr(`find: cannot delete ${q(p)}: Directory not empty\n`);
          }
          return true;
        };
      case '-true':
        return () => true;
      case '-false':
        return () => false;
      default:
        if (a !== undefined && a.startsWith('-')) throw new FindError(`unknown predicate \`${a}'`);
        throw new FindError(`paths must precede expression: ${a}\nUsage: find [-H] [-L] [-P] [-Olevel] [-D help|tree|search|stat|rates|opt|exec] [path...] [expression]`);
    }
  };
  const and = (): Test => {
    let t = primary();
    while (pos < expr.length && expr[pos] !== '-o' && expr[pos] !== '-or' && expr[pos] !== ')') {
      if (expr[pos] === '-a' || expr[pos] === '-and') pos++;
      const a = t;
      const b = primary();
      t = (p, n, d) => a(p, n, d) && b(p, n, d);
    }
    return t;
  };
  const or = (): Test => {
    let t = and();
    while (expr[pos] === '-o' || expr[pos] === '-or') {
      pos++;
      const a = t;
      const b = and();
      t = (p, n, d) => a(p, n, d) || b(p, n, d);
    }
    return t;
  };
  let test: Test;
  try {
    test = expr.length ? or() : () => true;
    if (pos < expr.length) throw new FindError(`paths must precede expression: ${expr[pos]}`);
  } catch (e) {
    if (!(e instanceof FindError)) throw e;
    ctx.stderr(`find: ${e.message}\n`);
    return 1;
  }
  const printing = actions === 0;
  let status = 0;
  const fs = ctx.host.fs;
  const visit = (shown: string, path: string, depth: number): void => {
    const node = fs.tryStat(path, false);
    if (!node) return;
    const children = node.type === 'dir' && depth < maxDepth ? fs.readdir(path) : [];
    if (deleting) for (const c of children) visit(`${shown.replace(/\/$/, '')}/${c}`, `${path === '/' ? '' : path}/${c}`, depth + 1);
    if (depth >= minDepth && test(shown, node, depth) && printing) ctx.stdout(shown + '\n');
    if (!deleting) for (const c of children) visit(`${shown === '/' ? '' : shown.replace(/\/$/, '')}/${c}`, `${path === '/' ? '' : path}/${c}`, depth + 1);
  };
  for (const s of starts) {
    const path = abs(ctx, s);
    if (!fs.tryStat(path, false)) {
      ctx.stderr(`find: ${q(s)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    visit(s, path, 0);
  }
  return status;
};

function base(p: string): string {
  const t = p.length > 1 ? p.replace(/\/+$/, '') : p;
  return t.slice(t.lastIndexOf('/') + 1) || t;
}
