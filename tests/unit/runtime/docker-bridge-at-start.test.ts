/** dockerd brings up docker0 and its NAT rules when it starts, before any container runs. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('docker0 at daemon start', () => {
  it('exists, down with no ports, with the subnet gateway and the MASQUERADE rule', () => {
    const lab = createLab('docker');
    const link = lab.run('ip addr show docker0').output;
    expect(link).toMatch(/^3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default \n/);
    expect(link).toContain('    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n');
    expect(lab.run('iptables -t nat -S POSTROUTING').output).toContain('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n');
  });

  it('comes back after systemctl restart docker without a second MASQUERADE rule', () => {
    const lab = createLab('docker');
    lab.run('systemctl stop docker');
    lab.run('systemctl start docker');
    const rules = lab.run('iptables -t nat -S POSTROUTING').output.split('\n').filter((l) => l.includes('MASQUERADE'));
    expect(rules).toEqual(['-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE']);
    expect(lab.run('ip link show docker0').exitCode).toBe(0);
  });
});
