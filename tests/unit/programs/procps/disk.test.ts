import { describe, expect, it } from 'vitest';
import { lab, runAs } from './helpers.ts';
import { humanCeil } from '../../../../simulator/programs/procps/disk.ts';
import { humanSi, humanSiRate } from '../../../../simulator/programs/procps/dd.ts';
import { humanKb } from '../../../../simulator/programs/procps/free.ts';

describe('sizes', () => {
  it('rounds as coreutils and procps do', () => {
    expect(humanCeil(4096)).toBe('4.0K');
    expect(humanCeil(1024 * 1024 * 1.41)).toBe('1.5M');
    expect(humanCeil(17 * 1024 ** 3)).toBe('17G');
    expect(humanCeil(0)).toBe('0');
    expect(humanSi(838860800)).toBe('839 MB');
    expect(humanSi(31457280)).toBe('31 MB');
    expect(humanSiRate(31457280)).toBe('31.5 MB');
    expect(humanSiRate(486_000_000)).toBe('486 MB');
    expect(humanSi(8_400_000)).toBe('8.4 MB');
    expect(humanKb(3880452)).toBe('3.7G');
    expect(humanKb(0)).toBe('0B');
    expect(humanKb(195_788)).toBe('191M');
    expect(humanKb(9316)).toBe('9.1M');
  });
});

describe('df, du, free, mount', () => {
  it('df -h lists real filesystems with coreutils widths', () => {
    const { lab: l } = lab();
    const out = l.run('df -h').output.split('\n');
    expect(out[0]).toBe('Filesystem               Size  Used Avail Use% Mounted on');
    expect(out[1]).toMatch(/^\/dev\/mapper\/centos-root {3}17G {2}1\.5G {3}16G {3}9% \/$/);
    expect(out).toContain('/dev/sda1               1014M  150M  864M  15% /boot');
  });

  it('du counts 4K blocks and hard links once', () => {
    const { lab: l, host } = lab();
    host.fs.mkdir('/data/a', { parents: true });
    host.fs.writeFile('/data/a/f', 'x'.repeat(5000));
    host.fs.link('/data/a/f', '/data/g');
    expect(l.run('du -s /data').output).toBe('8\t/data\n');
    expect(l.run('du -sh /data').output).toBe('8.0K\t/data\n');
    expect(l.run('du /nope').output).toBe('du: cannot access ‘/nope’: No such file or directory\n');
  });

  it('free -m adds up like procps 3.3.10', () => {
    const { lab: l } = lab();
    const [, mem, swap] = l.run('free -m').output.split('\n');
    const [total, used, free, , cache] = (mem as string).split(/\s+/).slice(1).map(Number) as number[];
    expect(total).toBe(3789);
    expect(Math.abs((total as number) - (used as number) - (free as number) - (cache as number))).toBeLessThanOrEqual(2);
    expect(swap).toBe('Swap:          2047           0        2047');
  });

  it('mount binds read-only and umount reports what is not mounted', () => {
    const { lab: l, host } = lab();
    host.fs.mkdir('/srv/a', { parents: true });
    host.fs.mkdir('/mnt/b', { parents: true });
    expect(l.run('mount --bind -o ro /srv/a /mnt/b').exitCode).toBe(0);
    expect(l.run('mount').output).toContain('/dev/mapper/centos-root on /mnt/b type xfs (ro,seclabel,relatime,attr2,inode64,noquota)\n');
    expect(() => host.fs.writeFile('/mnt/b/x', '')).toThrow(/EROFS/);
    expect(l.run('umount /mnt/b').exitCode).toBe(0);
    const r = l.run('umount /mnt/b');
    expect(r.output).toBe('umount: /mnt/b: not mounted\n');
    expect(r.exitCode).toBe(32);
  });
});

describe('dd and blkio throttling', () => {
  it('writes at the device speed, or at the cgroup write_bps_device limit with oflag=direct', () => {
    const { host } = lab();
    host.cgroupCreate('/docker/io', (c) => (c.blkio.writeBps['8:0'] = 30 * 1024 * 1024));
    const shell = host.spawn({ ppid: 1, argv: ['bash'], prog: 'bash', cgroup: '/docker/io' });
    const before = host.world.clock.now;
    const r = runAs(host, shell.pid, ['dd', 'if=/dev/zero', 'of=/tmp/test.out', 'bs=1M', 'count=800', 'oflag=direct']);
    expect(r.err).toBe('800+0 records in\n800+0 records out\n838860800 bytes (839 MB) copied, 26.6784 s, 31.4 MB/s\n');
    expect(host.world.clock.now - before).toBe(26678);
    expect(host.fs.stat('/tmp/test.out').size).toBe(838860800);
    expect(host.fs.readFile('/sys/fs/cgroup/blkio/docker/io/blkio.throttle.write_bps_device')).toBe('8:0 31457280\n');
    expect(host.fs.readFile('/sys/fs/cgroup/blkio/docker/io/blkio.throttle.io_service_bytes')).toContain('8:0 Write 838860800\n');
    const buffered = runAs(host, shell.pid, ['dd', 'if=/dev/zero', 'of=/tmp/b', 'bs=1M', 'count=100']);
    expect(buffered.err).toMatch(/copied, 0\.0\d+ s, [\d.]+ GB\/s\n$/);
  });

  it('honours write_iops_device', () => {
    const { host } = lab();
    host.cgroupCreate('/docker/iops', (c) => (c.blkio.writeIops['8:0'] = 10));
    const shell = host.spawn({ ppid: 1, argv: ['bash'], prog: 'bash', cgroup: '/docker/iops' });
    const r = runAs(host, shell.pid, ['dd', 'if=/dev/zero', 'of=/tmp/t', 'bs=1k', 'count=100', 'oflag=direct']);
    expect(r.err).toContain('102400 bytes (102 kB) copied, 10.0033 s, 10.2 kB/s\n');
  });
});
