/** IPVS on the packet path: virtual services, schedulers, NAT to the real servers, counters, trace. */
import { describe, expect, it } from 'vitest';
import { ROOT_NETNS, addAddress, addEther, listen, setIpvsService, tcpConnect, udpSend } from '../../../../simulator/kernel/net/index.ts';
import { inactiveConns, IPVS_TIME_WAIT_MS } from '../../../../simulator/kernel/net/ipvs.ts';
import { tcpHttpRequest } from '../../../../simulator/kernel/socket.ts';
import { terminal } from '../../programs/shell/helpers.ts';
import { bridgeLab, H } from './fixture.ts';

function lab(scheduler = 'rr', weights = [1, 1]) {
  const { world, ctr, ctr2 } = bridgeLab();
  const server = world.host(H).spawn({ ppid: 1, argv: ['httpd'], prog: 'httpd', state: 'S' });
  listen(world, H, ctr2, { proto: 'tcp', ip: '0.0.0.0', port: 80, pid: server.pid, command: 'httpd', fd: 3, service: 'test-http' });
  const svc = setIpvsService(world, H, ROOT_NETNS, {
    protocol: 'TCP',
    ip: '10.96.0.10',
    port: 80,
    scheduler,
    dests: [
      { ip: '172.17.0.2', port: 80, forward: 'Masq', weight: weights[0] as number, activeConn: 0, inActConn: 0 },
      { ip: '172.17.0.3', port: 80, forward: 'Masq', weight: weights[1] as number, activeConn: 0, inActConn: 0 },
    ],
  });
  return { world, ctr, ctr2, svc };
}

const get = { method: 'GET', path: '/', query: [], headers: {}, body: '' };

describe('IPVS', () => {
  it('a local client reaches the real servers round robin, NAT to each (LOCAL_OUT), recorded in the trace', () => {
    const { world, ctr, ctr2 } = lab();
    const picks = [1, 2, 3].map(() => tcpConnect(world, H, ROOT_NETNS, '10.96.0.10', 80));
    expect(picks.map((r) => r.ok && r.delivery.netns)).toEqual([ctr, ctr2, ctr]);
    const first = picks[0]!;
    expect(first.trace.hops.map((h) => `${h.dev}/${h.dir}${h.note ? ' ' + h.note : ''}`)).toEqual([
      'ens33/local IPVS 10.96.0.10:80 (rr): Masq to 172.17.0.2:80',
      'docker0/out',
      'veth1a2b3c4/in bridged',
      'eth0/in',
      'eth0/local httpd listening on 0.0.0.0:80',
    ]);
    expect(first.trace.ipvs).toEqual({ host: H, netns: ROOT_NETNS, protocol: 'TCP', vip: '10.96.0.10', vport: 80, dest: '172.17.0.2:80' });
  });

  it('a packet for a local VIP from a container goes on to a real server (LOCAL_IN), past FORWARD', () => {
    const { world, ctr, ctr2 } = lab();
    addAddress(world, H, ROOT_NETNS, 'lo', '10.96.0.10/32');
    const r = tcpConnect(world, H, ctr2, '10.96.0.10', 80);
    expect(r.ok && r.delivery.netns).toBe(ctr);
    expect(r.ok && r.delivery.remoteIp).toBe('172.17.0.3');
    expect(r.trace.hops.some((h) => h.note === 'IPVS 10.96.0.10:80 (rr): Masq to 172.17.0.2:80')).toBe(true);
  });

  it('a VIP on a down dummy interface (kube-ipvs0) is still local, so IPVS takes packets for it', () => {
    const { world, ctr, ctr2 } = lab();
    addEther(world, H, ROOT_NETNS, 'kube-ipvs0').kind = 'dummy';
    addAddress(world, H, ROOT_NETNS, 'kube-ipvs0', '10.96.0.10/32');
    const r = tcpConnect(world, H, ctr2, '10.96.0.10', 80);
    expect(r.ok && r.delivery.netns).toBe(ctr);
  });

  it('balances UDP (a DNS VIP) too, each datagram flow inactive for the UDP timeout', () => {
    const { world, ctr } = lab();
    const server = world.host(H).spawn({ ppid: 1, argv: ['dns'], prog: 'dns', state: 'S' });
    listen(world, H, ctr, { proto: 'udp', ip: '0.0.0.0', port: 53, pid: server.pid, command: 'dns', fd: 3 });
    const svc = setIpvsService(world, H, ROOT_NETNS, { protocol: 'UDP', ip: '10.96.0.10', port: 53, scheduler: 'rr', dests: [{ ip: '172.17.0.2', port: 53, forward: 'Masq', weight: 1, activeConn: 0, inActConn: 0 }] });
    const r = udpSend(world, H, ROOT_NETNS, '10.96.0.10', 53);
    expect(r.ok && r.delivery.netns).toBe(ctr);
    expect(inactiveConns(svc.dests[0]!, world.clock.now + 299_000)).toBe(1);
    expect(inactiveConns(svc.dests[0]!, world.clock.now + 300_000)).toBe(0);
  });

  it('weighted round robin and least connection choose as the kernel does; weight 0 is quiesced', () => {
    const wrr = lab('wrr', [3, 1]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => { const r = tcpConnect(wrr.world, H, ROOT_NETNS, '10.96.0.10', 80); return r.ok && r.delivery.localIp; })).toEqual(['172.17.0.2', '172.17.0.2', '172.17.0.2', '172.17.0.3', '172.17.0.2', '172.17.0.2', '172.17.0.2', '172.17.0.3']);
    const lc = lab('lc');
    expect([1, 2, 3, 4].map(() => { const r = tcpConnect(lc.world, H, ROOT_NETNS, '10.96.0.10', 80); return r.ok && r.delivery.localIp; })).toEqual(['172.17.0.2', '172.17.0.3', '172.17.0.2', '172.17.0.3']);
    const quiet = lab('rr', [0, 1]);
    expect([1, 2].map(() => { const r = tcpConnect(quiet.world, H, ROOT_NETNS, '10.96.0.10', 80); return r.ok && r.delivery.localIp; })).toEqual(['172.17.0.3', '172.17.0.3']);
  });

  it('counts connections, packets and bytes, and keeps finished connections inactive for TIME_WAIT', () => {
    const { world, svc } = lab();
    const r = tcpHttpRequest(world, H, ROOT_NETNS, '10.96.0.10', 80, get);
    expect(r.ok && r.response.body).toBe('hello / from 192.168.81.10\n');
    expect(svc.stats).toMatchObject({ conns: 1, inPkts: 6, outPkts: 4 });
    expect(svc.dests[0]!.stats).toEqual(svc.stats);
    expect(inactiveConns(svc.dests[0]!, world.clock.now)).toBe(1);
    expect(inactiveConns(svc.dests[0]!, world.clock.now + IPVS_TIME_WAIT_MS)).toBe(0);
  });
});

describe('ipvsadm', () => {
  it('builds a service that curl on the host reaches, lists it, its stats, names and rules', () => {
    const { run } = terminal();
    run('yum install -y ipvsadm');
    run('docker run -d nginx && docker run -d httpd');
    expect(run('ipvsadm -A -t 10.0.0.100:80 -s rr && ipvsadm -a -t 10.0.0.100:80 -r 172.17.0.2:80 -m && ipvsadm -a -t 10.0.0.100:80 -r 172.17.0.3 -m')).toEqual({ out: '', code: 0 });
    expect(run('curl -s 10.0.0.100 | grep title; curl -s 10.0.0.100').out).toBe('<title>Welcome to nginx!</title>\n<html><body><h1>It works!</h1></body></html>\n');
    expect(run('ipvsadm -Ln').out).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.0.0.100:80 rr\n  -> 172.17.0.2:80                Masq    1      0          1         \n  -> 172.17.0.3:80                Masq    1      0          1         \n',
    );
    expect(run('ipvsadm -Ln --stats').out).toMatch(/^IP Virtual Server version 1\.2\.1 \(size=4096\)\nProt LocalAddress:Port {15}Conns {3}InPkts {2}OutPkts {2}InBytes OutBytes\n {2}-> RemoteAddress:Port\nTCP {2}10\.0\.0\.100:80 {23}2 {7}12 {7} 8 /);
    expect(run('ipvsadm -L').out).toContain('TCP  10.0.0.100:http rr\n  -> 172.17.0.2:http              Masq');
    expect(run('ipvsadm -S -n').out).toBe('-A -t 10.0.0.100:80 -s rr\n-a -t 10.0.0.100:80 -r 172.17.0.2:80 -m -w 1\n-a -t 10.0.0.100:80 -r 172.17.0.3:80 -m -w 1\n');
    expect(run('ipvsadm -Lnc').out).toMatch(/^IPVS connection entries\npro expire state {7}source {13}virtual {12}destination\nTCP 01:\d\d {2}TIME_WAIT {3}192\.168\.81\.10:\d+ 10\.0\.0\.100:80 {6}172\.17\.0\.2:80\nTCP 01:\d\d {2}TIME_WAIT {3}192\.168\.81\.10:\d+ 10\.0\.0\.100:80 {6}172\.17\.0\.3:80\n$/);
    run('sleep 121');
    expect(run('ipvsadm -Lnc').out).toBe('IPVS connection entries\npro expire state       source             virtual            destination\n');
    expect(run('ipvsadm -Ln').out).toContain('  -> 172.17.0.2:80                Masq    1      0          0         \n');
  });

  it('reports errors as ipvsadm and libipvs word them', () => {
    const { run } = terminal();
    run('yum install -y ipvsadm');
    expect(run('ipvsadm -A -s rr')).toEqual({ out: "You need to supply the 'service-address' option for the 'add-service' command\n", code: 2 });
    expect(run('ipvsadm -A -t 10.0.0.1:80 -s nosuch')).toEqual({ out: 'Scheduler or persistence engine not found\n', code: 255 });
    expect(run('ipvsadm -A -t 10.0.0.1:80 && ipvsadm -A -t 10.0.0.1:80')).toEqual({ out: 'Service already exists\n', code: 255 });
    expect(run('ipvsadm -Ln | grep 10.0.0.1:80').out).toBe('TCP  10.0.0.1:80 wlc\n');
    expect(run('ipvsadm -a -t 10.0.0.2:80 -r 1.2.3.4')).toEqual({ out: 'Service not defined\n', code: 255 });
    expect(run('ipvsadm -D -t 10.0.0.2:80')).toEqual({ out: 'No such service\n', code: 255 });
    expect(run('ipvsadm -A -t 10.0.0.300:80')).toEqual({ out: 'illegal virtual server address[:port] specified\n', code: 2 });
    expect(run('ipvsadm -C && ipvsadm -Ln | wc -l').out).toBe('3\n');
  });
});
