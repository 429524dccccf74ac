/**
 * The net programs against a hand-built bridge network (tests/unit/kernel/net/fixture.ts).
 * Formats: iproute-4.11 (ipaddress.c print_linkinfo: each field followed by a space, `qlen N` last;
 * iproute.c: route fields each followed by a space), iptables 1.4.21 (iptables.c print_header /
 * print_firewall), ss (iproute-4.11 misc/ss.c widths for 80 columns), net-tools 2.0 netstat,
 * bridge-utils 1.5 brctl, iputils ping, curl 7.29 lib/connect.c wording.
 */
import { describe, expect, it } from 'vitest';
import { ROOT_NETNS, registerDnsZone } from '../../../../simulator/kernel/net/index.ts';
import { bridgeLab } from '../../kernel/net/fixture.ts';
import { run } from './run.ts';

describe('ip', () => {
  it('ip a inside the container: lo and eth0@ifN with link-netnsid', () => {
    const { world, ctr } = bridgeLab();
    expect(run(world, 'ip a', { ns: ctr }).out).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '5: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n' +
        '    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n' +
        '    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 fe80::42:acff:fe11:2/64 scope link \n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('ip route on the host and in the container', () => {
    const { world, ctr } = bridgeLab();
    expect(run(world, 'ip route').out).toBe(
      'default via 192.168.81.2 dev ens33 proto static metric 100 \n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 \n192.168.81.0/24 dev ens33 proto kernel scope link src 192.168.81.10 metric 100 \n',
    );
    expect(run(world, 'ip route', { ns: ctr }).out).toBe('default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 \n');
  });

  it('ip route get names the route, device and source the kernel would use', () => {
    const { world, ctr } = bridgeLab();
    expect(run(world, 'ip route get 8.8.8.8').out).toBe('8.8.8.8 via 192.168.81.2 dev ens33 src 192.168.81.10 \n    cache \n');
    expect(run(world, 'ip route get 172.17.0.3', { ns: ctr }).out).toBe('172.17.0.3 dev eth0 src 172.17.0.2 \n    cache \n');
    expect(run(world, 'ip route get 127.0.0.1').out).toBe('local 127.0.0.1 dev lo src 127.0.0.1 \n    cache <local> \n');
  });

  it('ip link shows mode DEFAULT and master; unknown devices and objects get iproute2 errors', () => {
    const { world } = bridgeLab();
    expect(run(world, 'ip link show docker0').out).toBe('3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \n    link/ether 02:42:9c:6f:a4:11 brd ff:ff:ff:ff:ff:ff\n');
    expect(run(world, 'ip addr show nope')).toEqual({ out: '', err: 'Device "nope" does not exist.\n', code: 1 });
    expect(run(world, 'ip foo')).toEqual({ out: '', err: 'Object "foo" is unknown, try "ip help".\n', code: 1 });
  });

  it('builds a bridge and a veth pair by hand, and ip netns add/list/exec', () => {
    const { world } = bridgeLab();
    expect(run(world, 'ip link add br0 type bridge').code).toBe(0);
    expect(run(world, 'ip netns add red').code).toBe(0);
    expect(run(world, 'ip link add v-red type veth peer name v-red-br').code).toBe(0);
    expect(run(world, 'ip link set v-red netns red').code).toBe(0);
    expect(run(world, 'ip link set v-red-br master br0').code).toBe(0);
    expect(run(world, 'ip netns list').out).toBe('red (id: 2)\n');
    const fs = world.host('localhost').fs;
    fs.mkdir('/usr/sbin', { parents: true });
    fs.writeFile('/usr/sbin/ip', '', { mode: 0o755, prog: 'ip' });
    const inside = run(world, ['ip', 'netns', 'exec', 'red', 'ip', 'link']);
    expect(inside.out).toContain('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n');
    expect(inside.out).toMatch(/: v-red@if\d+: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default \n/);
    expect(run(world, 'ip link add br0 type bridge')).toEqual({ out: '', err: 'RTNETLINK answers: File exists\n', code: 2 });
  });
});

describe('iptables', () => {
  it('-t nat -L -n lists Docker-style chains with iptables 1.4.21 columns', () => {
    const { world } = bridgeLab();
    expect(run(world, 'iptables -t nat -L -n').out).toBe(
      'Chain PREROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DOCKER     all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        '\n' +
        'Chain OUTPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DOCKER     all  --  0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL\n' +
        '\n' +
        'Chain POSTROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'MASQUERADE  all  --  172.17.0.0/16        0.0.0.0/0           \n' +
        '\n' +
        'Chain DOCKER (2 references)\n' +
        'target     prot opt source               destination         \n' +
        'RETURN     all  --  0.0.0.0/0            0.0.0.0/0           \n' +
        'DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.17.0.2:80\n',
    );
  });

  it('names addresses and ports without -n, counts packets with -v', () => {
    const { world } = bridgeLab();
    expect(run(world, 'iptables -t nat -L OUTPUT').out).toBe('Chain OUTPUT (policy ACCEPT)\ntarget     prot opt source               destination         \nDOCKER     all  --  anywhere            !loopback/8           ADDRTYPE match dst-type LOCAL\n');
    run(world, 'curl -s 192.168.81.10:8080');
    expect(run(world, 'iptables -t nat -L DOCKER -n -v').out).toBe(
      'Chain DOCKER (2 references)\n' +
        ' pkts bytes target     prot opt in     out     source               destination         \n' +
        '    0     0 RETURN     all  --  docker0 *       0.0.0.0/0            0.0.0.0/0           \n' +
        '    1    60 DNAT       tcp  --  !docker0 *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.17.0.2:80\n',
    );
  });

  it('-A/-I/-D/-N/-S and the errors iptables gives', () => {
    const { world } = bridgeLab();
    expect(run(world, 'iptables -N MYCHAIN').code).toBe(0);
    expect(run(world, 'iptables -A MYCHAIN -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT').code).toBe(0);
    expect(run(world, 'iptables -I INPUT -j MYCHAIN').code).toBe(0);
    expect(run(world, 'iptables -S').out).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N MYCHAIN\n-A INPUT -j MYCHAIN\n-A MYCHAIN -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\n');
    expect(run(world, 'iptables -N MYCHAIN')).toEqual({ out: '', err: 'iptables: Chain already exists.\n', code: 1 });
    expect(run(world, 'iptables -D INPUT -j DROP')).toEqual({ out: '', err: 'iptables: Bad rule (does a matching rule exist in that chain?).\n', code: 1 });
    expect(run(world, 'iptables -L NOPE')).toEqual({ out: '', err: 'iptables: No chain/target/match by that name.\n', code: 1 });
    expect(run(world, 'iptables -A INPUT -j NOPE').err).toBe("iptables v1.4.21: Couldn't load target `NOPE':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.\n");
    expect(run(world, 'iptables -t foo -L').code).toBe(3);
    expect(run(world, 'iptables -X MYCHAIN')).toEqual({ out: '', err: 'iptables: Too many links.\n', code: 1 });
  });
});

describe('curl', () => {
  it('GET through the published port; -I prints the status line and headers with CRLF', () => {
    const { world } = bridgeLab();
    expect(run(world, 'curl 192.168.81.10:8080/x')).toEqual({ out: 'hello /x from 192.168.81.10\n', err: '', code: 0 });
    expect(run(world, 'curl -I 172.17.0.2').out).toBe('HTTP/1.1 200 OK\r\n\r\n');
  });

  it('curl 7.29 errors: refused, no route, unresolvable, empty reply', () => {
    const { world } = bridgeLab();
    expect(run(world, 'curl 127.0.0.1:8080')).toEqual({ out: '', err: 'curl: (7) Failed connect to 127.0.0.1:8080; Connection refused\n', code: 7 });
    expect(run(world, 'curl http://172.17.0.9/')).toEqual({ out: '', err: 'curl: (7) Failed connect to 172.17.0.9:80; No route to host\n', code: 7 });
    expect(run(world, 'curl -s 127.0.0.1:8080')).toEqual({ out: '', err: '', code: 7 });
    world.host('localhost').fs.mkdir('/etc', { parents: true });
    world.host('localhost').fs.writeFile('/etc/resolv.conf', 'nameserver 192.168.81.10\n');
    registerDnsZone(world, 'lab', { host: 'localhost', netns: ROOT_NETNS, ip: '0.0.0.0', records: { 'web.lab': ['172.17.0.2'] } });
    expect(run(world, 'curl nosuch')).toEqual({ out: '', err: 'curl: (6) Could not resolve host: nosuch; Name or service not known\n', code: 6 });
    expect(run(world, 'curl web.lab').out).toBe('hello / from 172.17.0.1\n');
  });

  it('-v shows the connect and the exchange (curl 7.29 verbose lines)', () => {
    const { world } = bridgeLab();
    const r = run(world, 'curl -v 172.17.0.2/');
    expect(r.err).toBe('* About to connect() to 172.17.0.2 port 80 (#0)\n*   Trying 172.17.0.2...\n* Connected to 172.17.0.2 (172.17.0.2) port 80 (#0)\n> GET / HTTP/1.1\r\n> User-Agent: curl/7.29.0\r\n> Host: 172.17.0.2\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n< \r\n* Connection #0 to host 172.17.0.2 left intact\n');
  });
});

describe('ping', () => {
  it('replies with iputils lines and statistics; the clock moves a second per packet', () => {
    const { world } = bridgeLab();
    const before = world.clock.now;
    const r = run(world, 'ping -c 3 172.17.0.2');
    expect(r.out).toBe(
      'PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n' +
        '64 bytes from 172.17.0.2: icmp_seq=1 ttl=64 time=0.195 ms\n' +
        '64 bytes from 172.17.0.2: icmp_seq=2 ttl=64 time=0.139 ms\n' +
        '64 bytes from 172.17.0.2: icmp_seq=3 ttl=64 time=0.133 ms\n' +
        '\n--- 172.17.0.2 ping statistics ---\n' +
        '3 packets transmitted, 3 received, 0% packet loss, time 2002ms\n' +
        'rtt min/avg/max/mdev = 0.133/0.156/0.195/0.028 ms\n',
    );
    expect(world.clock.now - before).toBe(3000);
    expect(run(world, 'ping -c 3 172.17.0.2').out).toBe(r.out);
  });

  it('Destination Host Unreachable from the bridge address; bad -c', () => {
    const { world } = bridgeLab();
    const r = run(world, 'ping -c 2 172.17.0.9');
    expect(r.out).toBe('PING 172.17.0.9 (172.17.0.9) 56(84) bytes of data.\nFrom 172.17.0.1 icmp_seq=1 Destination Host Unreachable\nFrom 172.17.0.1 icmp_seq=2 Destination Host Unreachable\n\n--- 172.17.0.9 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms\npipe 2\n');
    expect(r.code).toBe(1);
    expect(run(world, 'ping -c x 1.2.3.4')).toEqual({ out: '', err: 'ping: bad number of packets to transmit.\n', code: 2 });
  });
});

describe('ss, netstat, brctl, arp', () => {
  it('ss -lntp and netstat -lntp in the container', () => {
    const { world, ctr } = bridgeLab();
    expect(run(world, 'ss -lntp', { ns: ctr }).out).toBe(
      'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        'LISTEN     0      128          *:80                       *:*                   users:(("httpd",pid=1000,fd=3))\n',
    );
    expect(run(world, 'netstat -lntp', { ns: ctr }).out).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1000/httpd          \n',
    );
  });

  it('brctl show lists the bridge ports one per line', () => {
    const { world } = bridgeLab();
    expect(run(world, 'brctl show').out).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\ndocker0\t\t8000.02429c6fa411\tno\t\tveth1a2b3c4\n\t\t\t\t\t\t\tveth5d6e7f8\n');
  });

  it('arp -n shows what traffic taught the neighbour cache', () => {
    const { world } = bridgeLab();
    run(world, 'curl -s 172.17.0.3');
    expect(run(world, 'arp -n').out).toBe('Address                  HWtype  HWaddress           Flags Mask            Iface\n172.17.0.3               ether   02:42:ac:11:00:03   C                     docker0\n');
  });
});

describe('route', () => {
  it('route -n prints the main table in net-tools columns', () => {
    const { world } = bridgeLab();
    expect(run(world, 'route -n').out).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         192.168.81.2    0.0.0.0         UG    100    0        0 ens33\n' +
        '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n' +
        '192.168.81.0    0.0.0.0         255.255.255.0   U     100    0        0 ens33\n',
    );
  });
});
