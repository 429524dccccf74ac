/** A docker lab with a hand-built bridge network: docker0, two "container" namespaces, a published port. */
import { LAB_EPOCH_MS } from '../../../../simulator/core/clock.ts';
import { rngState } from '../../../../simulator/core/rng.ts';
import { emptyFs } from '../../../../simulator/kernel/vfs.ts';
import { World, WORLD_FORMAT, type WorldState } from '../../../../simulator/kernel/world.ts';
import type { HostState } from '../../../../simulator/kernel/host.ts';
import {
  ROOT_NETNS,
  addAddress,
  addBridge,
  addRoute,
  addVethPair,
  appendRule,
  createNetns,
  dockerMac,
  ensureChain,
  getNetns,
  listen,
  setIpForward,
  setLinkUp,
  setMaster,
} from '../../../../simulator/kernel/net/index.ts';

export const H = 'localhost';

/** A bare host (no programs): the network layer needs only its name and lab address. */
export function bareHost(name: string, ip: string): HostState {
  return {
    name,
    hostname: name,
    ip,
    fs: emptyFs(LAB_EPOCH_MS),
    procs: { procs: {}, nextPid: 1000 },
    listeners: {},
    kernel: { release: '3.10.0-1160.el7.x86_64', os: 'CentOS Linux 7 (Core)' },
  };
}

/** A world of bare hosts on the lab segment, without the programs layer. */
export function netWorld(hosts: Record<string, string> = { [H]: '192.168.81.10' }): World {
  const state: WorldState = {
    format: WORLD_FORMAT,
    lab: 'docker',
    seed: 1,
    clock: { now: LAB_EPOCH_MS },
    rng: rngState(1),
    queue: { events: [], seq: 0 },
    hosts: Object.fromEntries(Object.entries(hosts).map(([n, ip]) => [n, bareHost(n, ip)])),
    ext: {},
  };
  return new World(state);
}

export function bridgeLab(): { world: World; ctr: number; ctr2: number } {
  const world = netWorld({ [H]: '192.168.81.10', node2: '192.168.81.11' });
  const root = ROOT_NETNS;
  addBridge(world, H, root, 'docker0', { mac: '02:42:9c:6f:a4:11' });
  addAddress(world, H, root, 'docker0', '172.17.0.1/16');
  setLinkUp(world, H, root, 'docker0', true);
  setIpForward(world, H, root, true);
  const t = getNetns(world, H).tables;
  ensureChain(t, 'nat', 'DOCKER');
  appendRule(t, 'nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
  appendRule(t, 'nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
  appendRule(t, 'nat', 'POSTROUTING', '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
  appendRule(t, 'nat', 'DOCKER', '-i docker0 -j RETURN');
  const mk = (ip: string, veth: string): number => {
    const ns = createNetns(world, H).id;
    addVethPair(world, H, { netns: root, name: veth }, { netns: ns, name: 'eth0', mac: dockerMac(ip) });
    setMaster(world, H, root, veth, 'docker0');
    setLinkUp(world, H, root, veth, true);
    addAddress(world, H, ns, 'eth0', `${ip}/16`);
    setLinkUp(world, H, ns, 'eth0', true);
    setLinkUp(world, H, ns, 'lo', true);
    addRoute(world, H, ns, { dst: 'default', via: '172.17.0.1', dev: 'eth0' });
    return ns;
  };
  const ctr = mk('172.17.0.2', 'veth1a2b3c4');
  const ctr2 = mk('172.17.0.3', 'veth5d6e7f8');
  appendRule(t, 'nat', 'DOCKER', '! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
  const server = world.host(H).spawn({ ppid: 1, argv: ['httpd', '-DFOREGROUND'], prog: 'httpd', ns: { net: ctr } });
  listen(world, H, ctr, { proto: 'tcp', ip: '0.0.0.0', port: 80, pid: server.pid, command: 'httpd', fd: 3, service: 'test-http' });
  world.services['test-http'] = (req, _w, _h, conn) => ({ status: 200, headers: {}, body: `hello ${req.path} from ${conn?.remoteIp}\n` });
  return { world, ctr, ctr2 };
}
