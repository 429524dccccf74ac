/**
 * Container routes of Engine API 1.50: create, list, inspect, start/stop/restart/kill,
 * pause/unpause, wait, rename, logs, top, delete and prune, with the daemon's status codes and
 * error messages.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { dockerHumanDuration } from '../../core/format.ts';
import { layerDirId } from './graphdriver.ts';
import { utf8Encode } from '../../core/utf8.ts';
import { findImage, displayMissing, parseFilters } from './images.ts';
import { awaitStop, beginStop, killContainer, removeContainer, startContainer, stopContainer } from './lifecycle.ts';
import { BEGIN_ONLY, header, PENDING_AGAIN, pendingReply, waitsOnWallClock } from './held.ts';
import { createRoot } from './sandbox.ts';
import { normalizeHostConfig } from './hostconfig.ts';
import { statsRoute } from './stats.ts';
import { normalizeLinks } from './links.ts';
import { healthConfigJson, healthJson, healthSuffix, type HealthConfig } from './health.ts';
import { psArgsError, topRoute } from './top.ts';
import { daemonTime, SLOT } from './timefmt.ts';
import { containerSizeRootFs, containerSizeRw } from './size.ts';
import { attachRoute, waitRoute } from './attach.ts';
import { logsRoute } from './logs.ts';
import { readJsonBody } from './jsonbody.ts';
import { part } from '../../lazy/index.ts';
import { updateRoute } from './system-extra.ts';
import { planMounts, removeVolume } from './volumes.ts';
import { randomContainerName } from './names.ts';
import { ensureDefaultNetworks, findNetwork } from './networks.ts';
import { badRequest, conflict, json, noContent, notFound, notModified, serverError } from './reply.ts';
import { containersNewestFirst, findContainer, recordEvent, type ContainerConfig, type ContainerRecord, type EngineState } from './state.ts';

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, WINCH: 28 };

export function parseSignal(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  return SIGNALS[text.toUpperCase().replace(/^SIG/, '')];
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true' || value === 'True';
}

const CONFIG_FIELDS = new Set(
  'hostname domainname user attachstdin attachstdout attachstderr exposedports tty openstdin stdinonce env cmd healthcheck argsescaped image volumes workingdir entrypoint networkdisabled macaddress onbuild labels stopsignal stoptimeout shell'.split(' '),
);

function createRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const read = readJsonBody<unknown>(req, { emptyIsEof: true });
  if (!read.ok) return read.error;
  const decoded = read.value;
  if (decoded !== null && (typeof decoded !== 'object' || Array.isArray(decoded))) {
    const kind = Array.isArray(decoded) ? 'array' : typeof decoded === 'boolean' ? 'bool' : (typeof decoded as string);
    return badRequest(`invalid JSON: json: cannot unmarshal ${kind} into Go value of type container.CreateRequest`);
  }
  const body = (decoded ?? {}) as Record<string, unknown>;
  // The container's Config is embedded in the request: with none of its fields there is none.
  if (!Object.keys(body).some((k) => CONFIG_FIELDS.has(k.toLowerCase()))) return badRequest('config cannot be empty in order to create a container');
  const imageName = typeof body['Image'] === 'string' ? body['Image'] : '';
  if (imageName === '') return badRequest('No image was specified');
  const image = findImage(state, imageName);
  if (!image) return notFound(`No such image: ${displayMissing(imageName)}`);
  const requested = queryGet(req, 'name') ?? '';
  if (requested !== '' && !NAME_RE.test(requested)) return badRequest(`Invalid container name (${requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const wantName = requested === '' ? '' : requested.startsWith('/') ? requested : `/${requested}`;
  if (wantName !== '') {
    const holder = findContainer(state, wantName);
    if (holder && !('ambiguous' in holder)) {
      return conflict(`Conflict. The container name "${wantName}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
  }
  const hostConfig = normalizeHostConfig({ ...((body['HostConfig'] ?? {}) as Record<string, unknown>) });
  ensureDefaultNetworks(world, state);
  let mode = typeof hostConfig['NetworkMode'] === 'string' && hostConfig['NetworkMode'] !== '' ? (hostConfig['NetworkMode'] as string) : 'default';
  if (mode === 'default') mode = 'bridge';
  hostConfig['NetworkMode'] = mode;
  const network = findNetwork(state, mode);
  if (!network && !mode.startsWith('container:')) return notFound(`network ${mode} not found`);
  const endpoints = ((body['NetworkingConfig'] as { EndpointsConfig?: Record<string, { IPAMConfig?: { IPv4Address?: string } | null; Aliases?: string[] | null }> } | undefined)?.EndpointsConfig ?? {}) as Record<string, { IPAMConfig?: { IPv4Address?: string } | null; Aliases?: string[] | null }>;
  const endpoint = endpoints[mode] ?? endpoints['default'] ?? endpoints[network?.name ?? ''];
  const fixedIp = endpoint?.IPAMConfig?.IPv4Address ?? '';
  // Aliases are names on a user-defined network's DNS: the predefined networks have none.
  for (const [key, ep] of Object.entries(endpoints)) {
    const predefined = ['default', 'bridge', 'host', 'none'].includes(key) || key.startsWith('container:');
    if (predefined && (ep?.Aliases?.length ?? 0) > 0 && !(ep?.IPAMConfig?.IPv4Address)) return badRequest(`invalid config for network ${key}: network-scoped alias is supported only for containers in user defined networks`);
  }
  if (fixedIp !== '' && network) {
    if (network.name === 'bridge' || network.ipam.length === 0) return badRequest('user specified IP address is supported on user defined networks only');
    if (!network.userSubnet) return badRequest('user specified IP address is supported only when connecting to networks with user configured subnets');
  }
  const exposed: Record<string, Record<string, never>> = {};
  for (const p of image.config.ExposedPorts ?? []) exposed[p] = {};
  for (const p of Object.keys((body['ExposedPorts'] ?? {}) as Record<string, unknown>)) exposed[p] = {};
  const env = mergeEnv(image.config.Env ?? [], (body['Env'] as string[] | null) ?? []);
  const bodyEntrypoint = body['Entrypoint'] as string[] | null | undefined;
  const bodyCmd = body['Cmd'] as string[] | null | undefined;
  const entrypoint = bodyEntrypoint && bodyEntrypoint.length > 0 ? bodyEntrypoint : bodyEntrypoint === undefined || bodyEntrypoint === null ? image.config.Entrypoint ?? null : null;
  const cmd = bodyCmd && bodyCmd.length > 0 ? bodyCmd : bodyEntrypoint && bodyEntrypoint.length > 0 ? null : image.config.Cmd ?? null;
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) return badRequest('no command specified');
  const mounts = planMounts(world, host, state, hostConfig, Object.keys({ ...Object.fromEntries((image.config.Volumes ?? []).map((v) => [v, {}])), ...((body['Volumes'] ?? {}) as Record<string, unknown>) }));
  if (typeof mounts === 'string') return badRequest(mounts);
  const id = world.rng.hex(64);
  const name = wantName !== '' ? wantName : `/${randomContainerName(world.rng, (n) => findContainer(state, `/${n}`) !== undefined)}`;
  // Legacy links (default bridge only): the target must exist; kept as `/target:/name/alias`.
  if (Array.isArray(hostConfig['Links']) && (mode === 'bridge' || mode === 'default')) {
    const links = normalizeLinks(state, hostConfig['Links'] as string[], name);
    if (typeof links === 'string') return badRequest(links);
    hostConfig['Links'] = links;
  }
  const volumes: Record<string, Record<string, never>> = {};
  for (const v of image.config.Volumes ?? []) volumes[v] = {};
  for (const v of Object.keys((body['Volumes'] ?? {}) as Record<string, unknown>)) volumes[v] = {};
  const config: ContainerConfig = {
    Hostname: typeof body['Hostname'] === 'string' && body['Hostname'] !== '' ? (body['Hostname'] as string) : id.slice(0, 12),
    Domainname: (body['Domainname'] as string) ?? '',
    User: (body['User'] as string) || image.config.User || '',
    AttachStdin: body['AttachStdin'] === true,
    AttachStdout: body['AttachStdout'] === true,
    AttachStderr: body['AttachStderr'] === true,
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    Tty: body['Tty'] === true,
    OpenStdin: body['OpenStdin'] === true,
    StdinOnce: body['StdinOnce'] === true,
    Env: env,
    Cmd: cmd,
    ...healthcheckOf(image.config.Healthcheck, body['Healthcheck'] as HealthConfig | null | undefined),
    Image: imageName,
    Volumes: Object.keys(volumes).length ? volumes : null,
    WorkingDir: (body['WorkingDir'] as string) || image.config.WorkingDir || '',
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: { ...(image.config.Labels ?? {}), ...((body['Labels'] ?? {}) as Record<string, string>) },
    ...(typeof body['StopSignal'] === 'string' && body['StopSignal'] !== '' ? { StopSignal: body['StopSignal'] } : image.config.StopSignal ? { StopSignal: image.config.StopSignal } : {}),
    ...(typeof body['StopTimeout'] === 'number' ? { StopTimeout: body['StopTimeout'] } : {}),
  };
  const c: ContainerRecord = {
    id,
    name,
    created: world.clock.now,
    image: imageName,
    imageId: image.id,
    path: argv[0] as string,
    args: argv.slice(1),
    config,
    hostConfig,
    state: { status: 'created', pid: 0, exitCode: 0, error: '', oomKilled: false, startedAt: 0, finishedAt: 0, restartCount: 0 },
    networks: {},
    ports: {},
    logs: [],
    layerId: world.rng.hex(64),
    mounts,
  };
  if (network && !mode.startsWith('container:')) {
    const userNet = network.name !== 'bridge';
    c.networks[network.name] = { networkId: network.id, endpointId: world.rng.hex(64), ip: '', prefixLen: 0, gateway: '', mac: '', aliases: endpoint?.Aliases ?? null, dnsNames: userNet ? [name.slice(1), id.slice(0, 12)] : null, ipamConfig: fixedIp ? { IPv4Address: fixedIp } : null };
  }
  state.containers[id] = c;
  createRoot(world, host, state, c);
  recordEvent(world, state, 'container', 'create', id, { image: imageName, name: name.slice(1) });
  return json(201, { Id: id, Warnings: [] });
}

function mergeEnv(base: string[], extra: string[]): string[] {
  const out = [...base];
  for (const entry of extra) {
    const key = entry.split('=')[0] as string;
    const i = out.findIndex((e) => e.split('=')[0] === key);
    if (i >= 0) out[i] = entry;
    else out.push(entry);
  }
  return out;
}

/**
 * The container's healthcheck: `docker run --health-*` over the image's (a test, or each setting,
 * left out takes the image's), nothing when neither has one.
 */
function healthcheckOf(image: HealthConfig | undefined, given: HealthConfig | null | undefined): { Healthcheck?: HealthConfig } {
  if (!given) return image ? { Healthcheck: { ...image } } : {};
  const merged: HealthConfig = { ...given };
  if (!merged.Test || merged.Test.length === 0) {
    if (image?.Test) merged.Test = image.Test;
    else delete merged.Test;
  }
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) if (!merged[k] && image?.[k]) merged[k] = image[k];
  return { Healthcheck: healthConfigJson(merged) };
}

/** The `Status` text the daemon computes for lists: `Up 3 minutes`, `Exited (0) 2 seconds ago`. */
export function statusText(c: ContainerRecord, now: number): string {
  switch (c.state.status) {
    case 'running':
      return `Up ${dockerHumanDuration(now - c.state.startedAt)}${healthSuffix(c)}`;
    case 'paused':
      return `Up ${dockerHumanDuration(now - c.state.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.state.exitCode}) ${dockerHumanDuration(now - c.state.finishedAt)} ago`;
    case 'exited':
      return c.state.startedAt === 0 ? 'Created' : `Exited (${c.state.exitCode}) ${dockerHumanDuration(now - c.state.finishedAt)} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    default:
      return 'Created';
  }
}

function portList(c: ContainerRecord): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  // The list is built from the network settings' port map, which the daemon fills when the
  // sandbox is made at start and clears when it is released: created and exited containers list none.
  if (c.state.status !== 'running' && c.state.status !== 'paused') return out;
  const seen = new Set<string>();
  for (const [port, list] of Object.entries(c.ports)) {
    const [num, proto] = port.split('/') as [string, string];
    seen.add(port);
    for (const b of list) out.push({ IP: b.HostIp, PrivatePort: Number(num), PublicPort: Number(b.HostPort), Type: proto });
  }
  for (const port of Object.keys(c.config.ExposedPorts ?? {})) {
    if (seen.has(port)) continue;
    const [num, proto] = port.split('/') as [string, string];
    out.push({ PrivatePort: Number(num), Type: proto });
  }
  return out;
}

function networkSettingsSummary(state: EngineState, c: ContainerRecord): Record<string, unknown> {
  const networks: Record<string, unknown> = {};
  for (const [name, ep] of Object.entries(c.networks)) networks[name] = endpointJson(state, ep, c);
  return { Networks: networks };
}

function endpointJson(state: EngineState, ep: ContainerRecord['networks'][string], c: ContainerRecord): Record<string, unknown> {
  void state;
  const running = c.state.status === 'running' || c.state.status === 'paused';
  return {
    IPAMConfig: ep.ipamConfig,
    Links: null,
    Aliases: ep.aliases,
    MacAddress: running ? ep.mac : '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: ep.networkId,
    EndpointID: running ? ep.endpointId : '',
    Gateway: running ? ep.gateway : '',
    IPAddress: running ? ep.ip : '',
    IPPrefixLen: running ? ep.prefixLen : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: ep.dnsNames,
  };
}

function mountJson(m: NonNullable<ContainerRecord['mounts']>[number]): Record<string, unknown> {
  return m.Type === 'bind'
    ? { Type: 'bind', Source: m.Source, Destination: m.Destination, Mode: m.Mode, RW: m.RW, Propagation: m.Propagation }
    : { Type: 'volume', Name: m.Name, Source: m.Source, Destination: m.Destination, Driver: m.Driver, Mode: m.Mode, RW: m.RW, Propagation: m.Propagation };
}

function commandText(c: ContainerRecord): string {
  return [c.path, ...c.args].join(' ');
}

export function summaryJson(host: Host, state: EngineState, c: ContainerRecord, now: number, size: boolean): Record<string, unknown> {
  return {
    Id: c.id,
    Names: [c.name],
    Image: c.image,
    ImageID: c.imageId,
    Command: commandText(c),
    Created: Math.floor(c.created / 1000),
    Ports: portList(c),
    ...(size ? { SizeRw: containerSizeRw(host, c), SizeRootFs: containerSizeRootFs(host, state, c) } : {}),
    Labels: c.config.Labels,
    State: c.state.status,
    Status: statusText(c, now),
    HostConfig: { NetworkMode: c.hostConfig['NetworkMode'] },
    NetworkSettings: networkSettingsSummary(state, c),
    Mounts: (c.mounts ?? []).map(mountJson),
  };
}

function matchesFilters(state: EngineState, c: ContainerRecord, filters: Record<string, string[]>): boolean {
  for (const [key, values] of Object.entries(filters)) {
    const ok = values.some((v) => {
      switch (key) {
        case 'status':
          return c.state.status === v;
        case 'name':
          return new RegExp(v).test(c.name.slice(1));
        case 'id':
          return c.id.startsWith(v);
        case 'exited':
          return c.state.status === 'exited' && c.state.startedAt !== 0 && String(c.state.exitCode) === v;
        case 'ancestor': {
          const img = findImage(state, v);
          return img ? img.id === c.imageId : c.image === v;
        }
        case 'label': {
          const [k, val] = v.split('=') as [string, string | undefined];
          return k in c.config.Labels && (val === undefined || c.config.Labels[k] === val);
        }
        case 'network':
          return Object.entries(c.networks).some(([name, ep]) => name === v || ep.networkId.startsWith(v));
        case 'health':
          return (c.health?.status ?? 'none') === v;
        case 'publish':
        case 'expose':
          return Object.keys(c.ports).some((p) => p === v || p === `${v}/tcp`) || Object.values(c.ports).some((l) => l.some((b) => b.HostPort === v.split('/')[0]));
        default:
          return true;
      }
    });
    if (!ok) return false;
  }
  return true;
}

const FILTER_KEYS = new Set(['status', 'name', 'id', 'exited', 'ancestor', 'label', 'network', 'publish', 'expose', 'before', 'since', 'health', 'volume', 'isolation', 'is-task']);

function listRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const all = isTrue(queryGet(req, 'all'));
  const limitText = queryGet(req, 'limit') || '-1';
  // dockerd hands strconv.Atoi's own error back, as an internal error.
  if (!/^[+-]?\d+$/.test(limitText)) return serverError(`strconv.Atoi: parsing ${JSON.stringify(limitText)}: invalid syntax`);
  const limit = Number(limitText);
  const filters = parseFilters(queryGet(req, 'filters'));
  if (filters === null) return badRequest('invalid filter');
  for (const key of Object.keys(filters)) if (!FILTER_KEYS.has(key)) return badRequest(`invalid filter '${key}'`);
  for (const v of filters['status'] ?? []) {
    if (!['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'].includes(v)) return badRequest(`invalid filter 'status=${v}'`);
  }
  let list = containersNewestFirst(state).filter((c) => all || limit > 0 || filters['status'] !== undefined || c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting');
  list = list.filter((c) => matchesFilters(state, c, filters));
  if (limit > 0) list = list.slice(0, limit);
  const now = world.clock.now;
  const size = isTrue(queryGet(req, 'size'));
  return json(200, list.map((c) => summaryJson(host, state, c, now, size)));
}

function time(ms: number, key: string, slot: number): string {
  return daemonTime(ms, key, slot);
}

export function inspectJson(state: EngineState, c: ContainerRecord): Record<string, unknown> {
  const s = c.state;
  const running = s.status === 'running' || s.status === 'paused';
  const ports: Record<string, unknown> = {};
  for (const port of Object.keys(c.config.ExposedPorts ?? {})) ports[port] = running ? c.ports[port] ?? null : null;
  for (const [port, list] of Object.entries(c.ports)) ports[port] = list;
  const image = state.images[c.imageId];
  const layerDir = `/var/lib/docker/overlay2/${c.layerId}`;
  const lower = [`${layerDir}-init/diff`, ...[...(image?.layers ?? [])].reverse().map((d) => `/var/lib/docker/overlay2/${layerDirId(d)}/diff`)].join(':');
  const networks: Record<string, unknown> = {};
  for (const [name, ep] of Object.entries(c.networks)) networks[name] = endpointJson(state, ep, c);
  return {
    Id: c.id,
    Created: daemonTime(c.created, c.id),
    Path: c.path,
    Args: c.args,
    State: {
      Status: s.status,
      Running: s.status === 'running' || s.status === 'paused',
      Paused: s.status === 'paused',
      Restarting: s.status === 'restarting',
      OOMKilled: s.oomKilled,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: time(s.startedAt, `${c.id}/start`, SLOT.started),
      FinishedAt: time(s.finishedAt, `${c.id}/finish`, SLOT.finished),
      ...(c.health ? { Health: healthJson(c) } : {}),
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`,
    Name: c.name,
    RestartCount: s.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: c.hostConfig,
    GraphDriver: {
      Data: { ID: c.id, LowerDir: lower, MergedDir: `${layerDir}/merged`, UpperDir: `${layerDir}/diff`, WorkDir: `${layerDir}/work` },
      Name: 'overlay2',
    },
    Mounts: (c.mounts ?? []).map(mountJson),
    Config: c.config,
    NetworkSettings: {
      Bridge: '',
      SandboxID: running ? c.layerId.split('').reverse().join('') : '',
      SandboxKey: running ? `/var/run/docker/netns/${c.layerId.slice(-12)}` : '',
      Ports: ports,
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: running && c.networks['bridge'] ? c.networks['bridge'].endpointId : '',
      Gateway: running && c.networks['bridge'] ? c.networks['bridge'].gateway : '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: running && c.networks['bridge'] ? c.networks['bridge'].ip : '',
      IPPrefixLen: running && c.networks['bridge'] ? c.networks['bridge'].prefixLen : 0,
      IPv6Gateway: '',
      MacAddress: running && c.networks['bridge'] ? c.networks['bridge'].mac : '',
      Networks: networks,
    },
  };
}

/** Docker's multiplexed stream: an 8-byte header (stream, 0, 0, 0, big-endian length) per frame. */
export function frame(stream: 'stdout' | 'stderr', text: string): string {
  const bytes = utf8Encode(text);
  const n = bytes.length;
  let out = String.fromCharCode(stream === 'stdout' ? 1 : 2, 0, 0, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

function missingContainer(ref: string): HttpResponse {
  return notFound(`No such container: ${ref}`);
}

const CONTAINER_ROUTES = new Set(
  ['GET /json', 'POST /start', 'POST /stop', 'POST /restart', 'POST /kill', 'POST /pause', 'POST /unpause', 'POST /wait', 'POST /rename', 'GET /logs', 'GET /top', 'GET /archive', 'HEAD /archive', 'PUT /archive', 'GET /export', 'POST /attach', 'POST /update', 'GET /changes', 'GET /stats', 'DELETE '],
);

/** Dispatches `/containers/...`; `rest` is the path after `/containers`. */
export function containerRoutes(world: World, host: Host, state: EngineState, req: HttpRequest, rest: string): HttpResponse | undefined {
  if (rest === '/create' && req.method === 'POST') return createRoute(world, host, state, req);
  if (rest === '/json' && req.method === 'GET') return listRoute(world, host, state, req);
  if (rest === '/prune' && req.method === 'POST') {
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const c of containersNewestFirst(state)) {
      if (c.state.status !== 'exited' && c.state.status !== 'created' && c.state.status !== 'dead') continue;
      deleted.push(c.id);
      reclaimed += containerSizeRw(host, c);
      removeContainer(world, host, state, c);
    }
    return json(200, { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed });
  }
  const m = /^\/([^/]+)(\/[a-z]+)?$/.exec(rest);
  if (!m) return undefined;
  const ref = decodeURIComponent(m[1] as string);
  const action = m[2] ?? '';
  // A path or method dockerd has no route for is "page not found", whatever the container.
  if (!CONTAINER_ROUTES.has(`${req.method} ${action}`)) return undefined;
  if (req.method === 'GET' && action === '/top') {
    const invalid = psArgsError(queryGet(req, 'ps_args') || '-ef');
    if (invalid) return serverError(invalid);
  }
  const found = findContainer(state, ref);
  if (found && 'ambiguous' in found) return badRequest(`Multiple IDs found with provided prefix: ${ref}`);
  if (!found) return missingContainer(ref);
  const c = found;
  const running = c.state.status === 'running' || c.state.status === 'paused';
  switch (`${req.method} ${action}`) {
    case 'GET /json': {
      const body = inspectJson(state, c);
      // `?size=1` (`docker inspect -s`): the sizes follow GraphDriver, as the daemon's struct has them.
      if (!isTrue(queryGet(req, 'size'))) return json(200, body);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) {
        out[k] = v;
        if (k === 'GraphDriver') Object.assign(out, { SizeRw: containerSizeRw(host, c), SizeRootFs: containerSizeRootFs(host, state, c) });
      }
      return json(200, out);
    }
    case 'POST /start': {
      if (running) return notModified();
      const result = startContainer(world, host, state, c);
      if (!result.ok) {
        // dockerd cleans up after a failed start, and removes a --rm container then.
        if (c.hostConfig['AutoRemove'] === true) removeContainer(world, host, state, c);
        return json(result.status, { message: result.message });
      }
      return noContent();
    }
    case 'POST /stop': {
      if (c.state.status === 'restarting') {
        stopContainer(world, host, state, c);
        return noContent();
      }
      const beginOnly = header(req, BEGIN_ONLY) !== undefined;
      // Served on the wall clock, the reply waits for the stop's end as dockerd's does, while the
      // lab's clock follows the wall clock: concurrent stops wait out their timeouts side by side.
      const onWall = waitsOnWallClock(req);
      if (c.stopping) {
        if (onWall && !beginOnly) return pendingReply(c.stopping.deadline);
        if (!beginOnly) awaitStop(world, c);
        return noContent();
      }
      if (onWall && header(req, PENDING_AGAIN) !== undefined) return noContent();
      if (!running) return notModified();
      const t = queryGet(req, 't');
      const timeout = t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined;
      if (beginOnly || onWall) beginStop(world, host, state, c, timeout);
      else stopContainer(world, host, state, c, timeout);
      // (beginStop may have set it: TypeScript still sees the check above.)
      const begun = c.stopping as ContainerRecord['stopping'];
      if (onWall && !beginOnly && begun) return pendingReply(begun.deadline);
      return noContent();
    }
    case 'POST /restart': {
      const t = queryGet(req, 't');
      if (waitsOnWallClock(req)) {
        // On the wall clock: begin the stop, wait for it as a pending reply, then start.
        if (running && !c.stopping && header(req, PENDING_AGAIN) === undefined) beginStop(world, host, state, c, t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined);
        if (c.stopping) return pendingReply(c.stopping.deadline);
      } else if (running) stopContainer(world, host, state, c, t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined);
      const result = startContainer(world, host, state, c);
      if (!result.ok) return json(result.status, { message: result.message });
      recordEvent(world, state, 'container', 'restart', c.id, { image: c.image, name: c.name.slice(1) });
      return noContent();
    }
    case 'POST /kill': {
      if (!running) return conflict(`cannot kill container: ${ref}: container ${c.id} is not running`);
      const signal = parseSignal(queryGet(req, 'signal') ?? 'KILL');
      if (signal === undefined) return badRequest(`Invalid signal: ${queryGet(req, 'signal')}`);
      if (signal === 9 || signal === 15) c.stoppedByUser = true;
      killContainer(world, host, state, c, signal);
      // For the in-process client: the signal left a trap to run once PID 1's script can (the real
      // client ignores the header). It then goes on waiting for the script, as the real one does.
      const pending = (host.proc(c.state.pid)?.data?.['pendingTraps'] ?? []) as string[];
      const reply = noContent();
      if (running && c.state.status === 'running' && pending.length > 0) reply.headers['X-Podbook-Trap-Pending'] = '1';
      return reply;
    }
    case 'POST /pause':
      if (!running) return conflict(`container ${c.id} is not running`);
      if (c.state.status === 'paused') return conflict(`cannot pause container ${c.id}: Container ${c.id} is already paused`);
      host.freeze(`/docker/${c.id}`, true);
      c.state.status = 'paused';
      recordEvent(world, state, 'container', 'pause', c.id, { image: c.image, name: c.name.slice(1) });
      return noContent();
    case 'POST /unpause':
      if (c.state.status !== 'paused') return conflict(`Container ${c.id} is not paused`);
      host.freeze(`/docker/${c.id}`, false);
      c.state.status = 'running';
      recordEvent(world, state, 'container', 'unpause', c.id, { image: c.image, name: c.name.slice(1) });
      return noContent();
    case 'POST /wait':
      return waitRoute(world, host, state, c, req);
    case 'POST /rename': {
      const name = queryGet(req, 'name') ?? '';
      if (!NAME_RE.test(name)) return badRequest(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      const holder = findContainer(state, `/${name.replace(/^\//, '')}`);
      if (holder && !('ambiguous' in holder)) return conflict(`Conflict. The container name "/${name.replace(/^\//, '')}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
      const old = c.name;
      c.name = `/${name.replace(/^\//, '')}`;
      recordEvent(world, state, 'container', 'rename', c.id, { image: c.image, name: c.name.slice(1), oldName: old });
      return noContent();
    }
    case 'GET /logs':
      return logsRoute(world, host, c, req);
    case 'GET /top':
      return topRoute(world, host, state, c, queryGet(req, 'ps_args'));
    case 'GET /archive':
    case 'HEAD /archive':
    case 'PUT /archive':
      return part('extras').archiveRoute(world, host, state, c, req);
    case 'GET /export':
      return part('extras').exportRoute(host, c);
    case 'POST /attach':
      return attachRoute(world, host, state, c, req);
    case 'POST /update':
      return updateRoute(world, host, state, c, req);
    case 'GET /changes':
      return part('extras').changesRoute(host, c);
    case 'GET /stats':
      return statsRoute(world, host, c);
    case 'DELETE ': {
      const force = isTrue(queryGet(req, 'force'));
      if (c.state.status === 'restarting' && !force) return conflict(`cannot remove container "${c.name}": container is restarting: stop the container before removing or force remove`);
      if (c.state.status === 'restarting') stopContainer(world, host, state, c);
      if (running && !force) {
        return conflict(`cannot remove container "${c.name}": container is ${c.state.status === 'paused' ? 'paused' : 'running'}: stop the container before removing or force remove`);
      }
      if (running) {
        recordEvent(world, state, 'container', 'kill', c.id, { image: c.image, name: c.name.slice(1), signal: '9' });
        c.hostConfig = { ...c.hostConfig, AutoRemove: false };
        killContainer(world, host, state, c, 9);
      }
      removeContainer(world, host, state, c);
      if (isTrue(queryGet(req, 'v'))) {
        for (const m of c.mounts ?? []) {
          if (m.Type === 'volume' && m.Name && state.volumes[m.Name]?.anonymous && !Object.values(state.containers).some((o) => (o.mounts ?? []).some((x) => x.Name === m.Name))) removeVolume(world, host, state, m.Name);
        }
      }
      return noContent();
    }
    default:
      return undefined;
  }
}
