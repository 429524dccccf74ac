/** stat (coreutils 8.22): the default multi-line report and `-c FORMAT` basics. */
import type { Program } from '../../kernel/types.ts';
import type { Inode } from '../../kernel/vfs.ts';
import { dateParts } from '../../core/format.ts';
import { abs, blocksOf, fileSize, groupName, modeString, parseOptions, q, usageError, userName } from './common.ts';

function typeName(node: Inode): string {
  switch (node.type) {
    case 'file':
      return fileSize(node) === 0 ? 'regular empty file' : 'regular file';
    case 'dir':
      return 'directory';
    case 'symlink':
      return 'symbolic link';
    case 'chardev':
      return 'character special file';
    case 'blockdev':
      return 'block special file';
    case 'fifo':
      return 'fifo';
    case 'socket':
      return 'socket';
  }
}

function timestamp(ms: number): string {
  const p = dateParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${String(p.ms * 1_000_000).padStart(9, '0')} +0000`;
}

export const stat: Program = (ctx) => {
  const opts = parseOptions(ctx, 'stat', { short: 'c:Lft', long: { 'format=': 'c', dereference: 'L', 'printf=': 'c', terse: 't' } });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'stat', 'missing operand');
  let status = 0;
  for (const name of opts.operands) {
    const node = ctx.host.fs.tryStat(abs(ctx, name), opts.has('L'));
    if (!node) {
      ctx.stderr(`stat: cannot stat ${q(name)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const size = fileSize(node);
    const octal = (node.mode & 0o7777).toString(8);
    const format = opts.value('c');
    if (format !== undefined) {
      const codes: Record<string, () => string> = {
        n: () => name, N: () => q(name) + (node.type === 'symlink' ? ` -> ${q(node.target ?? '')}` : ''), s: () => String(size), a: () => octal, A: () => modeString(node),
        U: () => userName(ctx.host, node.uid), G: () => groupName(ctx.host, node.gid), u: () => String(node.uid), g: () => String(node.gid),
        F: () => typeName(node), i: () => String(node.ino), h: () => String(node.nlink), b: () => String(blocksOf(node) * 2), B: () => '512',
        Y: () => String(Math.floor(node.mtime / 1000)), y: () => timestamp(node.mtime), X: () => String(Math.floor(node.mtime / 1000)), x: () => timestamp(node.mtime),
        Z: () => String(Math.floor(node.mtime / 1000)), z: () => timestamp(node.mtime), '%': () => '%',
      };
      ctx.stdout(format.replace(/%([a-zA-Z%])/g, (m, c: string) => codes[c]?.() ?? m) + '\n');
      continue;
    }
    const file = q(name) + (node.type === 'symlink' ? ` -> ${q(node.target ?? '')}` : '');
    const t = timestamp(node.mtime);
    ctx.stdout(
      `  File: ${file}\n` +
        `  Size: ${String(size).padEnd(10)}\tBlocks: ${String(blocksOf(node) * 2).padEnd(10)} IO Block: 4096   ${typeName(node)}\n` +
        `Device: fd00h/64768d\tInode: ${String(node.ino).padEnd(10)}  Links: ${node.nlink}\n` +
        `Access: (${octal.padStart(4, '0')}/${modeString(node)})  Uid: (${String(node.uid).padStart(5)}/${userName(ctx.host, node.uid).padStart(8)})   Gid: (${String(node.gid).padStart(5)}/${groupName(ctx.host, node.gid).padStart(8)})\n` +
        `Access: ${t}\nModify: ${t}\nChange: ${t}\n Birth: -\n`,
    );
  }
  return status;
};
