import { describe, expect, it } from 'vitest';
import { ROOT_NETNS, icmpEcho, listen, tcpConnect, appendRule, getNetns } from '../../../../simulator/kernel/net/index.ts';
import { tcpHttpRequest } from '../../../../simulator/kernel/socket.ts';
import { bridgeLab, H } from './fixture.ts';

const get = { method: 'GET', path: '/', query: [], headers: {}, body: '' };

describe('packet path', () => {
  it('reaches a container through a published port (PREROUTING/OUTPUT DNAT) and sees the bridge address', () => {
    const { world, ctr } = bridgeLab();
    const r = tcpConnect(world, H, ROOT_NETNS, '192.168.81.10', 8080);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.delivery.netns).toBe(ctr);
    expect(r.delivery.localIp).toBe('172.17.0.2');
    expect(r.delivery.localPort).toBe(80);
    // The socket chose its source before DNAT; nothing masquerades it on the way to docker0.
    expect(r.delivery.remoteIp).toBe('192.168.81.10');
    expect(r.trace.hops.map((h) => `${h.dev}/${h.dir}${h.note ? ' ' + h.note : ''}`)).toEqual([
      'lo/out OUTPUT: DNAT to 172.17.0.2:80',
      'docker0/out',
      'veth1a2b3c4/in bridged',
      'eth0/in',
      'eth0/local httpd listening on 0.0.0.0:80',
    ]);
  });

  it('answers HTTP over the path, with the service told the client address', () => {
    const { world } = bridgeLab();
    const r = tcpHttpRequest(world, H, ROOT_NETNS, '172.17.0.2', 80, get);
    expect(r.ok && r.response.body).toBe('hello / from 172.17.0.1\n');
  });

  it('container to container over the bridge, and to the host', () => {
    const { world, ctr2 } = bridgeLab();
    const r = tcpConnect(world, H, ctr2, '172.17.0.2', 80);
    expect(r.ok && r.delivery.remoteIp).toBe('172.17.0.3');
    expect(icmpEcho(world, H, ctr2, '172.17.0.1')).toMatchObject({ ok: true, ttl: 64 });
    expect(icmpEcho(world, H, ctr2, '192.168.81.10')).toMatchObject({ ok: true, ttl: 64 });
  });

  it('refuses a closed port and a port without a DNAT rule', () => {
    const { world, ctr } = bridgeLab();
    expect(tcpConnect(world, H, ROOT_NETNS, '127.0.0.1', 8080)).toMatchObject({ ok: false, errno: 'ECONNREFUSED' });
    expect(tcpConnect(world, H, ROOT_NETNS, '172.17.0.2', 81)).toMatchObject({ ok: false, errno: 'ECONNREFUSED' });
    expect(tcpConnect(world, H, ctr, '127.0.0.1', 80)).toMatchObject({ ok: true });
  });

  it('a missing neighbour is unreachable; a dropped packet times out; a REJECT refuses', () => {
    const { world, ctr } = bridgeLab();
    expect(tcpConnect(world, H, ROOT_NETNS, '172.17.0.9', 80)).toMatchObject({ ok: false, errno: 'EHOSTUNREACH', reporter: '172.17.0.1' });
    expect(tcpConnect(world, H, ROOT_NETNS, '192.168.81.77', 80)).toMatchObject({ ok: false, errno: 'EHOSTUNREACH' });
    const t = getNetns(world, H, ctr).tables;
    appendRule(t, 'filter', 'INPUT', '-p tcp --dport 80 -j DROP');
    expect(tcpConnect(world, H, ROOT_NETNS, '172.17.0.2', 80)).toMatchObject({ ok: false, errno: 'ETIMEDOUT' });
    t.filter['INPUT']!.rules = [];
    appendRule(t, 'filter', 'INPUT', '-p tcp --dport 80 -j REJECT');
    expect(tcpConnect(world, H, ROOT_NETNS, '172.17.0.2', 80)).toMatchObject({ ok: false, errno: 'ECONNREFUSED' });
  });

  it('docker-proxy: localhost:8080 is not DNATed but reaches the proxy, which connects onwards', () => {
    const { world } = bridgeLab();
    listen(world, H, ROOT_NETNS, { proto: 'tcp', ip: '::', port: 8080, command: 'docker-proxy', forward: { ip: '172.17.0.2', port: 80 } });
    const r = tcpConnect(world, H, ROOT_NETNS, '127.0.0.1', 8080);
    expect(r.ok && r.delivery.localPort).toBe(80);
    expect(r.ok && r.delivery.remoteIp).toBe('172.17.0.1');
  });

  it('masquerades container traffic leaving by the lab NIC', () => {
    const { world, ctr } = bridgeLab();
    listen(world, 'node2', ROOT_NETNS, { proto: 'tcp', ip: '0.0.0.0', port: 22, command: 'sshd' });
    const r = tcpConnect(world, H, ctr, '192.168.81.11', 22);
    expect(r.ok && r.delivery.remoteIp).toBe('192.168.81.10');
    expect(icmpEcho(world, H, ctr, '192.168.81.11')).toMatchObject({ ok: true, ttl: 63 });
  });
});

describe('vxlan between hosts (flannel-style)', () => {
  it('encapsulates pod traffic between nodes and records the outer headers in the trace', async () => {
    const { netWorld } = await import('./fixture.ts');
    const { addVxlan, addAddress, setLinkUp, addRoute, createNetns, addBridge, addVethPair, setMaster, setIpForward, icmpEcho, ROOT_NETNS: R } = await import('../../../../simulator/kernel/net/index.ts');
    const world = netWorld({ 'k8s-node1': '192.168.81.5', 'k8s-node2': '192.168.81.6' });
    const nodes = [
      { name: 'k8s-node1', ip: '192.168.81.5', sub: 1, peer: 2, peerIp: '192.168.81.6' },
      { name: 'k8s-node2', ip: '192.168.81.6', sub: 2, peer: 1, peerIp: '192.168.81.5' },
    ];
    const pods: Record<string, number> = {};
    for (const n of nodes) {
      addVxlan(world, n.name, R, 'flannel.1', { vni: 1, port: 8472, dev: 'ens33', local: n.ip, fdb: {} });
      addAddress(world, n.name, R, 'flannel.1', `10.244.${n.sub}.0/32`);
      setLinkUp(world, n.name, R, 'flannel.1', true);
      addBridge(world, n.name, R, 'cni0');
      addAddress(world, n.name, R, 'cni0', `10.244.${n.sub}.1/24`);
      setLinkUp(world, n.name, R, 'cni0', true);
      setIpForward(world, n.name, R, true);
      const pod = createNetns(world, n.name, { loUp: true }).id;
      addVethPair(world, n.name, { netns: R, name: `veth${n.sub}` }, { netns: pod, name: 'eth0' });
      setMaster(world, n.name, R, `veth${n.sub}`, 'cni0');
      setLinkUp(world, n.name, R, `veth${n.sub}`, true);
      addAddress(world, n.name, pod, 'eth0', `10.244.${n.sub}.2/24`);
      setLinkUp(world, n.name, pod, 'eth0', true);
      addRoute(world, n.name, pod, { dst: 'default', via: `10.244.${n.sub}.1`, dev: 'eth0' });
      pods[n.name] = pod;
    }
    for (const n of nodes) {
      const remote = world.state.ext['net'] as { hosts: Record<string, { namespaces: Record<string, { links: Record<string, { mac: string }> }> }> };
      const remoteMac = remote.hosts[`k8s-node${n.peer}`]!.namespaces[String(R)]!.links['flannel.1']!.mac;
      (remote.hosts[n.name]!.namespaces[String(R)]!.links['flannel.1'] as unknown as { vxlan: { fdb: Record<string, string> } }).vxlan.fdb[remoteMac] = n.peerIp;
      addRoute(world, n.name, R, { dst: `10.244.${n.peer}.0/24`, via: `10.244.${n.peer}.0`, dev: 'flannel.1', onlink: true });
    }
    const r = icmpEcho(world, 'k8s-node1', pods['k8s-node1']!, '10.244.2.2');
    expect(r.ok && r.ttl).toBe(62);
    const encap = r.trace.hops.find((h) => h.note?.startsWith('VXLAN encapsulation'));
    expect(encap?.vxlan).toMatchObject({ vni: 1, outer: { src: '192.168.81.5', dst: '192.168.81.6', dport: 8472 } });
    expect(r.trace.hops.map((h) => `${h.host}:${h.dev}:${h.dir}`)).toEqual([
      'k8s-node1:eth0:out',
      'k8s-node1:veth1:in',
      'k8s-node1:cni0:in',
      'k8s-node1:flannel.1:out',
      'k8s-node1:ens33:out',
      'k8s-node2:ens33:in',
      'k8s-node2:flannel.1:in',
      'k8s-node2:cni0:out',
      'k8s-node2:veth2:in',
      'k8s-node2:eth0:in',
      'k8s-node2:eth0:local',
    ]);
  });
});
