/**
 * The buildx plugin (docker-buildx-plugin 0.24.0, what Docker's repository ships with docker-ce
 * 28.2.2): `docker build` and `docker buildx build` run BuildKit on the daemon's default `docker`
 * builder and draw its progress on stderr — the tty display's last frame on a terminal, the plain
 * display otherwise or with `--progress=plain`, nothing with `-q` (which prints the image id on
 * stdout). Errors end as buildx prints them: the failed step's log, the Dockerfile snippet, then
 * `ERROR: failed to solve: ...`, exit 1. `docker buildx version` prints the plugin's version line;
 * the other buildx commands are not simulated.
 */
import { normalizePath } from '../../../../kernel/vfs.ts';
import { parseReference } from '../../../image/reference.ts';
import { bytesToText, encodeTar } from '../../../../programs/coreutils/tar-format.ts';
import type { BkSource, BkTrace } from '../../../engine/buildkit.ts';
import { CliError, type ApiClient, type CliIo } from '../client.ts';
import { bool, list, runCommand, str, type Command, type CommandContext } from '../command.ts';
import type { FlagSpec } from '../flags.ts';
import { errorLogs, plainText, sourceSnippet, ttyFrame, warningSummary } from './buildkit-display.ts';
import { contextEntries } from './build.ts';

export const BUILDX_VERSION = 'v0.24.0';
/** `git rev-parse --short` of the v0.24.0 tag, as Docker's packages stamp it. */
export const BUILDX_COMMIT = 'd0e5e86';

interface Outcome {
  trace?: BkTrace;
  id?: string;
  error?: { message: string; source?: BkSource };
}

function readStream(body: string): Outcome {
  const out: Outcome = {};
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let m: { id?: string; aux?: unknown; error?: string; errorDetail?: { message?: string; source?: BkSource } };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      continue;
    }
    if (m.id === 'moby.buildkit.trace') out.trace = m.aux as BkTrace;
    else if (m.id === 'moby.image.id') out.id = (m.aux as { ID: string }).ID;
    else if (m.error !== undefined) out.error = { message: m.error, ...(m.errorDetail?.source ? { source: m.errorDetail.source } : {}) };
  }
  return out;
}

/** distribution/reference's Parse (not normalised) as buildx checks `-t`: its error, if any. */
function tagProblem(tag: string): string | undefined {
  const parsed = parseReference(tag);
  if (parsed.ok) return undefined;
  return /must be lowercase/.test(parsed.error) ? 'repository name must be lowercase' : parsed.error;
}

/** A buildx failure: `ERROR: ...` on stderr, exit 1. */
function fail(io: CliIo, message: string): number {
  io.stderr(message.startsWith('podbook: ') ? `${message}\n` : `ERROR: ${message}\n`);
  return 1;
}

export function buildkitBuild(ctx: CommandContext): number {
  const { io } = ctx;
  let progress = str(ctx, 'progress') || 'auto';
  if (progress === 'auto' && io.env['BUILDKIT_PROGRESS']) progress = io.env['BUILDKIT_PROGRESS'] as string;
  const quiet = bool(ctx, 'quiet');
  if (quiet && progress !== 'auto' && progress !== 'quiet') return fail(io, `progress=${progress} and quiet cannot be used together`);
  const mode = quiet || progress === 'quiet' ? 'quiet' : progress === 'plain' ? 'plain' : progress === 'tty' || progress === 'auto' ? (progress === 'tty' || io.isTTY ? 'tty' : 'plain') : progress;
  if (mode === 'rawjson') return fail(io, "podbook: 'docker build --progress=rawjson' is not simulated");
  if (progress === 'tty' && !io.isTTY) return fail(io, 'failed to get console: provided file is not a console');
  if (!['quiet', 'plain', 'tty'].includes(mode)) return fail(io, `invalid progress mode ${progress}`);
  const fs = io.fs;
  if (!fs) throw new CliError('podbook: building from this client is not simulated');
  // The lab's machines are linux/amd64: a build for another platform is not modelled.
  const platform = str(ctx, 'platform');
  if (platform !== '' && platform !== 'linux/amd64' && platform !== 'linux') return fail(io, `podbook: 'docker build --platform ${platform}' is not simulated`);
  const arg = ctx.args[0] as string;
  const dir = normalizePath(arg, io.cwd ?? '/');
  const node = fs.tryStat(dir);
  const width = Number(io.env['COLUMNS']) || 80;
  // Errors found while buildx loads its inputs come after its display started: a tty shows the empty frame.
  const early = (message: string): number => {
    if (mode === 'tty') io.stderr(ttyFrame([], width));
    return fail(io, message);
  };
  // buildx checks the tags before it loads the context.
  for (const t of list(ctx, 'tag')) {
    const problem = tagProblem(t);
    if (problem) return early(`invalid tag ${JSON.stringify(t)}: ${problem}`);
  }
  // `-` as the context: standard input is the Dockerfile and there is no context; `-f -`: the
  // Dockerfile comes from standard input and the context from PATH. buildx names it Dockerfile.
  const fromStdin = arg === '-';
  const dockerfileFromStdin = fromStdin || str(ctx, 'file') === '-';
  if (!fromStdin && (!node || node.type !== 'dir')) return early(`unable to prepare context: path "${arg}" not found`);
  const dockerfile = dockerfileFromStdin ? 'Dockerfile' : str(ctx, 'file') || 'Dockerfile';
  const dfPath = normalizePath(dockerfile, dir);
  const shownName = dfPath.slice(dfPath.lastIndexOf('/') + 1);
  const inside = !dockerfileFromStdin && dfPath.startsWith(dir + '/');
  const entries = fromStdin ? [] : contextEntries(fs, dir);
  const df = fs.tryStat(dfPath);
  if (dockerfileFromStdin) entries.push({ name: '.dockerfile.podbook', type: 'file', data: io.stdin, mode: 0o600, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
  else if (!inside && df?.type === 'file') entries.push({ name: '.dockerfile.podbook', type: 'file', data: fs.readFile(dfPath), mode: df.mode, uid: 0, gid: 0, uname: '', gname: '', mtime: Math.floor(df.mtime / 1000) });
  const query: [string, string][] = [];
  for (const t of list(ctx, 'tag')) query.push(['t', t]);
  query.push(['dockerfile', inside ? dfPath.slice(dir.length + 1) : '.dockerfile.podbook'], ['dockerfilename', shownName], ['version', '2']);
  if (bool(ctx, 'no-cache')) query.push(['nocache', '1']);
  if (str(ctx, 'target')) query.push(['target', str(ctx, 'target')]);
  const buildArgs: Record<string, string> = {};
  for (const a of list(ctx, 'build-arg')) {
    const eq = a.indexOf('=');
    if (eq >= 0) buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
    else if (io.env[a] !== undefined) buildArgs[a] = io.env[a] as string;
  }
  if (Object.keys(buildArgs).length) query.push(['buildargs', JSON.stringify(buildArgs)]);
  const bytes = encodeTar(entries, { format: 'ustar', record: false });
  const res = ctx.client.request('POST', '/build', query, undefined, false, { 'Content-Type': 'application/x-tar' }, bytesToText(bytes));
  const outcome = readStream(res.body);
  const vertexes = outcome.trace?.vertexes ?? [];
  if (mode === 'tty' && vertexes.length) io.stderr(ttyFrame(vertexes, width));
  if (mode === 'plain') io.stderr(plainText(vertexes));
  if (outcome.error) {
    if (outcome.error.message.startsWith('podbook: ')) return fail(io, outcome.error.message);
    if (mode !== 'quiet') io.stderr(errorLogs(vertexes, mode === 'tty') + warningSummary(vertexes));
    if (outcome.error.source) io.stderr(sourceSnippet(outcome.error.source));
    return fail(io, `failed to solve: ${outcome.error.message}`);
  }
  if (mode !== 'quiet') io.stderr(warningSummary(vertexes));
  if (mode === 'quiet' && outcome.id) io.stdout(`${outcome.id}\n`);
  // `--iidfile`: the image's id, written by the client (no newline).
  if (str(ctx, 'iidfile') !== '' && outcome.id) fs.writeFile(normalizePath(str(ctx, 'iidfile'), io.cwd ?? '/'), outcome.id);
  return 0;
}

/**
 * Flags `docker build` and `docker buildx build` both take, beyond the ones they model alike:
 * `--iidfile` and `--platform` (buildkitBuild reads them), and the RUN-step settings Podbook does
 * not model.
 */
export const SHARED_BUILD_FLAGS: FlagSpec[] = [
  { long: 'add-host', type: 'list', unsimulated: true },
  { long: 'cache-from', type: 'list', unsimulated: true },
  { long: 'cgroup-parent', type: 'string', unsimulated: true },
  { long: 'iidfile', type: 'string' },
  { long: 'platform', type: 'string' },
  { long: 'shm-size', type: 'bytes', unsimulated: true },
  { long: 'ulimit', type: 'list', unsimulated: true },
];

/** `docker buildx build`: the same build, whatever DOCKER_BUILDKIT says. */
const buildxBuild: Command = {
  path: 'docker buildx build',
  usage: 'docker buildx build [OPTIONS] PATH | URL | -',
  flags: [
    { long: 'build-arg', type: 'list' },
    { long: 'file', short: 'f', type: 'string' },
    { long: 'label', type: 'list' },
    { long: 'load', type: 'bool' },
    { long: 'network', type: 'string' },
    { long: 'no-cache', type: 'bool' },
    { long: 'progress', type: 'string' },
    { long: 'pull', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
    { long: 'tag', short: 't', type: 'list' },
    { long: 'target', type: 'string' },
    ...SHARED_BUILD_FLAGS,
  ],
  args: { exact: 1 },
  run: buildkitBuild,
};

/** `docker buildx SUBCOMMAND`. */
export function runBuildx(argv: string[], io: CliIo, client: ApiClient): number {
  const sub = argv[0];
  if (sub === 'version' && argv.length === 1) {
    io.stdout(`github.com/docker/buildx ${BUILDX_VERSION} ${BUILDX_COMMIT}\n`);
    return 0;
  }
  if (sub === 'build' || sub === 'b') return runCommand(buildxBuild, argv.slice(1), io, client);
  io.stderr(`podbook: 'docker buildx${sub === undefined ? '' : ` ${sub}`}' is not simulated\n`);
  return 1;
}
