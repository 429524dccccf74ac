/**
 * pstree (psmisc 22.20) in a UTF-8 terminal: the process tree from pid 1 (or a given pid) with
 * box-drawing branches, identical leaf siblings merged as `N*[name]`; `-p` adds pids, `-a` the
 * command lines (one process per line then).
 */
import type { Program } from '../../kernel/types.ts';
import { commOf } from '../../kernel/proc-info.ts';
import { visible, type Row } from './common.ts';

export const pstree: Program = (ctx) => {
  let showPids = false;
  let showArgs = false;
  let rootPid: number | undefined;
  for (const a of ctx.argv.slice(1)) {
    if (/^-[pacnlA]+$/.test(a)) {
      if (a.includes('p')) showPids = true;
      if (a.includes('a')) showArgs = true;
    } else if (/^\d+$/.test(a)) rootPid = Number(a);
    else if (a.startsWith('-')) {
      ctx.stderr(`pstree: invalid option -- '${a[1]}'\nUsage: pstree [ -a ] [ -c ] [ -h | -H PID ] [ -l ] [ -n ] [ -p ] [ -g ] [ -u ]\n              [ -A | -G | -U ] [ PID | USER ]\n`);
      return 1;
    }
  }
  const rows = visible(ctx);
  const children: Record<number, Row[]> = {};
  for (const r of rows) (children[r.ppid] ??= []).push(r);
  // psmisc sorts siblings by name (then pid), not by pid alone.
  for (const list of Object.values(children)) list.sort((a, b) => (commOf(a.proc) < commOf(b.proc) ? -1 : commOf(a.proc) > commOf(b.proc) ? 1 : a.pid - b.pid));
  const start = rows.find((r) => r.pid === (rootPid ?? 1)) ?? rows[0];
  if (!start) return 1;
  const label = (r: Row): string => {
    let text = commOf(r.proc);
    if (showPids) text += `(${r.pid})`;
    if (showArgs) text += r.proc.argv.length > 1 ? ' ' + r.proc.argv.slice(1).join(' ') : '';
    return text;
  };
  if (showArgs) {
    const lines: string[] = [];
    const walk = (r: Row, prefix: string, branch: string): void => {
      lines.push(prefix + branch + label(r));
      const kids = children[r.pid] ?? [];
      kids.forEach((k, i) => walk(k, prefix + (branch === '' ? '' : branch.startsWith('└') ? '    ' : '│   '), i === kids.length - 1 ? '└─' : '├─'));
    };
    walk(start, '', '');
    ctx.stdout(lines.map((l) => l.replace(/^(\s*)(├─|└─)/, '$1$2')).join('\n') + '\n');
    return 0;
  }
  // Each subtree renders to lines; a parent joins its first child on its own line.
  const render = (r: Row): string[] => {
    const head = label(r);
    const kids = children[r.pid] ?? [];
    if (kids.length === 0) return [head];
    const groups: { lines: string[]; count: number; key: string }[] = [];
    for (const k of kids) {
      const lines = render(k);
      const key = lines.join('\n');
      const leafSame = !showPids && lines.length === 1 && groups.find((g) => g.key === key);
      if (leafSame) leafSame.count++;
      else groups.push({ lines, count: 1, key });
    }
    const blocks = groups.map((g) => (g.count > 1 ? [`${g.count}*[${g.lines[0]}]`] : g.lines));
    const indent = ' '.repeat(head.length);
    const out: string[] = [];
    if (blocks.length === 1) {
      const b = blocks[0] as string[];
      out.push(head + '───' + b[0]);
      for (const l of b.slice(1)) out.push(indent + '   ' + l);
      return out;
    }
    blocks.forEach((b, i) => {
      const first = i === 0 ? head + '─┬─' : indent + (i === blocks.length - 1 ? ' └─' : ' ├─');
      out.push(first + b[0]);
      const cont = i === blocks.length - 1 ? '   ' : ' │ ';
      for (const l of b.slice(1)) out.push(indent + cont + l);
    });
    return out;
  };
  ctx.stdout(render(start).join('\n') + '\n');
  return 0;
};
