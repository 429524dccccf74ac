/**
 * `docker run` and `docker create`: flags become the create body the real client sends; a
 * missing image is pulled first (`Unable to find image 'httpd:latest' locally` and the progress on
 * stderr); `run -d` starts and prints the id; a foreground run starts, waits and replays the
 * container's output, exiting with its status.
 */
import { familiarString, withDefaultTag } from '../../../image/reference.ts';
import { CliError, DaemonError, type ApiClient } from '../client.ts';
import { bool, list, num, str, usageError, type Command, type CommandContext } from '../command.ts';
import { parseBytes, type FlagSpec } from '../flags.ts';
import { normalizePath } from '../../../../kernel/vfs.ts';
import { byCodePoint } from '../../../../core/format.ts';
import { parseImageArg, pullStream } from './pull.ts';
import { demuxLogs, logText } from './logs.ts';

export const RUN_FLAGS: FlagSpec[] = [
  { long: 'attach', short: 'a', type: 'list' },
  { long: 'blkio-weight', type: 'int' },
  { long: 'cpu-shares', short: 'c', type: 'int' },
  { long: 'cpus', type: 'float' },
  { long: 'cpuset-cpus', type: 'string' },
  { long: 'cpu-period', type: 'int' },
  { long: 'cpu-quota', type: 'int' },
  { long: 'detach', short: 'd', type: 'bool' },
  { long: 'device-read-bps', type: 'list' },
  { long: 'device-write-bps', type: 'list' },
  { long: 'device-read-iops', type: 'list' },
  { long: 'device-write-iops', type: 'list' },
  { long: 'add-host', type: 'list' },
  { long: 'dns', type: 'list' },
  { long: 'dns-option', type: 'list' },
  { long: 'dns-search', type: 'list' },
  { long: 'entrypoint', type: 'string' },
  { long: 'env', short: 'e', type: 'list' },
  { long: 'env-file', type: 'list' },
  { long: 'expose', type: 'list' },
  { long: 'health-cmd', type: 'string' },
  { long: 'health-interval', type: 'string' },
  { long: 'health-retries', type: 'int' },
  { long: 'health-start-interval', type: 'string' },
  { long: 'health-start-period', type: 'string' },
  { long: 'health-timeout', type: 'string' },
  { long: 'hostname', short: 'h', type: 'string' },
  { long: 'init', type: 'bool' },
  { long: 'interactive', short: 'i', type: 'bool' },
  { long: 'ip', type: 'string' },
  { long: 'label', short: 'l', type: 'list' },
  { long: 'label-file', type: 'list' },
  { long: 'link', type: 'list' },
  { long: 'memory', short: 'm', type: 'bytes' },
  { long: 'memory-swap', type: 'string' },
  { long: 'mount', type: 'list' },
  { long: 'name', type: 'string' },
  { long: 'network', type: 'string' },
  { long: 'net', type: 'string', hidden: true },
  { long: 'no-healthcheck', type: 'bool' },
  { long: 'privileged', type: 'bool' },
  { long: 'publish', short: 'p', type: 'list' },
  { long: 'publish-all', short: 'P', type: 'bool' },
  { long: 'pull', type: 'string' },
  { long: 'quiet', short: 'q', type: 'bool' },
  { long: 'restart', type: 'string' },
  { long: 'rm', type: 'bool' },
  { long: 'tty', short: 't', type: 'bool' },
  { long: 'user', short: 'u', type: 'string' },
  { long: 'volume', short: 'v', type: 'list' },
  { long: 'volumes-from', type: 'list' },
  { long: 'workdir', short: 'w', type: 'string' },
  { long: 'cap-add', type: 'list' },
  { long: 'cap-drop', type: 'list' },
  { long: 'cgroup-parent', type: 'string' },
  { long: 'cidfile', type: 'string' },
  { long: 'detach-keys', type: 'string' },
  { long: 'disable-content-trust', type: 'bool' },
  { long: 'domainname', type: 'string' },
  { long: 'group-add', type: 'list' },
  { long: 'memory-reservation', type: 'bytes' },
  { long: 'network-alias', type: 'list' },
  { long: 'net-alias', type: 'list', hidden: true },
  { long: 'oom-kill-disable', type: 'bool' },
  { long: 'oom-score-adj', type: 'int' },
  { long: 'pids-limit', type: 'int' },
  { long: 'read-only', type: 'bool' },
  { long: 'security-opt', type: 'list' },
  { long: 'shm-size', type: 'bytes' },
  { long: 'sig-proxy', type: 'bool' },
  { long: 'stop-signal', type: 'string' },
  { long: 'stop-timeout', type: 'int' },
  // Known to the client, not modelled by Podbook: given with a value that changes anything, the
  // command says so plainly instead of running a container that would behave otherwise; the values
  // that change nothing here (the defaults) pass.
  { long: 'annotation', type: 'list', unsimulated: true },
  { long: 'blkio-weight-device', type: 'list', unsimulated: true },
  { long: 'cgroupns', type: 'string', unsimulated: (v) => v !== '' && v !== 'host' },
  { long: 'cpu-count', type: 'int', unsimulated: (v) => v !== '0' },
  { long: 'cpu-percent', type: 'int', unsimulated: (v) => v !== '0' },
  { long: 'cpu-rt-period', type: 'int', unsimulated: (v) => v !== '0' },
  { long: 'cpu-rt-runtime', type: 'int', unsimulated: (v) => v !== '0' },
  { long: 'cpuset-mems', type: 'string', unsimulated: (v) => v !== '' },
  { long: 'device', type: 'list', unsimulated: true },
  { long: 'device-cgroup-rule', type: 'list', unsimulated: true },
  { long: 'gpus', type: 'string', unsimulated: true },
  { long: 'io-maxbandwidth', type: 'bytes', unsimulated: (v) => v !== '0' },
  { long: 'io-maxiops', type: 'int', unsimulated: (v) => v !== '0' },
  { long: 'ip6', type: 'string', unsimulated: true },
  { long: 'ipc', type: 'string', unsimulated: (v) => v !== '' && v !== 'private' },
  { long: 'isolation', type: 'string', unsimulated: (v) => v !== '' && v !== 'default' },
  { long: 'kernel-memory', type: 'bytes', unsimulated: (v) => v !== '0' },
  { long: 'link-local-ip', type: 'list', unsimulated: true },
  { long: 'log-driver', type: 'string', unsimulated: (v) => v !== '' && v !== 'json-file' },
  { long: 'log-opt', type: 'list', unsimulated: true },
  { long: 'mac-address', type: 'string', unsimulated: true },
  { long: 'memory-swappiness', type: 'int', unsimulated: (v) => v !== '-1' },
  { long: 'pid', type: 'string', unsimulated: (v) => v !== '' },
  { long: 'platform', type: 'string', unsimulated: (v) => v !== '' && v !== 'linux/amd64' && v !== 'linux' },
  { long: 'runtime', type: 'string', unsimulated: (v) => v !== '' && v !== 'runc' },
  { long: 'storage-opt', type: 'list', unsimulated: true },
  { long: 'sysctl', type: 'list', unsimulated: true },
  { long: 'tmpfs', type: 'list', unsimulated: true },
  { long: 'ulimit', type: 'list', unsimulated: true },
  { long: 'use-api-socket', type: 'bool', unsimulated: (v) => v === 'true' },
  { long: 'userns', type: 'string', unsimulated: (v) => v !== '' },
  { long: 'uts', type: 'string', unsimulated: (v) => v !== '' },
  { long: 'volume-driver', type: 'string', unsimulated: (v) => v !== '' && v !== 'local' },
];



/** A flag value the client rejects while parsing: printed with the usage block, exit 125. */
export class FlagValueError extends CliError {}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const isIp = (text: string): boolean => IPV4.test(text) || (/^[0-9a-fA-F:]+$/.test(text) && text.includes(':'));

/** `--add-host name:ip` (or `name=ip`) as the client checks and sends it (`name:ip`). */
function parseAddHost(v: string): string {
  const sep = v.includes('=') ? v.indexOf('=') : v.indexOf(':');
  if (sep <= 0) throw new FlagValueError(`invalid argument "${v}" for "--add-host" flag: bad format for add-host: "${v}"`);
  const ip = v.slice(sep + 1).replace(/^\[(.*)\]$/, '$1');
  if (ip !== 'host-gateway' && !isIp(ip)) throw new FlagValueError(`invalid argument "${v}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`);
  return `${v.slice(0, sep)}:${ip}`;
}

/** `--link name[:alias]`. */
function checkLink(v: string): string {
  if (v.split(':').length > 2 || v === '' || v.startsWith(':')) throw new FlagValueError(`invalid argument "${v}" for "--link" flag: bad format for links: ${v}`);
  return v;
}

/** Lines of an env or label file (the client reads them): `KEY=value`, `KEY` from the client's environment, `#` comments. */
function readKeyValueFile(ctx: CommandContext, path: string, what: 'env' | 'label'): string[] {
  const fs = ctx.io.fs;
  const abs = path.startsWith('/') ? path : `${ctx.io.cwd ?? '/'}/${path}`;
  if (!fs || fs.tryStat(abs)?.type !== 'file') throw new CliError(`open ${path}: no such file or directory`);
  const out: string[] = [];
  for (const raw of fs.readFile(abs).split('\n')) {
    const line = raw.replace(/^[\s]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line.replace(/\s+$/, '');
    if (/\s/.test(key)) throw new CliError(`invalid ${what} file (${path}): variable '${key}' contains whitespaces`);
    if (eq >= 0) out.push(line);
    else if (what === 'label') out.push(key);
    else if (ctx.io.env[key] !== undefined) out.push(`${key}=${ctx.io.env[key]}`);
  }
  return out;
}

/** Parses `-p` specs into ExposedPorts and PortBindings; errors worded as the client words them. */
export function parsePorts(specs: string[]): { exposed: Record<string, Record<string, never>>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const spec of specs) {
    let rest = spec;
    let proto = 'tcp';
    const slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      proto = rest.slice(slash + 1).toLowerCase();
      rest = rest.slice(0, slash);
      if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new CliError(`invalid proto: ${proto}`);
    }
    let ip = '';
    let hostPart = '';
    let containerPart: string;
    const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
    if (bracket) {
      ip = bracket[1] as string;
      rest = bracket[2] as string;
    }
    const parts = rest.split(':');
    if (parts.length === 1) containerPart = parts[0] as string;
    else if (parts.length === 2) [hostPart, containerPart] = parts as [string, string];
    else if (parts.length === 3 && !bracket) [ip, hostPart, containerPart] = parts as [string, string, string];
    else throw new CliError(`invalid port format for --expose: ${spec}`);
    if (ip !== '' && !/^[\d.]+$|:/.test(ip)) throw new CliError(`invalid IP address: ${ip}`);
    const range = (text: string): [number, number] | null => {
      const m = /^(\d+)(?:-(\d+))?$/.exec(text);
      if (!m) return null;
      const a = Number(m[1]);
      const b = m[2] ? Number(m[2]) : a;
      if (a > 65535 || b > 65535 || b < a) return null;
      return [a, b];
    };
    const cr = range(containerPart);
    if (!cr || containerPart === '') throw new CliError(`invalid containerPort: ${containerPart}`);
    const hr = hostPart === '' ? null : range(hostPart);
    if (hostPart !== '' && !hr) throw new CliError(`invalid hostPort: ${hostPart}`);
    const count = cr[1] - cr[0];
    if (hr && hr[1] - hr[0] !== count && hr[1] !== hr[0]) throw new CliError(`invalid ranges specified for container and host Ports: ${containerPart} and ${hostPart}`);
    for (let i = 0; i <= count; i++) {
      const port = `${cr[0] + i}/${proto}`;
      exposed[port] = {};
      const hostPort = hr ? (hr[1] === hr[0] && count > 0 ? String(hr[0]) : String(hr[0] + i)) : '';
      (bindings[port] ??= []).push({ HostIp: ip, HostPort: hostPort });
    }
  }
  return { exposed, bindings };
}

/** `--mount type=bind,source=/x,target=/y,readonly` as the client turns it into a Mount. */
function parseMount(spec: string): Record<string, unknown> {
  const m: Record<string, unknown> = { Type: 'volume' };
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq >= 0 ? field.slice(0, eq) : field).trim().toLowerCase();
    const value = eq >= 0 ? field.slice(eq + 1) : '';
    if (key === 'type') m['Type'] = value;
    else if (key === 'source' || key === 'src') m['Source'] = value;
    else if (key === 'target' || key === 'destination' || key === 'dst') m['Target'] = value;
    else if (key === 'readonly' || key === 'ro') m['ReadOnly'] = value === '' || value === 'true' || value === '1';
    else throw new CliError(`invalid argument "${spec}" for "--mount" flag: unexpected key '${key}' in '${field}'`);
  }
  if (!m['Target']) throw new CliError(`invalid argument "${spec}" for "--mount" flag: target is required`);
  return m;
}

function parseRestart(text: string): { Name: string; MaximumRetryCount: number } {
  if (text === '' || text === 'no') return { Name: 'no', MaximumRetryCount: 0 };
  const [name, count] = text.split(':') as [string, string | undefined];
  if (!['always', 'unless-stopped', 'on-failure'].includes(name)) throw new CliError(`invalid restart policy format: ${text}`);
  if (count !== undefined && name !== 'on-failure') throw new CliError(`invalid restart policy format: maximum retry count can only be used with 'on-failure'`);
  return { Name: name, MaximumRetryCount: count ? Number(count) : 0 };
}

/** A `--health-*` duration flag as Go's time.ParseDuration reads it, in nanoseconds (0 when not given). */
function durationFlag(ctx: CommandContext, name: string): number {
  const text = str(ctx, name);
  if (!ctx.given.has(name)) return 0;
  if (text === '0') return 0;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw new FlagValueError(`invalid argument "${text}" for "--${name}" flag: time: missing unit in duration "${text}"`);
  const m = /^([+-]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/.exec(text);
  if (!m) throw new FlagValueError(`invalid argument "${text}" for "--${name}" flag: time: invalid duration "${text}"`);
  const unit: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  for (const part of (m[2] as string).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (unit[part[2] as string] as number);
  return Math.round(m[1] === '-' ? -total : total);
}

/** `--health-*` and `--no-healthcheck` as the client turns them into the config's Healthcheck. */
function healthcheck(ctx: CommandContext): Record<string, unknown> | undefined {
  const cmd = str(ctx, 'health-cmd');
  const d = { Interval: durationFlag(ctx, 'health-interval'), Timeout: durationFlag(ctx, 'health-timeout'), StartPeriod: durationFlag(ctx, 'health-start-period'), StartInterval: durationFlag(ctx, 'health-start-interval') };
  const retries = Number(ctx.flags['health-retries'] ?? 0);
  const any = cmd !== '' || retries !== 0 || Object.values(d).some((x) => x !== 0);
  if (bool(ctx, 'no-healthcheck')) {
    if (any) throw new CliError('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!any) return undefined;
  const names: Record<string, string> = { Interval: 'interval', Timeout: 'timeout', StartPeriod: 'start-period', StartInterval: 'start-interval' };
  for (const key of ['Interval', 'Timeout'] as const) if (d[key] < 0) throw new CliError(`--health-${names[key]} cannot be negative`);
  if (retries < 0) throw new CliError('--health-retries cannot be negative');
  for (const key of ['StartPeriod', 'StartInterval'] as const) if (d[key] < 0) throw new CliError(`--health-${names[key]} cannot be negative`);
  const out: Record<string, unknown> = cmd !== '' ? { Test: ['CMD-SHELL', cmd] } : {};
  for (const [k, v] of Object.entries(d)) if (v) out[k] = v;
  if (retries) out['Retries'] = retries;
  return out;
}

/** The create request body, shaped like the one the real client sends. */
export function createBody(ctx: CommandContext, image: string, cmd: string[]): Record<string, unknown> {
  const ports = parsePorts(list(ctx, 'publish'));
  for (const e of list(ctx, 'expose')) ports.exposed[e.includes('/') ? e : `${e}/tcp`] = {};
  const network = str(ctx, 'network') || str(ctx, 'net') || 'default';
  const ip = str(ctx, 'ip');
  const entrypoint = ctx.given.has('entrypoint') ? (str(ctx, 'entrypoint') === '' ? [''] : [str(ctx, 'entrypoint')]) : null;
  const swap = str(ctx, 'memory-swap');
  let memorySwap = 0;
  if (swap !== '') {
    if (swap === '-1') memorySwap = -1;
    else {
      const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(swap);
      const units: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
      const mult = m ? units[(m[2] as string).toLowerCase().replace(/i?b$/, '') || ''] : undefined;
      if (!m || mult === undefined) throw new CliError(`invalid argument "${swap}" for "--memory-swap" flag: invalid size: '${swap}'`);
      memorySwap = Math.floor(Number(m[1]) * mult);
    }
  }
  const tty = bool(ctx, 'tty');
  const interactive = bool(ctx, 'interactive');
  const detach = bool(ctx, 'detach');
  // The streams the client means to attach (`-a`, all but stdin when none is named), as it writes
  // them into the config; `run -d` attaches none. `docker create` has no -d: its config names them too.
  const attach = list(ctx, 'attach').map((a) => a.toLowerCase());
  const labels: Record<string, string> = {};
  for (const l of [...list(ctx, 'label-file').flatMap((f) => readKeyValueFile(ctx, f, 'label')), ...list(ctx, 'label')]) {
    const eq = l.indexOf('=');
    labels[eq >= 0 ? l.slice(0, eq) : l] = eq >= 0 ? l.slice(eq + 1) : '';
  }
  const throttle = (name: string, iops: boolean): { Path: string; Rate: number }[] =>
    list(ctx, name).map((v) => {
      const colon = v.lastIndexOf(':');
      const path = colon > 0 ? v.slice(0, colon) : v;
      const text = colon > 0 ? v.slice(colon + 1) : '';
      const rate = iops ? (/^\d+$/.test(text) ? Number(text) : Number.NaN) : parseBytes(text);
      if (colon <= 0) throw new FlagValueError(`invalid argument "${v}" for "--${name}" flag: bad format: ${v}`);
      if (typeof rate === 'string' || Number.isNaN(rate)) {
        const format = iops ? '<device-path>:<number>. Number must be a positive integer' : '<device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb';
        throw new FlagValueError(`invalid argument "${v}" for "--${name}" flag: invalid rate for device: ${v}. The correct format is ${format}`);
      }
      return { Path: path, Rate: rate };
    });
  for (const d of list(ctx, 'dns')) if (!isIp(d)) throw new FlagValueError(`invalid argument "${d}" for "--dns" flag: IP address is not correctly formatted: ${d}`);
  const extraHosts = list(ctx, 'add-host').map(parseAddHost);
  const links = list(ctx, 'link').map(checkLink);
  const env = [...list(ctx, 'env-file').flatMap((f) => readKeyValueFile(ctx, f, 'env')), ...list(ctx, 'env')];
  const health = healthcheck(ctx);
  const aliases = [...list(ctx, 'network-alias'), ...list(ctx, 'net-alias')];
  const capAdd = normalizeCaps(list(ctx, 'cap-add'));
  const capDrop = normalizeCaps(list(ctx, 'cap-drop'));
  if (aliases.length && ['default', 'bridge', 'host', 'none'].includes(network)) throw new CliError('network-scoped aliases are only supported for user-defined networks');
  for (const opt of list(ctx, 'security-opt')) {
    const eq = opt.indexOf('=') >= 0 ? opt.indexOf('=') : opt === 'no-new-privileges' ? -1 : opt.indexOf(':');
    if (opt !== 'no-new-privileges' && (eq < 0 || eq === opt.length - 1)) throw new CliError(`Invalid --security-opt: ${JSON.stringify(opt)}`);
  }
  return {
    Hostname: str(ctx, 'hostname'),
    Domainname: str(ctx, 'domainname'),
    User: str(ctx, 'user'),
    AttachStdin: !detach && (interactive || attach.includes('stdin')),
    AttachStdout: !detach && (attach.length === 0 || attach.includes('stdout')),
    AttachStderr: !detach && (attach.length === 0 || attach.includes('stderr')),
    ExposedPorts: ports.exposed,
    Tty: tty,
    OpenStdin: interactive,
    StdinOnce: interactive && !detach,
    Env: env.length ? env : null,
    Cmd: cmd.length ? cmd : null,
    ...(health ? { Healthcheck: health } : {}),
    Image: image,
    Volumes: Object.fromEntries(list(ctx, 'volume').filter((v) => !v.includes(':')).map((v) => [v, {}])),
    WorkingDir: str(ctx, 'workdir'),
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: labels,
    ...(str(ctx, 'stop-signal') !== '' ? { StopSignal: str(ctx, 'stop-signal') } : {}),
    ...(ctx.given.has('stop-timeout') ? { StopTimeout: num(ctx, 'stop-timeout') } : {}),
    HostConfig: {
      Binds: list(ctx, 'volume').filter((v) => v.includes(':')).length ? list(ctx, 'volume').filter((v) => v.includes(':')) : null,
      ContainerIDFile: str(ctx, 'cidfile'),
      LogConfig: { Type: '', Config: {} },
      NetworkMode: network,
      PortBindings: ports.bindings,
      RestartPolicy: parseRestart(str(ctx, 'restart')),
      AutoRemove: bool(ctx, 'rm'),
      VolumeDriver: '',
      VolumesFrom: list(ctx, 'volumes-from').length ? list(ctx, 'volumes-from') : null,
      ...(list(ctx, 'mount').length ? { Mounts: list(ctx, 'mount').map(parseMount) } : {}),
      Privileged: bool(ctx, 'privileged'),
      PublishAllPorts: bool(ctx, 'publish-all'),
      Dns: list(ctx, 'dns'),
      DnsOptions: list(ctx, 'dns-option'),
      DnsSearch: list(ctx, 'dns-search'),
      ExtraHosts: extraHosts.length ? extraHosts : null,
      Links: links.length ? links : null,
      ...(bool(ctx, 'init') ? { Init: true } : {}),
      ...(capAdd.length ? { CapAdd: capAdd } : {}),
      ...(capDrop.length ? { CapDrop: capDrop } : {}),
      ...(list(ctx, 'group-add').length ? { GroupAdd: list(ctx, 'group-add') } : {}),
      ...(bool(ctx, 'read-only') ? { ReadonlyRootfs: true } : {}),
      ...(list(ctx, 'security-opt').length ? { SecurityOpt: list(ctx, 'security-opt') } : {}),
      ...(ctx.given.has('oom-score-adj') ? { OomScoreAdj: num(ctx, 'oom-score-adj') } : {}),
      ...(ctx.given.has('shm-size') ? { ShmSize: num(ctx, 'shm-size') } : {}),
      ...(str(ctx, 'cgroup-parent') !== '' ? { CgroupParent: str(ctx, 'cgroup-parent') } : {}),
      ...(ctx.given.has('memory-reservation') ? { MemoryReservation: num(ctx, 'memory-reservation') } : {}),
      ...(bool(ctx, 'oom-kill-disable') ? { OomKillDisable: true } : {}),
      ...(ctx.given.has('pids-limit') ? { PidsLimit: num(ctx, 'pids-limit') } : {}),
      CpuShares: num(ctx, 'cpu-shares'),
      Memory: num(ctx, 'memory'),
      NanoCpus: Math.round(num(ctx, 'cpus') * 1e9),
      CpuPeriod: num(ctx, 'cpu-period'),
      CpuQuota: num(ctx, 'cpu-quota'),
      CpusetCpus: str(ctx, 'cpuset-cpus'),
      BlkioWeight: num(ctx, 'blkio-weight'),
      BlkioDeviceReadBps: throttle('device-read-bps', false),
      BlkioDeviceWriteBps: throttle('device-write-bps', false),
      BlkioDeviceReadIOps: throttle('device-read-iops', true),
      BlkioDeviceWriteIOps: throttle('device-write-iops', true),
      MemorySwap: memorySwap,
      MemorySwappiness: -1,
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { IPAMConfig: ip ? { IPv4Address: ip } : null, Links: null, Aliases: aliases.length ? aliases : null } } },
  };
}

/** Capabilities as the API client sends them: upper case with CAP_ (ALL as it is), once each, sorted. */
function normalizeCaps(caps: string[]): string[] {
  const out = new Set<string>();
  for (const c of caps) {
    const up = c.toUpperCase();
    out.add(up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`);
  }
  return [...out].sort(byCodePoint);
}

/** Creates the container, pulling the image first when the daemon does not have it. */
export function createContainer(ctx: CommandContext, client: ApiClient): string {
  const imageArg = ctx.args[0] as string;
  const ref = withDefaultTag(parseImageArg(imageArg));
  const body = createBody(ctx, imageArg, ctx.args.slice(1));
  const name = str(ctx, 'name');
  const query: [string, string][] = name ? [['name', name]] : [];
  // `--cidfile`: the client refuses a file that exists, and writes the new container's id there.
  const cidfile = str(ctx, 'cidfile');
  const cidPath = cidfile === '' ? '' : normalizePath(cidfile, ctx.io.cwd ?? '/');
  if (cidPath !== '' && ctx.io.fs?.exists(cidPath)) throw new CliError(`container ID file found, make sure the other container isn't running or delete ${cidfile}`);
  const attempt = (): string => {
    const id = client.json<{ Id: string }>('POST', '/containers/create', query, body).Id;
    if (cidPath !== '') ctx.io.fs?.writeFile(cidPath, id);
    return id;
  };
  try {
    return attempt();
  } catch (e) {
    if (!(e instanceof DaemonError) || e.status !== 404 || !e.message.includes('No such image')) throw e;
    if (str(ctx, 'pull') === 'never') throw e;
  }
  ctx.io.stderr(`Unable to find image '${familiarString(ref)}' locally\n`);
  const text = pullStream(client, ref, ctx.io.isTTY);
  if (!bool(ctx, 'quiet')) ctx.io.stderr(text);
  return attempt();
}

/** The exit status `docker run` reports when the daemon could not start the command. */
function startFailureCode(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied/.test(message)) return 126;
  return 125;
}

function runRun(ctx: CommandContext): number {
  const { client, io } = ctx;
  client.ping();
  let id: string;
  try {
    id = createContainer(ctx, client);
  } catch (e) {
    if (e instanceof FlagValueError) return usageError(run, io, e.message, 'Run', '');
    if (e instanceof CliError && !(e instanceof DaemonError)) {
      io.stderr(`docker: ${e.message}\n\nRun 'docker run --help' for more information\n`);
      return 125;
    }
    throw e;
  }
  if (bool(ctx, 'interactive') && !bool(ctx, 'detach') && !(bool(ctx, 'tty') && io.attach) && io.stdin !== '') {
    client.request('POST', `/containers/${id}/attach`, [['stream', '1'], ['stdin', '1'], ['stdout', '1'], ['stderr', '1']], undefined, false, {}, io.stdin);
  }
  try {
    client.request('POST', `/containers/${id}/start`);
  } catch (e) {
    if (e instanceof DaemonError) {
      io.stderr(`docker: ${e.message}\n\nRun 'docker run --help' for more information\n`);
      return startFailureCode(e.message);
    }
    throw e;
  }
  if (bool(ctx, 'detach')) {
    io.stdout(`${id}\n`);
    return 0;
  }
  if (bool(ctx, 'interactive') && bool(ctx, 'tty') && io.attach) {
    const c = client.json<{ State: { Running: boolean; Pid: number } }>('GET', `/containers/${id}/json`);
    if (c.State.Running) {
      io.attach(c.State.Pid, id, 'attach');
      return 0;
    }
  }
  // The real client attaches before starting and copies the stream until PID 1 ends. In process,
  // what PID 1 wrote so far is read back first; a program still at work (perl computing) writes
  // the rest while the wait runs time forward, so its later frames are read after it ended (before
  // the removal, with --rm).
  let shown = 0;
  const replay = (): void => {
    const logs = client.request('GET', `/containers/${id}/logs`, [['stdout', '1'], ['stderr', '1']], undefined, true);
    if (logs.status !== 200) return;
    const frames: [boolean, string][] = [];
    demuxLogs(logs, (t) => frames.push([true, t]), (t) => frames.push([false, t]));
    for (const [out, text] of frames.slice(shown)) (out ? io.stdout : io.stderr)(text);
    shown = Math.max(shown, frames.length);
  };
  replay();
  const rm = bool(ctx, 'rm');
  // Asked after the start, so `not-running` (an engine that blocks would wait for ever on the next
  // exit of a container that has already ended).
  const wait = client.json<{ StatusCode: number }>('POST', `/containers/${id}/wait`, [['condition', 'not-running']]);
  replay();
  // Still running (a script looping on the clock): the client is still attached. A terminal
  // follows it as `docker attach` does; elsewhere it stops there as if the reader pressed Ctrl+C.
  const after = client.request('GET', `/containers/${id}/json`, [], undefined, true);
  if (after.status === 200 && (JSON.parse(after.body) as { State: { Running: boolean } }).State.Running) {
    if (io.startStream) {
      io.startStream('docker-attach', { container: id, shown: logText(client, id).length });
      return 0;
    }
    io.stdout('^C\n');
    // Without a terminal the client proxies the reader's Ctrl+C to the container (--sig-proxy): a
    // program that handles SIGINT ends on it (ping prints its statistics); PID 1 without a handler does not.
    const sigProxy = !ctx.given.has('sig-proxy') || bool(ctx, 'sig-proxy');
    if (!bool(ctx, 'tty') && sigProxy) {
      const killed = client.request('POST', `/containers/${id}/kill`, [['signal', 'SIGINT']], undefined, true);
      // A trap on INT runs once the script's current command ends: the client waits for it.
      if (killed.headers['X-Podbook-Trap-Pending'] !== undefined) {
        client.request('POST', `/containers/${id}/wait`, [['condition', 'not-running']], undefined, true);
        replay();
      }
      const now = client.request('GET', `/containers/${id}/json`, [], undefined, true);
      const state = now.status === 200 ? (JSON.parse(now.body) as { State: { Running: boolean; ExitCode: number } }).State : undefined;
      if (state && !state.Running) {
        replay();
        if (rm) client.request('POST', `/containers/${id}/wait`, [['condition', 'removed']], undefined, true);
        return state.ExitCode;
      }
    }
    return 130;
  }
  // --rm: the daemon removes it now (it may already be gone).
  if (rm) client.request('POST', `/containers/${id}/wait`, [['condition', 'removed']], undefined, true);
  return wait.StatusCode;
}

export const run: Command = {
  path: 'docker run',
  usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS,
  args: { min: 1 },
  interspersed: false,
  runStyleErrors: true,
  run: runRun,
};

export const create: Command = {
  path: 'docker create',
  usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS.filter((f) => f.long !== 'detach' && f.long !== 'sig-proxy'),
  args: { min: 1 },
  interspersed: false,
  runStyleErrors: true,
  run(ctx) {
    ctx.client.ping();
    let id: string;
    try {
      id = createContainer(ctx, ctx.client);
    } catch (e) {
      if (e instanceof FlagValueError) return usageError(create, ctx.io, e.message, 'Run', '');
      if (e instanceof CliError && !(e instanceof DaemonError)) {
        ctx.io.stderr(`docker: ${e.message}\n\nRun 'docker create --help' for more information\n`);
        return 125;
      }
      throw e;
    }
    ctx.io.stdout(`${id}\n`);
    return 0;
  },
};
