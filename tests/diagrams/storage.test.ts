import { describe, expect, it } from 'vitest';
import { mountsOf, storage } from '../../diagrams/storage.ts';
import { engineOf, type EngineContainer } from '../../diagrams/shared/lab.ts';
import { descOf, seededLab, WEB } from './helpers.ts';
import { drawnTexts } from './svg-tree.ts';

function container(hostConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): EngineContainer {
  return { id: 'a'.repeat(64), name: '/c', created: 0, image: 'httpd', imageId: '', config: {}, hostConfig, state: { status: 'running', pid: 0, exitCode: 0, startedAt: 0 }, networks: {}, ports: {}, layerId: 'b'.repeat(64), ...extra };
}

describe('storage', () => {
  it("links each container's writable layer to its real overlay2 directory", () => {
    const lab = seededLab(WEB);
    const web = Object.values(engineOf(lab.view(), 'localhost')?.containers ?? {})[0];
    const svg = storage(lab.view());
    // The path may wrap after a slash: its lines, in the box for that host path, read it whole.
    const drawn = drawnTexts(svg).texts.filter((t) => t.boxId.startsWith('storage-host-layer-')).map((t) => t.content).join('');
    expect(drawn).toBe(`/var/lib/docker/overlay2/${web?.layerId.slice(0, 12)}…/diffwritable layer of web (removed with it)`);
    expect(descOf(svg)).toContain(`/var/lib/docker/overlay2/${web?.layerId}/diff`);
  });

  it('reads bind mounts and volumes from -v, --mount and the recorded mounts', () => {
    const fromBinds = mountsOf(container({ Binds: ['/root/site:/usr/local/apache2/htdocs:ro', 'myvol:/data'] }));
    expect(fromBinds.map((m) => [m.kind, m.source, m.target, m.readOnly])).toEqual([
      ['volume', '/var/lib/docker/volumes/myvol/_data', '/data', false],
      ['bind', '/root/site', '/usr/local/apache2/htdocs', true],
      ['layer', `/var/lib/docker/overlay2/${'b'.repeat(64)}/diff`, '/', false],
    ]);
    const fromMounts = mountsOf(container({ Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', ReadOnly: true }, { Type: 'tmpfs', Target: '/t' }] }));
    expect(fromMounts.map((m) => m.kind)).toEqual(['volume', 'layer']);
    const recorded = mountsOf(container({}, { mounts: [{ Type: 'volume', Name: 'x', Source: '/var/lib/docker/volumes/x/_data', Destination: '/var/lib/registry', RW: true }] }));
    expect(recorded[0]).toEqual({ kind: 'volume', name: 'x', source: '/var/lib/docker/volumes/x/_data', target: '/var/lib/registry', readOnly: false });
  });

  it('shows one volume shared by two containers as one host path', () => {
    const lab = seededLab(WEB);
    const state = JSON.parse(lab.snapshot()) as ReturnType<typeof lab.view>;
    const engine = state.ext['docker/localhost'] as { containers: Record<string, EngineContainer> };
    const web = Object.values(engine.containers)[0] as EngineContainer;
    web.hostConfig['Binds'] = ['shared:/usr/local/apache2/htdocs'];
    engine.containers['c'.repeat(64)] = { ...web, id: 'c'.repeat(64), name: '/twin', created: web.created + 1, layerId: 'd'.repeat(64) };
    const svg = storage(state);
    expect(svg.match(/id="storage-host-volume-var-lib-docker-volumes-shared-data"/g)).toHaveLength(1);
    expect(descOf(svg)).toContain('twin mounts /var/lib/docker/volumes/shared/_data (volume shared) at /usr/local/apache2/htdocs.');
    expect(descOf(svg)).toContain('web mounts /var/lib/docker/volumes/shared/_data (volume shared)');
  });
});
