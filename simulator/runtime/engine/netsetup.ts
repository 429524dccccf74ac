/**
 * A container's networking, built on the kernel's network stack the way dockerd's bridge driver
 * builds it: the docker0 bridge, a network namespace per container with a veth pair (eth0 inside,
 * vethXXXXXXX on the bridge), a default route via the gateway, MASQUERADE for the subnet, and for
 * each published port a DNAT rule in the DOCKER chain plus a docker-proxy listener on the host.
 */
import { addAddress, addBridge, addRoute, addVethPair, appendRule, deleteLink, deleteRule, ensureChain, parseRule, setIpForward, setLinkUp, setMaster, getLink } from '../../kernel/net/index.ts';
import { createNetns, deleteNetns, getNetns, netState } from '../../kernel/net/state.ts';
import { ROOT_NETNS } from '../../kernel/net/types.ts';
import { dockerMac } from '../../kernel/net/addr.ts';
import { bindDnsZone, registerDnsZone, setDnsRecord } from '../../kernel/net/dns.ts';
import { listen, unlisten } from '../../kernel/net/listen.ts';
import type { World } from '../../kernel/world.ts';
import type { ContainerRecord, EndpointRecord, EngineState } from './state.ts';

function bridgeName(state: EngineState, networkId: string): string {
  const net = state.networks[networkId];
  if (!net) return 'docker0';
  return net.options['com.docker.network.bridge.name'] ?? `br-${net.id.slice(0, 12)}`;
}

/** The bridge of a network in the root namespace (dockerd makes docker0 when it starts). */
export function ensureBridge(world: World, host: string, state: EngineState, networkId: string): string {
  const name = bridgeName(state, networkId);
  const net = state.networks[networkId];
  const root = getNetns(world, host, ROOT_NETNS);
  if (!Object.values(root.links).some((l) => l.name === name)) {
    addBridge(world, host, ROOT_NETNS, name);
    const pool = net?.ipam[0];
    if (pool) addAddress(world, host, ROOT_NETNS, name, `${pool.gateway}/${pool.subnet.split('/')[1]}`);
    setLinkUp(world, host, ROOT_NETNS, name, true);
    setIpForward(world, host, ROOT_NETNS, true);
    const t = root.tables;
    if (!t.nat['DOCKER']) {
      ensureChain(t, 'nat', 'DOCKER');
      appendRule(t, 'nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
      appendRule(t, 'nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
    }
    if (pool) appendRule(t, 'nat', 'POSTROUTING', `-s ${pool.subnet} ! -o ${name} -j MASQUERADE`);
  }
  return name;
}

function vethName(c: ContainerRecord, index: number): string {
  return `veth${c.layerId.slice(index * 7, index * 7 + 7)}`;
}

/** Gives the container's new netns its interfaces; returns the namespace id for PID 1. */
export function setupNetwork(world: World, host: string, state: EngineState, c: ContainerRecord, nsId: number | undefined): number | undefined {
  const mode = String(c.hostConfig['NetworkMode'] ?? 'bridge');
  if (mode === 'host' || nsId === undefined) return ROOT_NETNS;
  const ns = createNetns(world, host, { id: nsId, loUp: true });
  c.netns = ns.id;
  let index = 0;
  for (const ep of Object.values(c.networks)) {
    if (!ep.ip) continue;
    plugEndpoint(world, host, state, c, ep, index, ns.id);
    index++;
  }
  publishPorts(world, host, c);
  return ns.id;
}

/** Connects one endpoint: a veth from the network's bridge to eth<index> in the container. */
export function plugEndpoint(world: World, host: string, state: EngineState, c: ContainerRecord, ep: EndpointRecord, index: number, nsId: number): void {
  const bridge = ensureBridge(world, host, state, ep.networkId);
  const veth = vethName(c, index);
  const eth = `eth${index}`;
  addVethPair(world, host, { netns: ROOT_NETNS, name: veth }, { netns: nsId, name: eth, mac: dockerMac(ep.ip) });
  // dockerd (28) sets disable_ipv6 on the interface of an IPv4-only network: no fe80 link-local inside.
  getLink(world, host, nsId, eth).ipv6 = false;
  setMaster(world, host, ROOT_NETNS, veth, bridge);
  setLinkUp(world, host, ROOT_NETNS, veth, true);
  addAddress(world, host, nsId, eth, `${ep.ip}/${ep.prefixLen}`);
  setLinkUp(world, host, nsId, eth, true);
  ep.mac = getLink(world, host, nsId, eth).mac;
  if (index === 0) addRoute(world, host, nsId, { dst: 'default', via: ep.gateway, dev: eth });
  const net = state.networks[ep.networkId];
  if (net && net.name !== 'bridge') serveEmbeddedDns(world, host, c, ep, nsId);
}

/** The embedded DNS server of a user network: 127.0.0.11 in each container answers its names. */
function dnsZoneName(host: string, networkId: string): string {
  return `docker/${host}/${networkId.slice(0, 12)}`;
}

function serveEmbeddedDns(world: World, host: string, c: ContainerRecord, ep: EndpointRecord, nsId: number): void {
  const zone = dnsZoneName(host, ep.networkId);
  if (!netState(world).dns[zone]) registerDnsZone(world, zone, { host, netns: nsId, ip: '127.0.0.11', records: {} }, undefined, 'dockerd');
  else bindDnsZone(world, zone, host, nsId, '127.0.0.11', undefined, 'dockerd');
  for (const name of [c.name.slice(1), c.id.slice(0, 12), ...(ep.aliases ?? [])]) setDnsRecord(world, zone, name, [ep.ip]);
}

/** Takes a stopped container's names out of its networks' DNS. */
export function forgetDnsNames(world: World, host: string, c: ContainerRecord): void {
  for (const ep of Object.values(c.networks)) {
    const zone = dnsZoneName(host, ep.networkId);
    if (!netState(world).dns[zone]) continue;
    for (const name of [c.name.slice(1), c.id.slice(0, 12), ...(ep.aliases ?? [])]) setDnsRecord(world, zone, name, []);
  }
}

/** Removes one endpoint's veth (network disconnect of a running container). */
export function unplugEndpoint(world: World, host: string, c: ContainerRecord, index: number): void {
  try {
    deleteLink(world, host, ROOT_NETNS, vethName(c, index));
  } catch {
    // Gone with its namespace already.
  }
}

function dnatSpec(bridge: string, proto: string, hostIp: string, hostPort: string, ip: string, port: string): string {
  const dst = hostIp === '0.0.0.0' ? '' : `-d ${hostIp}/32 `;
  return `${dst}! -i ${bridge} -p ${proto} -m ${proto} --dport ${hostPort} -j DNAT --to-destination ${ip}:${port}`;
}

function publishPorts(world: World, host: string, c: ContainerRecord): void {
  const ep = Object.values(c.networks)[0];
  if (!ep?.ip) return;
  const t = getNetns(world, host, ROOT_NETNS).tables;
  for (const [port, bindings] of Object.entries(c.ports)) {
    const [num, proto] = port.split('/') as [string, 'tcp' | 'udp'];
    for (const b of bindings) {
      if (b.HostIp === '::') continue;
      appendRule(t, 'nat', 'DOCKER', dnatSpec('docker0', proto, b.HostIp, b.HostPort, ep.ip, num));
      try {
        listen(world, host, ROOT_NETNS, { proto, ip: b.HostIp, port: Number(b.HostPort), command: 'docker-proxy', forward: { ip: ep.ip, port: Number(num) } });
      } catch {
        // Another listener holds the port; the DNAT rule still carries outside traffic.
      }
    }
  }
}

/** Undoes setupNetwork when PID 1 is gone. */
export function teardownNetwork(world: World, host: string, c: ContainerRecord, netns: number | undefined): void {
  forgetDnsNames(world, host, c);
  const ep = Object.values(c.networks)[0];
  const t = getNetns(world, host, ROOT_NETNS).tables;
  for (const [port, bindings] of Object.entries(c.ports)) {
    const [num, proto] = port.split('/') as [string, 'tcp' | 'udp'];
    for (const b of bindings) {
      if (b.HostIp === '::') continue;
      if (ep?.ip) {
        try {
          deleteRule(t, 'nat', 'DOCKER', parseRule(dnatSpec('docker0', proto, b.HostIp, b.HostPort, ep.ip, num)));
        } catch {
          // Already removed (iptables -F by the reader).
        }
      }
      unlisten(world, host, ROOT_NETNS, { proto, port: Number(b.HostPort), ip: b.HostIp });
    }
  }
  if (netns !== undefined && netns !== ROOT_NETNS) deleteNetns(world, host, netns);
}
