import { describe, expect, it } from 'vitest';
import { emptyFs, FsError, Vfs } from '../../../simulator/kernel/vfs.ts';
import { freshHost } from './helpers.ts';

function errno(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('Vfs on a single filesystem', () => {
  it('creates, reads, links and renames files', () => {
    const fs = new Vfs(emptyFs(0), () => 5);
    fs.mkdir('/a/b', { parents: true });
    fs.writeFile('/a/b/f', 'hi');
    fs.link('/a/b/f', '/a/g');
    expect(fs.stat('/a/g').nlink).toBe(2);
    fs.appendFile('/a/g', ' there');
    expect(fs.readFile('/a/b/f')).toBe('hi there');
    fs.rename('/a/b/f', '/a/h');
    expect(fs.readdir('/a')).toEqual(['b', 'g', 'h']);
    fs.remove('/a/g');
    expect(fs.stat('/a/h').nlink).toBe(1);
    expect(errno(() => fs.rename('/a', '/a/b/c'))).toBe('EINVAL');
  });

  it('follows symlinks relative to their directory and detects loops', () => {
    const fs = new Vfs(emptyFs(0), () => 0);
    fs.mkdir('/usr/bin', { parents: true });
    fs.writeFile('/usr/bin/x', 'X');
    fs.symlink('usr/bin', '/bin');
    expect(fs.readFile('/bin/x')).toBe('X');
    expect(fs.realpath('/bin/x')).toBe('/usr/bin/x');
    fs.symlink('/loop2', '/loop1');
    fs.symlink('/loop1', '/loop2');
    expect(errno(() => fs.readFile('/loop1'))).toBe('ELOOP');
    expect(fs.lstat('/bin').type).toBe('symlink');
  });

  it('checks permissions for non-root users, including the sticky bit', () => {
    const fs = new Vfs(emptyFs(0), () => 0);
    fs.mkdir('/root', { mode: 0o550 });
    fs.writeFile('/root/secret', 's', { mode: 0o600 });
    fs.mkdir('/tmp', { mode: 0o1777 });
    fs.writeFile('/tmp/roots', 'r');
    const user = fs.as({ uid: 1000, gid: 1000 });
    expect(errno(() => user.readFile('/root/secret'))).toBe('EACCES');
    expect(errno(() => user.writeFile('/x', ''))).toBe('EACCES');
    user.writeFile('/tmp/mine', 'm');
    expect(fs.stat('/tmp/mine').uid).toBe(1000);
    expect(errno(() => user.remove('/tmp/roots'))).toBe('EPERM');
    user.remove('/tmp/mine');
    expect(errno(() => user.chmod('/tmp/roots', 0o777))).toBe('EPERM');
  });
});

describe('mount namespaces', () => {
  it('resolves /proc and /sys/fs/cgroup through the host mount table', () => {
    const host = freshHost();
    expect(host.fs.readFile('/sys/fs/cgroup/cpu/cpu.shares')).toBe('1024\n');
    expect(host.fs.realpath('/sys/fs/cgroup/cpu/cpu.shares')).toBe('/sys/fs/cgroup/cpu,cpuacct/cpu.shares');
    expect(host.fs.readFile('/proc/1/comm')).toBe('systemd\n');
    expect(host.fs.mountOf('/proc/1').fstype).toBe('proc');
    expect(host.fs.mountOf('/etc').device).toBe('/dev/mapper/centos-root');
  });

  it('makes read-only bind mounts refuse writes with EROFS and refuses to remove mount points', () => {
    const host = freshHost();
    host.fs.mkdir('/data', { parents: true });
    host.fs.writeFile('/data/index.html', 'hello');
    const mnt = host.createNamespace('mnt', { creator: 1 });
    host.bindMount(mnt, '/srv/www', '/data', { readOnly: true });
    const view = host.fsOfNamespace(mnt);
    expect(view.readFile('/srv/www/index.html')).toBe('hello');
    expect(errno(() => view.writeFile('/srv/www/index.html', 'x'))).toBe('EROFS');
    expect(errno(() => view.remove('/srv/www'))).toBe('EBUSY');
    const proc = host.spawn({ ppid: 1, argv: ['sleep', '100'], prog: 'sleep', ns: { mnt } });
    expect(host.fsFor(proc.pid).readFile('/proc/mounts')).toContain('/dev/mapper/centos-root /srv/www xfs ro,seclabel,relatime');
    expect(host.fs.tryStat('/srv/www/index.html')).toBeUndefined();
    expect(errno(() => view.rename('/srv/www/index.html', '/tmp/x'))).toBe('EXDEV');
    expect(host.umount(mnt, '/srv/www')).toBe(0);
    expect(view.tryStat('/srv/www/index.html')).toBeUndefined();
  });

  it('switches filesystems exactly at mount points: nested, stacked, reached through a symlink or a chroot', () => {
    const host = freshHost();
    host.fs.mkdir('/data/a', { parents: true });
    host.fs.writeFile('/data/a/f', 'in data');
    host.fs.mkdir('/other', { parents: true });
    host.fs.writeFile('/other/f', 'in other');
    host.fs.mkdir('/srv/www/a', { parents: true });
    host.fs.writeFile('/srv/www/a/f', 'hidden under the mount');
    const mnt = host.createNamespace('mnt', { creator: 1 });
    host.bindMount(mnt, '/srv/www', '/data');
    host.bindMount(mnt, '/srv/www/a', '/other');
    const view = host.fsOfNamespace(mnt);
    // The deeper mount wins below its target; beside it the first mount still holds.
    expect(view.readFile('/srv/www/a/f')).toBe('in other');
    expect(view.readdir('/srv/www')).toEqual(['a']);
    // A later mount on the same target hides the earlier one.
    host.bindMount(mnt, '/srv/www', '/other');
    expect(view.readFile('/srv/www/f')).toBe('in other');
    expect(view.mountOf('/srv/www/f').target).toBe('/srv/www');
    // A symlink into a mount restarts the walk there.
    view.symlink('/srv/www', '/web');
    expect(view.readFile('/web/f')).toBe('in other');
    expect(view.realpath('/web/f')).toBe('/srv/www/f');
    // Inside a chroot the mount targets are still namespace paths.
    host.fs.mkdir('/jail/mnt', { parents: true });
    host.bindMount(mnt, '/jail/mnt', '/data');
    const jailed = view.chroot('/jail');
    expect(jailed.readFile('/mnt/a/f')).toBe('in data');
    expect(jailed.mountOf('/mnt/a').target).toBe('/jail/mnt');
  });
});
