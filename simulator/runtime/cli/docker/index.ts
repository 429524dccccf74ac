/**
 * The `docker` client: global flags, the command table (top-level shortcuts and the `container`
 * and `image` management commands), and the Program that a host's /usr/bin/docker runs. It talks
 * to a daemon only through a Transport, so the same code drives the simulated engine over the
 * host's unix socket or a real Engine API handed in by the caller.
 */
import type { Host } from '../../../kernel/host.ts';
import { unixRequest } from '../../../kernel/socket.ts';
import type { Program } from '../../../kernel/types.ts';
import { ApiClient, type CliIo, type Transport } from './client.ts';
import { runCommand, type Command } from './command.ts';
import { helpText } from './help.ts';
import { images, imageLs } from './commands/images.ts';
import { kill, pause, restart, rm, start, stop, unpause } from './commands/lifecycle.ts';
import { logs } from './commands/logs.ts';
import { containerLs, ps } from './commands/ps.ts';
import { pull } from './commands/pull.ts';
import { create, run } from './commands/run.ts';
import { attach, exec } from './commands/exec.ts';
import { stats } from './commands/stats.ts';
import { containerPrune, port, rename, top, wait } from './commands/containers-misc.ts';
import { containerInspect, imageInspect, inspect } from './commands/inspect.ts';
import { info, version } from './commands/system.ts';

import { CLIENT_COMMIT, CLIENT_VERSION } from './commands/system.ts';
import { onDemand, renamed } from './on-demand.ts';
import { part } from '../../../lazy/index.ts';

// Commands in the simulator's extras part (simulator/lazy), loaded the first time one is used.
const events = onDemand('events');
const systemDf = onDemand('systemDf');
const update = onDemand('update');
const build = onDemand('build');
const cp = onDemand('cp');
const exportCmd = onDemand('exportCmd');
const importCmd = onDemand('importCmd');
const load = onDemand('load');
const save = onDemand('save');
const systemPrune = onDemand('systemPrune');
const volumeCreate = onDemand('volumeCreate');
const volumeInspect = onDemand('volumeInspect');
const volumeLs = onDemand('volumeLs');
const volumePrune = onDemand('volumePrune');
const volumeRm = onDemand('volumeRm');
const networkConnect = onDemand('networkConnect');
const networkCreate = onDemand('networkCreate');
const networkDisconnect = onDemand('networkDisconnect');
const networkInspect = onDemand('networkInspect');
const networkLs = onDemand('networkLs');
const networkPrune = onDemand('networkPrune');
const networkRm = onDemand('networkRm');
const login = onDemand('login');
const logout = onDemand('logout');
const push = onDemand('push');
const commit = onDemand('commit');
const diff = onDemand('diff');
const history = onDemand('history');
const imagePrune = onDemand('imagePrune');
const rmi = onDemand('rmi');
const search = onDemand('search');
const tag = onDemand('tag');

/** The same command under another path (`docker container stop` for `docker stop`). */
function alias(cmd: Command, path: string): Command {
  return renamed(() => cmd, () => path, () => cmd.usage.replace(cmd.path, path));
}

const TOP: Record<string, Command> = { attach, build, commit, cp, events, update, export: exportCmd, import: importCmd, load, save, create, diff, exec, login, logout, push, stats, history, images, info, inspect, kill, logs, pause, port, ps, pull, rename, restart, rm, rmi, run, search, start, stop, tag, top, unpause, version, wait };

const CONTAINER: Record<string, Command> = {
  create: alias(create, 'docker container create'),
  kill: alias(kill, 'docker container kill'),
  logs: alias(logs, 'docker container logs'),
  ls: containerLs,
  pause: alias(pause, 'docker container pause'),
  restart: alias(restart, 'docker container restart'),
  rm: alias(rm, 'docker container rm'),
  run: alias(run, 'docker container run'),
  start: alias(start, 'docker container start'),
  stop: alias(stop, 'docker container stop'),
  unpause: alias(unpause, 'docker container unpause'),
  inspect: containerInspect,
  attach: alias(attach, 'docker container attach'),
  exec: alias(exec, 'docker container exec'),
  stats: alias(stats, 'docker container stats'),
  update: alias(update, 'docker container update'),
  commit: alias(commit, 'docker container commit'),
  diff: alias(diff, 'docker container diff'),
  cp: alias(cp, 'docker container cp'),
  export: alias(exportCmd, 'docker container export'),
  port: alias(port, 'docker container port'),
  prune: containerPrune,
  rename: alias(rename, 'docker container rename'),
  top: alias(top, 'docker container top'),
  wait: alias(wait, 'docker container wait'),
};
CONTAINER['ps'] = alias(containerLs, 'docker container ls');
CONTAINER['list'] = CONTAINER['ps'];
CONTAINER['remove'] = CONTAINER['rm'] as Command;

const IMAGE: Record<string, Command> = {
  ls: imageLs,
  pull: alias(pull, 'docker image pull'),
  push: alias(push, 'docker image push'),
  build: alias(build, 'docker image build'),
  save: alias(save, 'docker image save'),
  load: alias(load, 'docker image load'),
  import: alias(importCmd, 'docker image import'),
  history: alias(history, 'docker image history'),
  inspect: imageInspect,
  prune: imagePrune,
  rm: alias(rmi, 'docker image rm'),
  tag: alias(tag, 'docker image tag'),
};
IMAGE['remove'] = IMAGE['rm'] as Command;
IMAGE['list'] = imageLs;

const VOLUME: Record<string, Command> = { create: volumeCreate, inspect: volumeInspect, ls: volumeLs, list: volumeLs, prune: volumePrune, rm: volumeRm, remove: volumeRm };

const NETWORK: Record<string, Command> = { connect: networkConnect, create: networkCreate, disconnect: networkDisconnect, inspect: networkInspect, ls: networkLs, list: networkLs, prune: networkPrune, rm: networkRm, remove: networkRm };

const SYSTEM: Record<string, Command> = { df: systemDf, prune: systemPrune, events: renamed(() => events, () => 'docker system events', () => 'docker system events [OPTIONS]'), info: renamed(() => info, () => 'docker system info', () => 'docker system info [OPTIONS]') };

const MANAGEMENT: Record<string, Record<string, Command>> = { container: CONTAINER, image: IMAGE, network: NETWORK, system: SYSTEM, volume: VOLUME };

/** Docker features outside the simulation: said plainly rather than faked. */
const NOT_SIMULATED = new Set(['swarm', 'service', 'stack', 'node', 'secret', 'config', 'plugin', 'context', 'trust', 'manifest', 'compose', 'scout', 'init', 'checkpoint', 'builder', 'debug', 'ai', 'desktop', 'model', 'sbom', 'extension']);

/** Commands the real client has that this one does not model yet. */
const KNOWN = new Set(['attach', 'build', 'commit', 'cp', 'diff', 'events', 'exec', 'export', 'history', 'import', 'info', 'inspect', 'load', 'login', 'logout', 'network', 'port', 'push', 'rename', 'rmi', 'save', 'search', 'stats', 'system', 'tag', 'top', 'update', 'version', 'volume', 'wait']);

const GLOBAL_WITH_VALUE = new Set(['-H', '--host', '--config', '-c', '--context', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

export interface DockerCliOptions {
  /** Label used in "Cannot connect to the Docker daemon at ..." */
  hostLabel?: string;
}

/** Runs the docker client with `argv` (without the leading `docker`). Returns the exit status. */
export function runDockerCli(argv: string[], io: CliIo, transport: Transport, options: DockerCliOptions = {}): number {
  let i = 0;
  let hostFlag: string | undefined;
  while (i < argv.length && (argv[i] as string).startsWith('-')) {
    const flag = argv[i] as string;
    if (flag === '-v' || flag === '--version') {
      io.stdout(`Docker version ${CLIENT_VERSION}, build ${CLIENT_COMMIT}\n`);
      return 0;
    }
    if (flag === '--help' || flag === '-h') {
      io.stdout(helpText('docker') ?? '');
      return 0;
    }
    const eq = flag.indexOf('=');
    const name = eq >= 0 ? flag.slice(0, eq) : flag;
    if (GLOBAL_WITH_VALUE.has(name)) {
      const value = eq >= 0 ? flag.slice(eq + 1) : argv[++i];
      if (value === undefined) {
        io.stderr(`flag needs an argument: ${name.startsWith('--') ? name : `'${name.slice(1)}' in ${name}`}\n\nUsage:  docker [OPTIONS] COMMAND\n\nRun 'docker --help' for more information\n`);
        return 125;
      }
      if (name === '-H' || name === '--host') hostFlag = value;
      i++;
      continue;
    }
    if (['-D', '--debug', '--tls', '--tlsverify'].includes(name)) {
      i++;
      continue;
    }
    io.stderr(`unknown ${flag.startsWith('--') ? `flag: ${name}` : `shorthand flag: '${flag[1]}' in ${flag}`}\n\nUsage:  docker [OPTIONS] COMMAND\n\nRun 'docker --help' for more information\n`);
    return 125;
  }
  const rest = argv.slice(i);
  if (rest.length === 0) {
    io.stdout(helpText('docker') ?? '');
    return 0;
  }
  const hostLabel = options.hostLabel ?? hostFlag ?? io.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  const client = new ApiClient(transport, hostLabel);
  const name = rest[0] as string;
  if (name === 'buildx') return part('extras').runBuildx(rest.slice(1), io, client);
  if (NOT_SIMULATED.has(name)) {
    io.stderr(`podbook: 'docker ${name}' is not simulated\n`);
    return 1;
  }
  const group = MANAGEMENT[name];
  if (group) {
    const sub = rest[1];
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout(helpText(`docker ${name}`) ?? `\nUsage:  docker ${name} COMMAND\n`);
      return 0;
    }
    const cmd = group[sub];
    if (!cmd) {
      if (sub.startsWith('-')) {
        io.stderr(`unknown flag: ${sub}\n\nUsage:  docker ${name} COMMAND\n\nRun 'docker ${name} --help' for more information\n`);
        return 125;
      }
      io.stderr(`podbook: 'docker ${name} ${sub}' is not simulated\n`);
      return 1;
    }
    return runCommand(cmd, rest.slice(2), io, client);
  }
  const cmd = TOP[name];
  if (cmd) return runCommand(cmd, rest.slice(1), io, client);
  if (KNOWN.has(name) || ['volume', 'network', 'system'].includes(name)) {
    io.stderr(`podbook: 'docker ${name}' is not simulated\n`);
    return 1;
  }
  io.stderr(`docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information\n`);
  return 1;
}

/** The transport a host's docker client uses by default: the daemon's unix socket. */
export function socketTransport(host: Host, path = '/var/run/docker.sock'): Transport {
  return (req) => unixRequest(host, path, req);
}

/** `/usr/bin/docker` as a program model. */
export const dockerProgram: Program = (ctx) => {
  const session = ctx.session;
  const configPath = `${ctx.env['HOME'] ?? '/root'}/.docker/config.json`;
  const io: CliIo = {
    stdin: ctx.stdin,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    isTTY: ctx.isTTY,
    env: ctx.env,
    now: () => ctx.world.clock.now,
    fs: ctx.host.fs,
    cwd: ctx.cwd,
    readConfig: () => (ctx.host.fs.tryStat(configPath)?.type === 'file' ? ctx.host.fs.readFile(configPath) : undefined),
    writeConfig: (text: string) => {
      ctx.host.fs.mkdir(configPath.slice(0, configPath.lastIndexOf('/')), { parents: true });
      ctx.host.fs.writeFile(configPath, text + '\n', { mode: 0o600 });
    },
    ...(session && ctx.isTTY && session.follow
      ? {
          startStream: (kind: string, data: Record<string, unknown>) => {
            session.stream = { kind, host: ctx.host.name, data };
          },
        }
      : {}),
    ...(session && ctx.isTTY
      ? { attach: (pid: number, container: string, kind: 'attach' | 'exec') => void session.frames.push({ host: ctx.host.name, pid, kind, container, vars: {}, history: [] }) }
      : {}),
  };
  const dockerHost = ctx.env['DOCKER_HOST'];
  if (dockerHost !== undefined && dockerHost !== '' && !dockerHost.startsWith('unix://')) {
    // TCP to a daemon goes through the network layer; nothing listens there in these labs.
    return runDockerCli(ctx.argv.slice(1), io, () => ({ ok: false, errno: 'ECONNREFUSED' }), { hostLabel: dockerHost });
  }
  const socket = dockerHost?.startsWith('unix://') ? dockerHost.slice('unix://'.length) : '/var/run/docker.sock';
  return runDockerCli(ctx.argv.slice(1), io, socketTransport(ctx.host, socket));
};
