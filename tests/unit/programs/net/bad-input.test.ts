/** Malformed command lines get the tool's own error and a failing status; none throws. */
import { describe, expect, it } from 'vitest';
import { bridgeLab } from '../../kernel/net/fixture.ts';
import { run } from './run.ts';

const BAD = [
  'ip addr add', 'ip addr add 1.2.3.4/24', 'ip addr add 1.2.3.4/99 dev ens33', 'ip link set nope up', 'ip link del lo', 'ip route add 10.0.0.0/8 via 9.9.9.9',
  'ip netns exec nope ls', 'ip -x', 'iptables', 'iptables -A', 'iptables -A INPUT -s bogus -j ACCEPT', 'iptables -A INPUT --dport 80 -j ACCEPT', 'iptables -I INPUT 99 -j ACCEPT',
  'iptables -P INPUT FOO', 'iptables -X INPUT', 'iptables -L -A INPUT', 'curl', 'curl -X', 'curl http://:80', 'curl ftp://x', 'ping', 'ping -c 0 1.1.1.1', 'ping -c 1 999.1.1.1', 'ss -Z', 'netstat -x',
  'brctl addif docker0 nope', 'brctl xyz', 'bridge', 'nslookup a b c', 'telnet nosuch', 'nc', 'nc 172.17.0.2 notaport', 'nc -q 1 2', 'wget', 'wget http://nosuch/', 'ifconfig nope', 'ipvsadm -A -t 1.1.1.1', 'ipvsadm -a -t 1.1.1.1:80 -r 2.2.2.2',
];

describe('bad input', () => {
  it.each(BAD)('%s fails with a message and leaves the lab usable', (line) => {
    const { world } = bridgeLab();
    const r = run(world, line.split(' '));
    expect(r.code).not.toBe(0);
    expect(r.err + r.out).not.toBe('');
    expect(run(world, 'curl -s 172.17.0.2').code).toBe(0);
  });
});
