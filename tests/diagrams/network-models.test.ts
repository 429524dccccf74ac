import { describe, expect, it } from 'vitest';
import { networkModels } from '../../diagrams/network-models.ts';
import { linksOf, netOf } from '../../diagrams/shared/lab.ts';
import { descOf, seededLab, WEB } from './helpers.ts';

describe('network-models', () => {
  it("shows the container's address, its real veth and the DNAT rule of its published port", () => {
    const lab = seededLab(WEB);
    const svg = networkModels(lab.view());
    const root = Object.values(netOf(lab.view(), 'localhost') ?? {}).find((n) => n.id === 4026531956);
    const veth = linksOf(root).find((l) => l.kind === 'veth');
    expect(veth).toBeDefined();
    expect(svg).toContain(`⇅ ${veth?.name}`);
    expect(svg).toContain('eth0 172.17.0.2/16');
    expect(svg).toContain('>docker0<');
    expect(svg).toContain('DNAT → 172.17.0.2:80');
    expect(descOf(svg)).toContain('Port 8080 on the host (ens33 192.168.81.10:8080) is forwarded by DNAT to 172.17.0.2:80 in container web.');
  });

  it('has no DNAT path without published ports', () => {
    const svg = networkModels(seededLab(['docker run -d --name quiet httpd']).view());
    expect(svg).not.toContain('DNAT →');
    expect(svg).toContain('eth0 172.17.0.2/16');
  });
});
