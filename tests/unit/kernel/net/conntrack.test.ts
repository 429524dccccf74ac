/** Connection tracking: entries per namespace with NAT in the reply tuple, timeouts, and the conntrack tool. */
import { describe, expect, it } from 'vitest';
import { conntrack } from '../../../../simulator/programs/net/conntrack.ts';
import { ROOT_NETNS, conntrackEntries, tcpConnect, udpSend } from '../../../../simulator/kernel/net/index.ts';
import { terminal } from '../../programs/shell/helpers.ts';
import { bridgeLab, H } from './fixture.ts';

describe('conntrack', () => {
  it('tracks a DNAT flow in each namespace it crosses, the reply tuple showing the translation', () => {
    const { world, ctr } = bridgeLab();
    const r = tcpConnect(world, H, ROOT_NETNS, '192.168.81.10', 8080);
    expect(r.ok).toBe(true);
    const [host] = conntrackEntries(world, H, ROOT_NETNS);
    expect(host).toMatchObject({ proto: 'tcp', state: 'TIME_WAIT', assured: true, orig: { src: '192.168.81.10', dst: '192.168.81.10', sport: 32768, dport: 8080 }, reply: { src: '172.17.0.2', dst: '192.168.81.10', sport: 80, dport: 32768 } });
    expect(conntrackEntries(world, H, ctr)).toMatchObject([{ orig: { src: '192.168.81.10', dst: '172.17.0.2', dport: 80 }, reply: { src: '172.17.0.2', dst: '192.168.81.10' } }]);
    world.advance(120_000);
    expect(conntrackEntries(world, H, ROOT_NETNS)).toEqual([]);
  });

  it("tracks only answered flows (the kernel's brief entries for failed attempts are not modelled)", () => {
    const { world } = bridgeLab();
    expect(tcpConnect(world, H, ROOT_NETNS, '172.17.0.2', 81).ok).toBe(false);
    expect(udpSend(world, H, ROOT_NETNS, '172.17.0.2', 53).ok).toBe(false);
    expect(conntrackEntries(world, H, ROOT_NETNS)).toEqual([]);
  });

  it('conntrack -L prints the entries as conntrack-tools 1.4.4 does on CentOS 7, then the count on stderr', () => {
    const { lab, run } = terminal();
    lab.world.programs['conntrack'] = conntrack;
    run('yum install -y conntrack-tools && docker run -d -p 8080:80 nginx');
    run('curl -s 192.168.81.10:8080 >/dev/null');
    const out = run('conntrack -L').out;
    expect(out).toMatch(/^tcp {6}6 1\d\d TIME_WAIT src=192\.168\.81\.10 dst=192\.168\.81\.10 sport=\d+ dport=8080 src=172\.17\.0\.2 dst=192\.168\.81\.10 sport=80 dport=\d+ \[ASSURED\] mark=0 secctx=system_u:object_r:unlabeled_t:s0 use=1\nconntrack v1\.4\.4 \(conntrack-tools\): 1 flow entries have been shown\.\n$/);
    expect(run('conntrack -L -p udp 2>/dev/null; conntrack -C')).toEqual({ out: '1\n', code: 0 });
    expect(run('conntrack -F; conntrack -L')).toEqual({ out: 'conntrack v1.4.4 (conntrack-tools): connection tracking table has been emptied.\nconntrack v1.4.4 (conntrack-tools): 0 flow entries have been shown.\n', code: 0 });
  });
});
