import { describe, expect, it } from 'vitest';
import { dockerArchitecture } from '../../diagrams/docker-architecture.ts';
import { createLab } from '../../simulator/index.ts';
import { descOf, seededLab, WEB } from './helpers.ts';

describe('docker-architecture', () => {
  it("shows the lab's real containers and images, with their state", () => {
    const lab = seededLab(WEB);
    let svg = dockerArchitecture(lab.view());
    expect(svg).toContain('data-static="false"');
    expect(svg).toContain('id="docker-architecture-c-web"');
    expect(svg).toContain('id="docker-architecture-i-httpd-latest"');
    expect(descOf(svg)).toContain('Containers: web (running, from httpd).');
    expect(descOf(svg)).toMatch(/Images on the host: httpd:latest \([0-9a-f]{12}, \d+MB\)\./);
    lab.run('docker stop web');
    svg = dockerArchitecture(lab.view());
    expect(descOf(svg)).toContain('web (exited, from httpd)');
  });

  it('draws a fresh engine as empty, and no engine as a marked example', () => {
    const fresh = dockerArchitecture(createLab('docker').view());
    expect(fresh).toContain('data-static="false"');
    expect(descOf(fresh)).toContain('There are no containers yet.');
    const none = dockerArchitecture(undefined, { locale: 'zh-cn' });
    expect(none).toContain('data-static="true"');
    expect(descOf(none)).toContain('只是示例');
  });

  it('lists the registry repositories the images were pulled from', () => {
    const svg = dockerArchitecture(seededLab([...WEB, 'docker pull centos']).view());
    const registry = /<g id="docker-architecture-registry">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(registry).toContain('>centos<');
    expect(registry).toContain('>httpd<');
    expect(registry).not.toContain('>nginx<');
  });
});
