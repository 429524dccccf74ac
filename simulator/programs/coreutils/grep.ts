/**
 * grep (GNU grep 2.20, CentOS 7): basic, extended (`-E`, `egrep`) and fixed (`-F`, `fgrep`) patterns;
 * `-i -v -n -c -l -L -q -o -w -x -h -H -r -s -e`. Exit 0 when a line matched, 1 when none, 2 on error.
 * `--color` is accepted; Podbook prints plain text, so matches are not highlighted.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { abs, errno, lines, parseOptions } from './common.ts';
import { collate } from './collate.ts';
import { posixToJs } from './regex.ts';

const USAGE = 'Usage: grep [OPTION]... PATTERN [FILE]...';

function makeGrep(prog: string, mode: 'G' | 'E' | 'F'): Program {
  return (ctx) => {
    const opts = parseOptions(ctx, prog, {
      short: 'EFGivnclLqowxhHrRse:f:A:B:C:',
      long: { 'extended-regexp': 'E', 'fixed-strings': 'F', 'basic-regexp': 'G', 'ignore-case': 'i', 'invert-match': 'v', 'line-number': 'n', count: 'c', 'files-with-matches': 'l', 'files-without-match': 'L', quiet: 'q', silent: 'q', 'only-matching': 'o', 'word-regexp': 'w', 'line-regexp': 'x', 'no-filename': 'h', 'with-filename': 'H', recursive: 'r', 'dereference-recursive': 'R', 'no-messages': 's', 'regexp=': 'e', 'file=': 'f', 'color?=': 'color', 'colour?=': 'color', 'include=': 'include', 'exclude=': 'exclude' },
      usageStatus: 2,
      usage: USAGE,
    });
    if (typeof opts === 'number') return opts;
    const operands = [...opts.operands];
    const patterns = opts.values('e');
    if (patterns.length === 0) {
      const p = operands.shift();
      if (p === undefined) {
        ctx.stderr(`${USAGE}\nTry '${prog} --help' for more information.\n`);
        return 2;
      }
      patterns.push(...p.split('\n'));
    }
    const kind = opts.has('F') ? 'F' : opts.has('E') ? 'E' : opts.has('G') ? 'G' : mode;
    let re: RegExp;
    try {
      const sources = patterns.map((p) => (kind === 'F' ? p.replace(/[\\^$.|+?*()[\]{}/]/g, '\\$&') : posixToJs(p, kind === 'E')));
      let src = sources.map((s) => `(?:${s})`).join('|');
      if (opts.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (opts.has('x')) src = `^(?:${src})$`;
      re = new RegExp(src, opts.has('i') ? 'gi' : 'g');
    } catch (e) {
      const m = e instanceof Error && /Unmatched|Trailing/.test(e.message) ? e.message : 'Unmatched ( or \\(';
      ctx.stderr(`${prog}: ${m}\n`);
      return 2;
    }
    const recursive = opts.has('r') || opts.has('R');
    const files = operands.length ? operands : recursive ? ['.'] : ['-'];
    const targets: { name: string; text: string | null }[] = [];
    let status = 1;
    let error = false;
    const fs = ctx.host.fs;
    const addFile = (name: string, shown: string): void => {
      if (name === '-') {
        targets.push({ name: '(standard input)', text: ctx.stdin });
        return;
      }
      const path = abs(ctx, name);
      const node = fs.tryStat(path);
      if (!node) {
        if (!opts.has('s')) ctx.stderr(`${prog}: ${shown}: No such file or directory\n`);
        error = true;
        return;
      }
      if (node.type === 'dir') {
        if (!recursive) {
          if (!opts.has('s')) ctx.stderr(`${prog}: ${shown}: Is a directory\n`);
          return;
        }
        for (const child of fs.readdir(path).sort(collate)) {
          const childShown = shown === '.' && operands.length === 0 ? child : `${shown.replace(/\/$/, '')}/${child}`;
          const cn = fs.tryStat(`${path}/${child}`, false);
          if (cn?.type === 'symlink' && !opts.has('R')) continue;
          addFile(`${path}/${child}`, childShown);
        }
        return;
      }
      try {
        targets.push({ name: shown, text: fs.readFile(path) });
      } catch (e) {
        if (!opts.has('s')) ctx.stderr(`${prog}: ${shown}: ${errno(e)}\n`);
        error = true;
      }
    };
    for (const f of files) addFile(f, f);
    const showName = opts.has('H') || (!opts.has('h') && (files.length > 1 || recursive));
    for (const t of targets) {
      if (t.text === null) continue;
      if (/\0/.test(t.text) && !opts.has('c')) {
        re.lastIndex = 0;
        if (lines(t.text).some((l) => (re.lastIndex = 0, re.test(l)) !== opts.has('v'))) {
          status = 0;
          if (!opts.has('q')) ctx.stdout(`Binary file ${t.name} matches\n`);
        }
        continue;
      }
      const count = grepText(ctx, t.text, re, opts.has('v'), opts.has('o'), opts.has('n'), showName ? t.name : null, opts.has('c') || opts.has('l') || opts.has('L') || opts.has('q'));
      if (count > 0) status = 0;
      if (opts.has('q') && count > 0) return 0;
      if (opts.has('c')) ctx.stdout(`${showName ? t.name + ':' : ''}${count}\n`);
      else if (opts.has('l') && count > 0) ctx.stdout(t.name + '\n');
      else if (opts.has('L') && count === 0) ctx.stdout(t.name + '\n');
    }
    return error && !(opts.has('q') && status === 0) ? 2 : status;
  };
}

function grepText(ctx: ExecContext, text: string, re: RegExp, invert: boolean, only: boolean, numbers: boolean, name: string | null, silent: boolean): number {
  let count = 0;
  lines(text).forEach((line, i) => {
    re.lastIndex = 0;
    const matched = re.test(line);
    if (matched === invert) return;
    count++;
    if (silent) return;
    const prefix = (name !== null ? `${name}:` : '') + (numbers ? `${i + 1}:` : '');
    if (only && !invert) {
      re.lastIndex = 0;
      for (const m of line.matchAll(re)) if (m[0] !== '') ctx.stdout(prefix + m[0] + '\n');
    } else ctx.stdout(prefix + line + '\n');
  });
  return count;
}

export const grep = makeGrep('grep', 'G');
export const egrep = makeGrep('egrep', 'E');
export const fgrep = makeGrep('fgrep', 'F');
