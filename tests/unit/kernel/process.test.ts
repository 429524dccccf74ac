import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.ts';
import type { ExitInfo } from '../../../simulator/kernel/process.ts';
import { parseSignal } from '../../../simulator/kernel/signals.ts';

function container(hostname = 'hwhost') {
  const host = freshHost();
  const shim = host.spawn({ ppid: 1, argv: ['containerd-shim'], prog: 'containerd-shim' });
  const pid = host.createNamespace('pid', { creator: shim.pid });
  const uts = host.createNamespace('uts', { hostname });
  const mnt = host.createNamespace('mnt', { creator: shim.pid });
  host.mount(mnt, '/proc', { kind: 'proc', pidNs: pid }, { fstype: 'proc', device: 'proc' });
  const exits: ExitInfo[] = [];
  host.world.exitHooks['test'] = (_w, info) => exits.push(info);
  const init = host.spawn({ ppid: shim.pid, argv: ['/bin/bash'], prog: 'bash', ns: { pid, uts, mnt }, cgroup: '/docker/abc', onExit: 'test' });
  return { host, shim, init, pidNs: pid, uts, exits };
}

describe('PID and UTS namespaces', () => {
  it('gives the container init pid 1 inside and a host pid outside', () => {
    const { host, init, pidNs } = container();
    const child = host.spawn({ ppid: init.pid, argv: ['ps', 'axf'], prog: 'ps' });
    expect(host.pidIn(init, pidNs)).toBe(1);
    expect(host.pidIn(child, pidNs)).toBe(2);
    expect(init.pid).toBeGreaterThan(1);
    expect(host.visibleProcs(pidNs).map((v) => [v.pid, v.ppid])).toEqual([[1, 0], [2, 1]]);
    expect(host.fsFor(child.pid).readdir('/proc').filter((n) => /^\d+$/.test(n))).toEqual(['1', '2']);
    expect(host.fsFor(child.pid).readlink('/proc/self')).toBe('2');
    expect(host.fsFor(child.pid).readFile('/proc/1/cgroup')).toContain('4:perf_event:/docker/abc\n');
    expect(host.fsFor(child.pid).readlink('/proc/1/ns/pid')).toBe(`pid:[${pidNs}]`);
    expect(host.fs.readlink('/proc/1/ns/pid')).toBe('pid:[4026531836]');
  });

  it('keeps the hostname per UTS namespace', () => {
    const { host, init } = container('hwhost');
    expect(host.hostnameFor(init.pid)).toBe('hwhost');
    expect(host.hostnameFor(1)).toBe('localhost');
    host.setHostname(init.pid, 'other');
    expect(host.hostnameFor(init.pid)).toBe('other');
    expect(host.state.hostname).toBe('localhost');
  });
});

describe('signals', () => {
  it('parses names and numbers as kill does', () => {
    expect(parseSignal('9')).toBe(9);
    expect(parseSignal('SIGTERM')).toBe(15);
    expect(parseSignal('hup')).toBe(1);
    expect(parseSignal('NOPE')).toBeUndefined();
  });

  it('a PID namespace init ignores TERM without a handler but dies of KILL from the host (137)', () => {
    const { host, init, exits } = container();
    expect(host.kill(init.pid, 15)).toBe(0);
    expect(host.proc(init.pid)).toBeDefined();
    host.kill(init.pid, 9);
    expect(host.proc(init.pid)).toBeUndefined();
    expect(exits[0]).toMatchObject({ exitCode: 137, signal: 9, oomKilled: false });
  });

  it('init with a TERM handler exits with what the handler returns; others die with 143', () => {
    const { host, init, exits } = container();
    host.world.signalHandlers['graceful'] = () => 0;
    init.signals = { TERM: 'graceful' };
    const worker = host.spawn({ ppid: init.pid, argv: ['sleep', '1000'], prog: 'sleep', onExit: 'test' });
    host.kill(worker.pid, 15);
    expect(exits.map((e) => e.exitCode)).toEqual([143]);
    host.kill(init.pid, 15);
    expect(exits.map((e) => e.exitCode)).toEqual([143, 0]);
  });

  it('a pinned namespace outlives its processes until released', () => {
    const host = freshHost();
    const net = host.createNamespace('net', { pinned: true });
    const p = host.spawn({ ppid: 1, argv: ['sleep', '1'], prog: 'sleep', ns: { net } });
    host.reap(p.pid);
    expect(host.namespace(net)).toBeDefined();
    host.releaseNamespace(net);
    expect(host.namespace(net)).toBeUndefined();
  });

  it('killing the init of a namespace kills everything in it', () => {
    const { host, init, pidNs } = container();
    host.spawn({ ppid: init.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.kill(init.pid, 9);
    expect(host.visibleProcs(pidNs)).toEqual([]);
    expect(host.namespace(pidNs)).toBeUndefined();
  });

  it('STOP and CONT change the state; INT exits 130; a user may not signal root', () => {
    const host = freshHost();
    const p = host.spawn({ ppid: 1, argv: ['sleep', '100'], prog: 'sleep' });
    host.kill(p.pid, 19);
    expect(p.state).toBe('T');
    host.kill(p.pid, 18);
    expect(p.state).toBe('S');
    const user = host.spawn({ ppid: 1, argv: ['bash'], prog: 'bash', uid: 1000, gid: 1000 });
    expect(host.kill(p.pid, 15, user.pid)).toBe('EPERM');
    let code = -1;
    host.world.exitHooks['t'] = (_w, info) => (code = info.exitCode);
    p.onExit = 't';
    host.kill(p.pid, 2);
    expect(code).toBe(130);
    expect(host.kill(p.pid, 0)).toBe('ESRCH');
  });
});

describe('container plumbing', () => {
  it('sets up a container mount namespace: overlay root, its own /proc, /dev, read-only /sys and cgroups rooted at its cgroup', async () => {
    const { putLayer, buildLayer, ensureInitLayer } = await import('../../../simulator/kernel/layers.ts');
    const { host } = container();
    putLayer(host.world, 'sha256:img', buildLayer([{ path: '/etc/os-release', type: 'file', data: 'centos' }, { path: '/bin/bash', type: 'file', data: '', mode: 0o755, prog: 'bash' }], 0));
    const id = 'f'.repeat(64);
    host.cgroupCreate(`/docker/${id}`, (c) => (c.cpu.shares = 512));
    const mnt = host.createNamespace('mnt', { empty: true });
    const pidNs = host.createNamespace('pid');
    host.setupContainerMounts({ mntNs: mnt, id, root: host.createOverlay(id, [ensureInitLayer(host.world), 'sha256:img']), rootOptions: 'rw,relatime,lowerdir=/l,upperdir=/u,workdir=/w', pidNs, cgroupPath: `/docker/${id}` });
    const init = host.spawn({ ppid: 1, argv: ['/bin/bash'], prog: 'bash', ns: { mnt, pid: pidNs }, cgroup: `/docker/${id}` });
    const fs = host.fsFor(init.pid);
    expect(fs.readFile('/etc/os-release')).toBe('centos');
    expect(fs.readdir('/proc').filter((n) => /^\d+$/.test(n))).toEqual(['1']);
    expect(fs.readFile('/sys/fs/cgroup/cpu/cpu.shares')).toBe('512\n');
    expect(fs.readFile('/sys/fs/cgroup/cpu/tasks')).toBe(`${init.pid}\n`);
    expect(() => fs.writeFile('/sys/fs/cgroup/cpu/cpu.shares', '1024')).toThrow(/EROFS/);
    expect(fs.readFile('/proc/mounts').split('\n')[0]).toBe('overlay / overlay rw,relatime,lowerdir=/l,upperdir=/u,workdir=/w 0 0');
    fs.writeFile('/root-file', 'x');
    expect(host.overlay(id).diff()).toEqual([{ kind: 'A', path: '/root-file' }]);
    expect(host.deviceNumber('/dev/sda')).toBe('8:0');
  });
});

describe('spawn', () => {
  it('keeps cgroups given per controller and creates missing cgroups', () => {
    const host = freshHost();
    const p = host.spawn({ ppid: 1, argv: ['x'], prog: 'sleep', cgroups: { cpu: '/docker/x', memory: '/docker/x' } });
    expect(host.cgroupOf(p, 'cpu,cpuacct')).toBe('/docker/x');
    expect(host.cgroupOf(p, 'memory')).toBe('/docker/x');
    expect(host.cgroup('/docker/x')?.cpu.shares).toBe(1024);
  });
});
