/**
 * The kernel's network stack, for programs and the engines above. Everything is plain data in
 * `world.state.ext.net` (see types.ts); these functions read and change it.
 *
 * A Docker bridge network, as the engine builds it on this API:
 *
 *   const root = ROOT_NETNS;
 *   addBridge(world, 'localhost', root, 'docker0'); addAddress(world, 'localhost', root, 'docker0', '172.17.0.1/16');
 *   setLinkUp(world, 'localhost', root, 'docker0', true); setIpForward(world, 'localhost', root, true);
 *   const ns = createNetns(world, 'localhost', { id: proc.ns.net }).id;
 *   addVethPair(world, 'localhost', { netns: root, name: 'veth1a2b3c4' }, { netns: ns, name: 'eth0', mac: dockerMac('172.17.0.2') });
 *   setMaster(world, 'localhost', root, 'veth1a2b3c4', 'docker0'); setLinkUp(..., 'veth1a2b3c4', true);
 *   addAddress(world, 'localhost', ns, 'eth0', '172.17.0.2/16'); setLinkUp(..., ns, 'eth0', true); setLinkUp(..., ns, 'lo', true);
 *   addRoute(world, 'localhost', ns, { dst: 'default', via: '172.17.0.1', dev: 'eth0' });
 *   const t = getNetns(world, 'localhost').tables;
 *   ensureChain(t, 'nat', 'DOCKER'); appendRule(t, 'nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
 *   appendRule(t, 'nat', 'DOCKER', '! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
 *   listen(world, 'localhost', ns, { proto: 'tcp', ip: '0.0.0.0', port: 80, pid, command: 'httpd', service: 'httpd' });
 *   tcpConnect(world, 'localhost', root, '192.168.81.10', 8080)  // -> delivery at 172.17.0.2:80
 *
 * Published ports reached from the host's own loopback go through a proxy listener, as docker-proxy
 * does: `listen(world, host, root, { proto: 'tcp', ip: '0.0.0.0', port: 8080, pid, command:
 * 'docker-proxy', forward: { ip: '172.17.0.2', port: 80 } })`. A listener's `service` names an HTTP
 * service (`world.services`, or one registered with `registerHttpService`) or a raw one
 * (`registerRawService`); `tcpHttpRequest` in ../socket.ts does connect + request in one call.
 *
 * DNS: `registerDnsZone(world, 'docker/net2', { host, netns, ip: '127.0.0.11', records })` binds a
 * UDP :53 server answering from `records`; `bindDnsZone` serves the same zone in more namespaces;
 * `setDnsRecord` keeps it current; programs resolve through /etc/hosts then /etc/resolv.conf.
 *
 * Every tcpConnect/udpSend/icmpEcho returns a `trace` (hops with namespace, device, direction,
 * Ethernet/IP/TCP/UDP headers, NAT notes and VXLAN outer headers); the last TRACE_KEEP traces are in
 * `netState(world).traces` for diagrams.
 */
export * from './types.ts';
export * from './addr.ts';
export * from './state.ts';
export * from './links.ts';
export * from './route.ts';
export * from './iptables.ts';
export * from './path.ts';
export * from './listen.ts';
export * from './services.ts';
export * from './dns.ts';
export * from './ipvs.ts';
export * from './conntrack.ts';
