/**
 * nslookup (bind-utils 9.11 layout: `Server:\t\t`, `Address:\tIP#53`, `Non-authoritative answer:`,
 * `Name:\t`, `Address: `, closing blank line), busybox 1.28 nslookup, telnet 0.17 and telnetd.
 */
import { describe, expect, it } from 'vitest';
import { bindDnsZone, registerDnsZone, setDnsRecord } from '../../../../simulator/kernel/net/index.ts';
import { bridgeLab, H } from '../../kernel/net/fixture.ts';
import { run, start } from './run.ts';

function embeddedDns(): ReturnType<typeof bridgeLab> {
  const lab = bridgeLab();
  const fs = lab.world.host(H).fs;
  fs.mkdir('/etc', { parents: true });
  fs.writeFile('/etc/resolv.conf', 'nameserver 127.0.0.11\noptions ndots:0\n');
  // Docker's embedded DNS answers in each container's namespace at 127.0.0.11.
  registerDnsZone(lab.world, 'docker/net2', { host: H, netns: lab.ctr2, ip: '127.0.0.11', records: { web1: ['172.17.0.2'] } });
  return lab;
}

describe('nslookup', () => {
  it('answers from the embedded DNS of the container namespace', () => {
    const { world, ctr2 } = embeddedDns();
    expect(run(world, 'nslookup web1', { ns: ctr2 })).toEqual({ out: 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\nNon-authoritative answer:\nName:\tweb1\nAddress: 172.17.0.2\n\n', err: '', code: 0 });
    expect(run(world, 'nslookup nope', { ns: ctr2 })).toEqual({ out: "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\n** server can't find nope: NXDOMAIN\n\n", err: '', code: 1 });
    expect(run(world, 'ping -c 1 web1', { ns: ctr2 }).out).toMatch(/^PING web1 \(172\.17\.0\.2\) 56\(84\) bytes of data\.\n64 bytes from web1 \(172\.17\.0\.2\): icmp_seq=1 ttl=64 time=/);
  });

  it('no server in the host namespace: the connection times out', () => {
    const { world } = embeddedDns();
    expect(run(world, 'nslookup web1')).toEqual({ out: ';; connection timed out; no servers could be reached\n\n', err: '', code: 1 });
  });

  it('one zone served in several namespaces (bindDnsZone)', () => {
    const { world, ctr } = embeddedDns();
    bindDnsZone(world, 'docker/net2', H, ctr, '127.0.0.11');
    setDnsRecord(world, 'docker/net2', 'web2', ['172.17.0.3']);
    expect(run(world, 'nslookup web2', { ns: ctr }).out).toContain('Name:\tweb2\nAddress: 172.17.0.3\n');
  });

  it('busybox 1.28 layout', () => {
    const { world, ctr2 } = embeddedDns();
    expect(run(world, 'busybox-nslookup web1', { ns: ctr2 }).out).toBe('Server:    127.0.0.11\nAddress 1: 127.0.0.11\n\nName:      web1\nAddress 1: 172.17.0.2\n');
  });
});

describe('telnet', () => {
  it('reaches telnetd on port 23 and shows its login prompt', () => {
    const { world, ctr2 } = bridgeLab();
    expect(start(world, 'telnetd -F', { ns: ctr2 }).code).toBe(0);
    expect(run(world, 'telnet 172.17.0.3')).toEqual({ out: "Trying 172.17.0.3...\nConnected to 172.17.0.3.\nEscape character is '^]'.\n\r\nlocalhost login: \nConnection closed by foreign host.\n", err: '', code: 1 });
    expect(run(world, 'telnet 172.17.0.3 24')).toEqual({ out: 'Trying 172.17.0.3...\n', err: 'telnet: connect to address 172.17.0.3: Connection refused\n', code: 1 });
  });
});
