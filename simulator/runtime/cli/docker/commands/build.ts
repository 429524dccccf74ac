/**
 * `docker build [-t NAME] [-f FILE] PATH`. The lab host has the docker-buildx-plugin package, as a
 * docker-ce install from Docker's repository does, so the 28.2 client hands the build to buildx and
 * BuildKit (buildx-build.ts); `DOCKER_BUILDKIT=0` keeps the classic builder, which says it is
 * deprecated, sends the context as a tar to `POST /build` and prints the daemon's `Step n/m` stream.
 */
import { normalizePath, type Vfs } from '../../../../kernel/vfs.ts';
import { bytesToText, encodeTar, type TarEntry } from '../../../../programs/coreutils/tar-format.ts';
import { CliError } from '../client.ts';
import { bool, list, str, usageError, type Command, type CommandContext } from '../command.ts';
import { buildkitBuild, SHARED_BUILD_FLAGS } from './buildx-build.ts';
import { renderProgress } from '../format/progress.ts';
import { humanSize4 } from '../format/text.ts';

/** The context directory as tar entries, in name order (what the client streams to the daemon). */
export function contextEntries(fs: Vfs, dir: string): TarEntry[] {
  const out: TarEntry[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of fs.readdir(abs)) {
      const path = `${abs}/${name}`;
      const node = fs.stat(path, false);
      const relName = rel ? `${rel}/${name}` : name;
      const common = { mode: node.mode, uid: 0, gid: 0, uname: '', gname: '', mtime: Math.floor(node.mtime / 1000) };
      if (node.type === 'dir') {
        out.push({ name: `${relName}/`, type: 'dir', ...common });
        walk(path, relName);
      } else if (node.type === 'symlink') out.push({ name: relName, type: 'symlink', linkname: node.target ?? '', ...common });
      else if (node.type === 'file') out.push({ name: relName, type: 'file', data: node.data ?? '', ...(node.size !== undefined ? { size: node.size } : {}), ...(node.prog ? { prog: node.prog } : {}), ...common });
    }
  };
  walk(dir === '/' ? '' : dir, '');
  return out;
}

export const build: Command = {
  path: 'docker build',
  usage: 'docker build [OPTIONS] PATH | URL | -',
  flags: [
    { long: 'build-arg', type: 'list' },
    { long: 'file', short: 'f', type: 'string' },
    { long: 'force-rm', type: 'bool' },
    { long: 'label', type: 'list' },
    { long: 'network', type: 'string' },
    { long: 'no-cache', type: 'bool' },
    { long: 'progress', type: 'string' },
    { long: 'pull', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
    { long: 'rm', type: 'bool' },
    { long: 'tag', short: 't', type: 'list' },
    { long: 'target', type: 'string' },
    ...SHARED_BUILD_FLAGS,
    { long: 'compress', type: 'bool', unsimulated: true },
    { long: 'cpu-period', type: 'int', unsimulated: true },
    { long: 'cpu-quota', type: 'int', unsimulated: true },
    { long: 'cpu-shares', type: 'int', unsimulated: true },
    { long: 'cpuset-cpus', type: 'string', unsimulated: true },
    { long: 'cpuset-mems', type: 'string', unsimulated: true },
    { long: 'disable-content-trust', type: 'bool' },
    { long: 'isolation', type: 'string', unsimulated: true },
    { long: 'memory', type: 'bytes', unsimulated: true },
    { long: 'memory-swap', type: 'bytes', unsimulated: true },
    { long: 'security-opt', type: 'list', unsimulated: true },
    { long: 'squash', type: 'bool', unsimulated: true },
  ],
  args: { exact: 1 },
  run(ctx) {
    const choice = ctx.io.env['DOCKER_BUILDKIT'];
    if (choice === undefined) return buildkitBuild(ctx);
    const enabled = parseBool(choice);
    if (enabled === undefined) throw new CliError(`DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing ${JSON.stringify(choice)}: invalid syntax`);
    return enabled ? buildkitBuild(ctx) : classicBuild(ctx);
  },
};

/** Go's strconv.ParseBool. */
function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * The classic builder (`DOCKER_BUILDKIT=0`). With `-q` the client asks the daemon for `q=1` and
 * keeps its own progress in a buffer: a build that works prints only what the daemon sends (the
 * image id); one that fails prints both buffers on stderr before the error.
 */
function classicBuild(ctx: CommandContext): number {
  const { io } = ctx;
  const quiet = bool(ctx, 'quiet');
  io.stderr('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n            environment-variable.\n\n');
  // The legacy command has no --progress (only buildx's build has it).
  if (ctx.given.has('progress')) return usageError(build, io, 'unknown flag: --progress', 'Run', '');
  const fs = io.fs;
  if (!fs) throw new CliError('podbook: building from this client is not simulated');
  const arg = ctx.args[0] as string;
  const dir = normalizePath(arg, io.cwd ?? '/');
  const node = fs.tryStat(dir);
  // `-`: standard input is the Dockerfile, alone in the context; `-f -`: the Dockerfile comes from
  // standard input and joins PATH's context.
  const fromStdin = arg === '-';
  const dockerfileFromStdin = fromStdin || str(ctx, 'file') === '-';
  if (!fromStdin && (!node || node.type !== 'dir')) throw new CliError(`unable to prepare context: path "${arg}" not found`);
  const dockerfile = dockerfileFromStdin ? 'Dockerfile' : str(ctx, 'file') || 'Dockerfile';
  const dfPath = fromStdin ? '/Dockerfile' : normalizePath(dockerfile, dir);
  if (!dockerfileFromStdin && !fs.tryStat(dfPath)) throw new CliError(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dfPath}: no such file or directory`);
  const entries = fromStdin ? [] : contextEntries(fs, dir);
  if (fromStdin) entries.push({ name: 'Dockerfile', type: 'file', data: io.stdin, mode: 0o600, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
  else if (dockerfileFromStdin) entries.push({ name: '.dockerfile.podbook', type: 'file', data: io.stdin, mode: 0o600, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
  else if (!dfPath.startsWith(dir + '/')) entries.push({ name: '.dockerfile.podbook', type: 'file', data: fs.readFile(dfPath), mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
  const bytes = encodeTar(entries, { format: 'ustar', record: false });
  // The client's progress writer ends the line with `\r` and its last update with `\r\n`: on a
  // terminal that shows as one line, in a pipe or file those are the bytes.
  const sending = `Sending build context to Docker daemon  ${humanSize4(bytes.length)}${io.isTTY && !quiet ? '\n' : '\r\r\n'}`;
  if (!quiet) io.stdout(sending);
  const query: [string, string][] = [];
  for (const t of list(ctx, 'tag')) query.push(['t', t]);
  query.push(['dockerfile', fromStdin ? 'Dockerfile' : !dockerfileFromStdin && dfPath.startsWith(dir + '/') ? dfPath.slice(dir.length + 1) : '.dockerfile.podbook']);
  if (bool(ctx, 'no-cache')) query.push(['nocache', '1']);
  if (quiet) query.push(['q', '1']);
  if (str(ctx, 'target')) query.push(['target', str(ctx, 'target')]);
  query.push(['rm', '1']);
  const res = ctx.client.request('POST', '/build', query, undefined, false, { 'Content-Type': 'application/x-tar' }, bytesToText(bytes));
  // What came before an error still shows; the error ends the build (exit 1).
  const lines = res.body.split('\r\n');
  const at = lines.findIndex((l) => l.startsWith('{"errorDetail"') || l.startsWith('{"error"'));
  const text = renderProgress(at < 0 ? res.body : lines.slice(0, at).map((l) => `${l}\r\n`).join(''), false);
  if (at >= 0) {
    if (quiet) io.stderr(sending + text);
    else io.stdout(text);
    // Renders the error line, which throws it as the CLI's error.
    renderProgress(lines[at] as string, false);
    return 1;
  }
  io.stdout(text);
  return 0;
}
