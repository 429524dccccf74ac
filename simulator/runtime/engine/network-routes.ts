/**
 * The `/networks` routes: list, inspect, create (bridge with or without a subnet; overlay needs a
 * swarm), remove, connect, disconnect and prune, with the daemon's error texts.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { daemonTime } from './timefmt.ts';
import { parseFilters } from './images.ts';
import { getNetns } from '../../kernel/net/state.ts';
import { ROOT_NETNS } from '../../kernel/net/types.ts';
import { allocateAddress, findNetwork, parseCidr } from './networks.ts';
import { plugEndpoint, unplugEndpoint } from './netsetup.ts';
import { refreshResolvConf, resolvConf } from './sandbox.ts';
import { badRequest, conflict, errorReply, json, noContent, notFound } from './reply.ts';
import { readJsonBody } from './jsonbody.ts';
import { findContainer, recordEvent, type EngineState, type NetworkRecord } from './state.ts';

export function networkJson(state: EngineState, n: NetworkRecord): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const c of Object.values(state.containers).sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const ep = Object.values(c.networks).find((e) => e.networkId === n.id);
    if (!ep || !ep.ip) continue;
    containers[c.id] = { Name: c.name.slice(1), EndpointID: ep.endpointId, MacAddress: ep.mac, IPv4Address: `${ep.ip}/${ep.prefixLen}`, IPv6Address: '' };
  }
  return {
    Name: n.name,
    Id: n.id,
    Created: daemonTime(n.created, n.id),
    Scope: n.scope,
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: n.name === 'bridge' ? null : {}, Config: n.ipam.map((p) => ({ Subnet: p.subnet, Gateway: p.gateway })) },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options,
    Labels: n.labels,
  };
}

function nextSubnet(state: EngineState): { subnet: string; gateway: string } {
  const used = new Set(Object.values(state.networks).flatMap((n) => n.ipam.map((p) => p.subnet)));
  for (let b = 18; b < 32; b++) {
    const subnet = `172.${b}.0.0/16`;
    if (!used.has(subnet)) return { subnet, gateway: `172.${b}.0.1` };
  }
  for (let c = 0; c < 256; c += 16) {
    const subnet = `192.168.${c}.0/20`;
    if (!used.has(subnet)) return { subnet, gateway: `192.168.${c}.1` };
  }
  return { subnet: '10.0.0.0/24', gateway: '10.0.0.1' };
}

function createRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const read = readJsonBody<{ Name?: string; Driver?: string; IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] }; Options?: Record<string, string>; Labels?: Record<string, string>; Internal?: boolean; Attachable?: boolean }>(req);
  if (!read.ok) return read.error;
  const body: { Name?: string; Driver?: string; IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] }; Options?: Record<string, string>; Labels?: Record<string, string>; Internal?: boolean; Attachable?: boolean } = read.value ?? {};
  const name = body.Name ?? '';
  const driver = body.Driver || 'bridge';
  if (name === '') return badRequest('network name must not be empty');
  if (Object.values(state.networks).some((n) => n.name === name)) return conflict(`network with name ${name} already exists`);
  if (driver === 'overlay') return errorReply(503, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
  if (driver === 'host' || driver === 'null') return errorReply(403, `only one instance of "${driver}" network is allowed`);
  if (driver !== 'bridge' && driver !== 'macvlan' && driver !== 'ipvlan') return notFound(`plugin "${driver}" not found`);
  const parent = body.Options?.['parent'];
  if ((driver === 'macvlan' || driver === 'ipvlan') && parent) {
    const root = getNetns(world, host.name, ROOT_NETNS);
    const base = parent.split('.')[0] as string;
    if (!Object.values(root.links).some((l) => l.name === base)) return badRequest(`-o parent interface was not found on the host: ${base}`);
  }
  const configs = body.IPAM?.Config ?? [];
  let ipam: { subnet: string; gateway: string }[];
  let userSubnet = false;
  if (configs.length && configs[0]?.Subnet) {
    const cfg = configs[0];
    const cidr = parseCidr(cfg.Subnet as string);
    if (!cidr) return badRequest(`invalid CIDR address: ${cfg.Subnet}`);
    for (const n of Object.values(state.networks)) {
      for (const p of n.ipam) if (p.subnet === cfg.Subnet) return errorReply(403, `invalid pool request: Pool overlaps with other one on this address space`);
    }
    const base = cfg.Subnet!.split('/')[0]!.split('.').map(Number) as [number, number, number, number];
    const gateway = cfg.Gateway || `${base[0]}.${base[1]}.${base[2]}.${base[3] + 1}`;
    ipam = [{ subnet: cfg.Subnet as string, gateway }];
    userSubnet = true;
  } else {
    if (configs.length && configs[0]?.Gateway) return badRequest('no matching subnet for gateway ' + configs[0].Gateway);
    ipam = [nextSubnet(state)];
  }
  const id = world.rng.hex(64);
  state.networks[id] = {
    id,
    name,
    driver,
    scope: 'local',
    created: world.clock.now,
    internal: body.Internal === true,
    attachable: body.Attachable === true,
    ipam,
    options: body.Options ?? {},
    labels: body.Labels ?? {},
    nextHost: 1,
    userSubnet,
  };
  recordEvent(world, state, 'network', 'create', id, { name, type: driver });
  return json(201, { Id: id, Warning: '' });
}

const BUILTIN = new Set(['bridge', 'host', 'none']);

export function networkRoutes(world: World, host: Host, state: EngineState, req: HttpRequest, rest: string): HttpResponse | undefined {
  if ((rest === '' || rest === '/') && req.method === 'GET') {
    const filters = parseFilters(queryGet(req, 'filters'));
    if (filters === null) return badRequest('invalid filter');
    let list = Object.values(state.networks);
    if (filters['name']) list = list.filter((n) => filters['name']!.some((f) => n.name.includes(f)));
    if (filters['driver']) list = list.filter((n) => filters['driver']!.includes(n.driver));
    return json(200, list.map((n) => networkJson(state, n)));
  }
  if (rest === '/create' && req.method === 'POST') return createRoute(world, host, state, req);
  if (rest === '/prune' && req.method === 'POST') {
    const deleted: string[] = [];
    for (const n of Object.values(state.networks)) {
      if (BUILTIN.has(n.name)) continue;
      if (Object.values(state.containers).some((c) => Object.values(c.networks).some((e) => e.networkId === n.id))) continue;
      deleted.push(n.name);
      delete state.networks[n.id];
    }
    return json(200, { NetworksDeleted: deleted.length ? deleted.sort() : null });
  }
  const m = /^\/([^/]+)(\/connect|\/disconnect)?$/.exec(rest);
  if (!m) return undefined;
  const ref = decodeURIComponent(m[1] as string);
  const n = findNetwork(state, ref);
  if (!n) return notFound(`network ${ref} not found`);
  const action = m[2] ?? '';
  if (req.method === 'GET' && action === '') return json(200, networkJson(state, n));
  if (req.method === 'DELETE' && action === '') {
    if (BUILTIN.has(n.name)) return errorReply(403, `${n.name} is a pre-defined network and cannot be removed`);
    const users = Object.values(state.containers).filter((c) => Object.values(c.networks).some((e) => e.networkId === n.id));
    if (users.length) return errorReply(403, `error while removing network: network ${n.name} id ${n.id} has active endpoints`);
    delete state.networks[n.id];
    recordEvent(world, state, 'network', 'destroy', n.id, { name: n.name, type: n.driver });
    return noContent();
  }
  if (req.method === 'POST' && action !== '') {
    const read = readJsonBody<{ Container?: string; EndpointConfig?: { IPAMConfig?: { IPv4Address?: string } | null; Aliases?: string[] | null }; Force?: boolean }>(req);
    if (!read.ok) return read.error;
    const body: { Container?: string; EndpointConfig?: { IPAMConfig?: { IPv4Address?: string } | null; Aliases?: string[] | null }; Force?: boolean } = read.value ?? {};
    const found = findContainer(state, body.Container ?? '');
    if (!found || 'ambiguous' in found) return notFound(`No such container: ${body.Container ?? ''}`);
    const c = found;
    const running = c.state.status === 'running' || c.state.status === 'paused';
    if (action === '/connect') {
      if (c.networks[n.name]) return errorReply(403, `endpoint with name ${c.name.slice(1)} already exists in network ${n.name}`);
      if (c.hostConfig['NetworkMode'] === 'host' || c.hostConfig['NetworkMode'] === 'none') return badRequest(`container cannot be disconnected from host network or connected to host network`);
      const ip = body.EndpointConfig?.IPAMConfig?.IPv4Address ?? '';
      if (ip && !n.userSubnet) return badRequest('user specified IP address is supported only when connecting to networks with user configured subnets');
      const resolvBefore = resolvConf(host, c);
      c.networks[n.name] = { networkId: n.id, endpointId: world.rng.hex(64), ip: '', prefixLen: 0, gateway: '', mac: '', aliases: body.EndpointConfig?.Aliases ?? null, dnsNames: [c.name.slice(1), c.id.slice(0, 12)], ipamConfig: ip ? { IPv4Address: ip } : null };
      if (running) {
        allocateAddress(state, c, n.name);
        if (c.netns !== undefined) plugEndpoint(world, host.name, state, c, c.networks[n.name]!, Object.keys(c.networks).length - 1, c.netns);
      }
      refreshResolvConf(host, c, resolvBefore);
      recordEvent(world, state, 'network', 'connect', n.id, { container: c.id, name: n.name, type: n.driver });
      return noContent();
    }
    if (!c.networks[n.name]) return errorReply(403, `container ${c.id} is not connected to network ${n.name}`);
    const index = Object.keys(c.networks).indexOf(n.name);
    if (running) unplugEndpoint(world, host.name, c, index);
    delete c.networks[n.name];
    recordEvent(world, state, 'network', 'disconnect', n.id, { container: c.id, name: n.name, type: n.driver });
    return noContent();
  }
  return undefined;
}
