/**
 * Tar-shaped commands: `docker cp` (both ways, through the archive API), `docker save`/`load`,
 * `docker export`/`import`. Archives are latin1 strings, as the VFS keeps binary files.
 */
import { goFormatG } from '../../../../core/format.ts';
import { base64Decode } from '../../../../core/base64.ts';
import { utf8Decode } from '../../../../core/utf8.ts';
import { normalizePath } from '../../../../kernel/vfs.ts';
import { decodeTar, encodeTar, bytesToText, textToBytes } from '../../../../programs/coreutils/tar-format.ts';
import { extractEntries, treeEntries } from '../../../engine/archive.ts';
import { CliError } from '../client.ts';
import { str, type Command, type CommandContext } from '../command.ts';
import { renderProgress } from '../format/progress.ts';

/** Docker 28's cp summary: decimal units, three significant digits. */
function human3(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let n = bytes;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return goFormatG(n, 3) + units[i];
}

function splitSpec(spec: string): { container?: string; path: string } {
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*):(.*)$/.exec(spec);
  if (m && !spec.startsWith('/') && !spec.startsWith('.')) return { container: m[1] as string, path: m[2] as string };
  return { path: spec };
}

export const cp: Command = {
  path: 'docker cp',
  usage: 'docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  flags: [
    { long: 'archive', short: 'a', type: 'bool' },
    { long: 'follow-link', short: 'L', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 2 },
  run(ctx) {
    const src = splitSpec(ctx.args[0] as string);
    const dst = splitSpec(ctx.args[1] as string);
    const fs = ctx.io.fs;
    if (!fs) throw new CliError('podbook: docker cp from this client is not simulated');
    if (src.container !== undefined && dst.container !== undefined) throw new CliError('copying between containers is not supported');
    if (src.container === undefined && dst.container === undefined) throw new CliError('must specify at least one container source');
    const cwd = ctx.io.cwd ?? '/';
    if (src.container !== undefined) {
      const res = ctx.client.request('GET', `/containers/${encodeURIComponent(src.container)}/archive`, [['path', src.path]]);
      const entries = decodeTar(textToBytes(res.body));
      const dest = normalizePath(dst.path, cwd);
      const node = fs.tryStat(dest);
      const base = src.path.replace(/\/+$/, '').split('/').pop() ?? '';
      if (node?.type === 'dir') extractEntries(fs, dest, entries);
      else {
        const parent = dest.slice(0, dest.lastIndexOf('/')) || '/';
        if (!fs.tryStat(parent)) throw new CliError(`Error response from daemon: invalid output path: directory "${parent}" does not exist`);
        const newName = dest.slice(dest.lastIndexOf('/') + 1);
        extractEntries(fs, parent, entries.map((e) => ({ ...e, name: e.name === base || e.name === `${base}/` ? e.name.replace(base, newName) : e.name.startsWith(`${base}/`) ? newName + e.name.slice(base.length) : e.name })));
      }
      // The client counts the tar stream it read, not the file contents.
      if (ctx.io.isTTY) ctx.io.stderr(`Successfully copied ${human3(res.body.length)} to ${dst.path}\n`);
      return 0;
    }
    const from = normalizePath(src.path, cwd);
    if (!fs.tryStat(from, false)) throw new CliError(`lstat ${from}: no such file or directory`);
    const name = from.slice(from.lastIndexOf('/') + 1);
    let destDir = dst.path;
    let entries = treeEntries(fs, from, name);
    let isDir: boolean;
    try {
      const head = ctx.client.request('HEAD', `/containers/${encodeURIComponent(dst.container as string)}/archive`, [['path', dst.path]]);
      const stat = head.headers['X-Docker-Container-Path-Stat'];
      const decoded = stat ? base64Decode(stat) : null;
      isDir = decoded ? ((JSON.parse(utf8Decode(decoded)) as { mode: number }).mode >= 2147483648) : false;
    } catch {
      isDir = false;
    }
    if (!isDir) {
      // The destination is a file or does not exist: copy under its parent with the new name.
      destDir = dst.path.slice(0, dst.path.lastIndexOf('/')) || '/';
      const newName = dst.path.slice(dst.path.lastIndexOf('/') + 1);
      entries = entries.map((e) => ({ ...e, name: e.name === name || e.name === `${name}/` ? e.name.replace(name, newName) : newName + e.name.slice(name.length) }));
    }
    const tar = bytesToText(encodeTar(entries, { format: 'ustar', record: false }));
    ctx.client.request('PUT', `/containers/${encodeURIComponent(dst.container as string)}/archive`, [['path', destDir], ['noOverwriteDirNonDir', 'true']], undefined, false, { 'Content-Type': 'application/x-tar' }, tar);
    if (ctx.io.isTTY) ctx.io.stderr(`Successfully copied ${human3(tar.length)} to ${dst.container}:${dst.path}\n`);
    return 0;
  },
};

function writeOut(ctx: CommandContext, data: string): void {
  const output = str(ctx, 'output');
  if (output !== '') {
    const fs = ctx.io.fs;
    if (!fs) throw new CliError('podbook: writing files from this client is not simulated');
    fs.writeFile(normalizePath(output, ctx.io.cwd ?? '/'), data);
    return;
  }
  if (ctx.io.isTTY) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
  ctx.io.stdout(data);
}

function readIn(ctx: CommandContext, file: string): string {
  if (file === '' || file === '-') return ctx.io.stdin;
  const fs = ctx.io.fs;
  const path = normalizePath(file, ctx.io.cwd ?? '/');
  if (!fs?.tryStat(path)) throw new CliError(`open ${path}: no such file or directory`);
  return fs.readFile(path);
}

export const save: Command = {
  path: 'docker save',
  usage: 'docker save [OPTIONS] IMAGE [IMAGE...]',
  flags: [
    { long: 'output', short: 'o', type: 'string' },
    { long: 'platform', type: 'list' },
  ],
  args: { min: 1 },
  run(ctx) {
    if (str(ctx, 'output') === '' && ctx.io.isTTY) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
    const res = ctx.client.request('GET', '/images/get', ctx.args.map((n) => ['names', n] as [string, string]));
    writeOut(ctx, res.body);
    return 0;
  },
};

export const load: Command = {
  path: 'docker load',
  usage: 'docker load [OPTIONS]',
  flags: [
    { long: 'input', short: 'i', type: 'string' },
    { long: 'platform', type: 'list' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const data = readIn(ctx, str(ctx, 'input'));
    if (data === '') throw new CliError('requested load from stdin, but stdin is empty');
    const res = ctx.client.request('POST', '/images/load', [['quiet', '1']], undefined, false, { 'Content-Type': 'application/x-tar' }, data);
    ctx.io.stdout(renderProgress(res.body, false));
    return 0;
  },
};

export const exportCmd: Command = {
  path: 'docker export',
  usage: 'docker export [OPTIONS] CONTAINER',
  flags: [{ long: 'output', short: 'o', type: 'string' }],
  args: { exact: 1 },
  run(ctx) {
    if (str(ctx, 'output') === '' && ctx.io.isTTY) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
    const res = ctx.client.request('GET', `/containers/${encodeURIComponent(ctx.args[0] as string)}/export`);
    writeOut(ctx, res.body);
    return 0;
  },
};

export const importCmd: Command = {
  path: 'docker import',
  usage: 'docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  flags: [
    { long: 'change', short: 'c', type: 'list' },
    { long: 'message', short: 'm', type: 'string' },
    { long: 'platform', type: 'string' },
  ],
  args: { min: 1, max: 2 },
  run(ctx) {
    const source = ctx.args[0] as string;
    if (/^https?:\/\//.test(source)) throw new CliError(`podbook: importing from a URL is not simulated`);
    const data = readIn(ctx, source);
    const query: [string, string][] = [['fromSrc', '-']];
    if (ctx.args[1]) {
      const target = ctx.args[1];
      const colon = target.lastIndexOf(':');
      if (colon > target.lastIndexOf('/')) query.push(['repo', target.slice(0, colon)], ['tag', target.slice(colon + 1)]);
      else query.push(['repo', target]);
    }
    const res = ctx.client.request('POST', '/images/create', query, undefined, false, { 'Content-Type': 'application/x-tar' }, data);
    ctx.io.stdout(renderProgress(res.body, false));
    return 0;
  },
};
