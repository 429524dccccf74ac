import { describe, expect, it } from 'vitest';
import { buildLayer, cloneFs, putLayer } from '../../../simulator/kernel/layers.ts';
import { FsError } from '../../../simulator/kernel/vfs.ts';
import { freshHost } from './helpers.ts';

function setup() {
  const host = freshHost();
  const world = host.world;
  const base = buildLayer([
    { path: '/etc/os-release', type: 'file', data: 'centos\n' },
    { path: '/etc/passwd', type: 'file', data: 'root:x:0:0\n' },
    { path: '/usr/share/doc/a', type: 'file', data: 'a' },
    { path: '/usr/share/doc/b', type: 'file', data: 'b' },
    { path: '/bin', type: 'symlink', target: 'usr/bin' },
    { path: '/usr/bin/sh', type: 'file', data: '', mode: 0o755, prog: 'bash' },
  ], 0);
  const top = buildLayer([{ path: '/usr/share/doc/b', type: 'whiteout' }, { path: '/app/run', type: 'file', data: 'run' }], 0);
  putLayer(world, 'sha256:base', base);
  putLayer(world, 'sha256:top', top);
  const mnt = host.createNamespace('mnt', { empty: true });
  const root = host.createOverlay('c1', ['sha256:top', 'sha256:base']);
  host.mount(mnt, '/', root, { fstype: 'overlay', device: 'overlay', options: 'rw,relatime,lowerdir=x,upperdir=y,workdir=z' });
  return { host, mnt, view: host.fsOfNamespace(mnt) };
}

describe('overlay mounts', () => {
  it('stacks layers: upper layers hide and whiteouts delete lower names', () => {
    const { view } = setup();
    expect(view.readdir('/usr/share/doc')).toEqual(['a']);
    expect(view.readFile('/app/run')).toBe('run');
    expect(view.readFile('/bin/sh')).toBe('');
  });

  it('copies up on write, whites out on delete, and diff lists A/C/D', () => {
    const { host, view } = setup();
    view.writeFile('/etc/passwd', 'root:x:0:0\nuser:x:1000:1000\n');
    view.remove('/etc/os-release');
    view.writeFile('/tmp-new', 'n');
    view.mkdir('/usr/share/doc/b');
    expect(view.readdir('/etc')).toEqual(['passwd']);
    expect(host.overlay('c1').diff()).toEqual([
      { kind: 'C', path: '/etc' },
      { kind: 'D', path: '/etc/os-release' },
      { kind: 'C', path: '/etc/passwd' },
      { kind: 'A', path: '/tmp-new' },
      { kind: 'C', path: '/usr' },
      { kind: 'C', path: '/usr/share' },
      { kind: 'C', path: '/usr/share/doc' },
      { kind: 'A', path: '/usr/share/doc/b' },
    ]);
    expect(view.readdir('/usr/share/doc/b')).toEqual([]);
  });

  it('never modifies the shared layers, so a second container sees the image unchanged', () => {
    const { host, view } = setup();
    view.remove('/usr', { recursive: true });
    view.chmod('/etc/passwd', 0o600);
    const other = host.createNamespace('mnt', { empty: true });
    host.mount(other, '/', host.createOverlay('c2', ['sha256:top', 'sha256:base']), { fstype: 'overlay', device: 'overlay' });
    const second = host.fsOfNamespace(other);
    expect(second.readdir('/usr/share/doc')).toEqual(['a']);
    expect(second.stat('/etc/passwd').mode).toBe(0o644);
  });

  it('an upper can be committed as a new layer', () => {
    const { host, view } = setup();
    view.writeFile('/etc/motd', 'hi');
    view.remove('/app/run');
    putLayer(host.world, 'sha256:commit', cloneFs(host.overlay('c1').upper.state));
    const mnt = host.createNamespace('mnt', { empty: true });
    host.mount(mnt, '/', host.createOverlay('c3', ['sha256:commit', 'sha256:top', 'sha256:base']), { fstype: 'overlay', device: 'overlay' });
    const v = host.fsOfNamespace(mnt);
    expect(v.readFile('/etc/motd')).toBe('hi');
    expect(v.tryStat('/app/run')).toBeUndefined();
    expect(() => v.readFile('/app/run')).toThrow(FsError);
  });

  it('an overlay can be viewed without any namespace (a stopped container)', () => {
    const { host, view } = setup();
    view.writeFile('/etc/motd', 'hi');
    const alone = host.overlayView('c1');
    expect(alone.readFile('/etc/motd')).toBe('hi');
    expect(alone.readdir('/usr/share/doc')).toEqual(['a']);
    expect(() => host.overlayView('c1', true).writeFile('/x', '')).toThrow(/EROFS/);
  });

  it('a read-only root refuses writes', () => {
    const host = freshHost();
    putLayer(host.world, 'sha256:l', buildLayer([{ path: '/etc/x', type: 'file', data: 'x' }], 0));
    const mnt = host.createNamespace('mnt', { empty: true });
    host.mount(mnt, '/', host.createOverlay('ro', ['sha256:l']), { fstype: 'overlay', device: 'overlay', readOnly: true });
    expect(() => host.fsOfNamespace(mnt).writeFile('/etc/x', 'y')).toThrow(/EROFS/);
  });
});
