/**
 * Docker networks on a host: the three built-ins (bridge on docker0 172.17.0.0/16, host, none)
 * and addresses handed out the way dockerd's IPAM does — the next free host number after the last
 * one given, wrapping around, so a restarted container may come back with a new address.
 */
import type { World } from '../../kernel/world.ts';
import type { ContainerRecord, EngineState, NetworkRecord } from './state.ts';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; bits: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m || m.slice(1, 5).some((p) => Number(p) > 255) || Number(m[5]) > 32) return null;
  const bits = Number(m[5]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (ipToInt(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`) & mask) >>> 0, bits };
}

export function ensureDefaultNetworks(world: World, state: EngineState): void {
  if (Object.keys(state.networks).length > 0) return;
  const make = (name: string, driver: string, extra: Partial<NetworkRecord> = {}): void => {
    const id = world.rng.hex(64);
    state.networks[id] = { id, name, driver, scope: 'local', created: state.bootedAt, internal: false, attachable: false, ipam: [], options: {}, labels: {}, nextHost: 1, ...extra };
  };
  make('bridge', 'bridge', {
    ipam: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
    options: {
      'com.docker.network.bridge.default_bridge': 'true',
      'com.docker.network.bridge.enable_icc': 'true',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
      'com.docker.network.bridge.name': 'docker0',
      'com.docker.network.driver.mtu': '1500',
    },
  });
  make('host', 'host');
  make('none', 'null');
}

export function findNetwork(state: EngineState, ref: string): NetworkRecord | undefined {
  const all = Object.values(state.networks);
  return state.networks[ref] ?? all.find((n) => n.name === ref) ?? (ref.length > 0 ? all.filter((n) => n.id.startsWith(ref)).at(0) : undefined);
}

function usedAddresses(state: EngineState, network: NetworkRecord): Set<string> {
  const used = new Set<string>();
  for (const c of Object.values(state.containers)) {
    const ep = Object.values(c.networks).find((e) => e.networkId === network.id);
    if (ep?.ip) used.add(ep.ip);
  }
  return used;
}

/** Gives the container its address on a network (a fixed `--ip` if it asked for one). */
export function allocateAddress(state: EngineState, c: ContainerRecord, name: string): void {
  const ep = c.networks[name];
  if (!ep) return;
  const network = state.networks[ep.networkId];
  const pool = network?.ipam[0];
  if (!network || !pool) return;
  const cidr = parseCidr(pool.subnet);
  if (!cidr) return;
  if (ep.ipamConfig?.IPv4Address) {
    ep.ip = ep.ipamConfig.IPv4Address;
  } else {
    const size = 2 ** (32 - cidr.bits);
    const used = usedAddresses(state, network);
    used.add(pool.gateway);
    let host = network.nextHost;
    for (let tries = 0; tries < size; tries++) {
      host = host + 1 >= size - 1 ? 1 : host + 1;
      const ip = intToIp(cidr.base + host);
      if (!used.has(ip)) {
        ep.ip = ip;
        network.nextHost = host;
        break;
      }
    }
  }
  ep.prefixLen = cidr.bits;
  ep.gateway = pool.gateway;
  const [a, b, c3, d] = ep.ip.split('.').map(Number) as [number, number, number, number];
  ep.mac = ['02', '42', a, b, c3, d].map((x) => (typeof x === 'string' ? x : x.toString(16).padStart(2, '0'))).join(':');
}

export function releaseAddress(c: ContainerRecord, name: string): void {
  const ep = c.networks[name];
  if (!ep) return;
  ep.ip = '';
  ep.prefixLen = 0;
  ep.gateway = '';
  ep.mac = '';
}
