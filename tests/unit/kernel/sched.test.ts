import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.ts';

function hog(host: ReturnType<typeof freshHost>, cgroup: string) {
  const p = host.spawn({ ppid: 1, argv: ['stress', '--cpu', '1'], prog: 'stress', cgroup });
  host.setDemand(p.pid, 1);
  return p;
}

describe('the CPU scheduler', () => {
  it('splits one core 20/80 between cpu.shares 512 and 2048', () => {
    const host = freshHost();
    host.cgroupCreate('/docker/a', (c) => ((c.cpu.shares = 512), (c.cpuset.cpus = '0')));
    host.cgroupCreate('/docker/b', (c) => ((c.cpu.shares = 2048), (c.cpuset.cpus = '0')));
    const a = hog(host, '/docker/a');
    const b = hog(host, '/docker/b');
    host.world.advance(10_000);
    expect(host.cpuRate(a.pid)).toBeCloseTo(0.2, 6);
    expect(host.cpuRate(b.pid)).toBeCloseTo(0.8, 6);
    expect(host.proc(a.pid)?.cpuMs).toBeCloseTo(2000, 3);
    expect(host.cgroupCpuUsageNs('/docker/b')).toBe(8_000_000_000);
    expect(host.fs.readFile('/sys/fs/cgroup/cpuacct/docker/b/cpuacct.usage_percpu')).toBe('8000000000 0 \n');
  });

  it('gives two hogs on two free cores a full core each, whatever their shares', () => {
    const host = freshHost();
    host.cgroupCreate('/docker/a', (c) => (c.cpu.shares = 512));
    host.cgroupCreate('/docker/b', (c) => (c.cpu.shares = 2048));
    const a = hog(host, '/docker/a');
    const b = hog(host, '/docker/b');
    expect(host.cpuRate(a.pid)).toBe(1);
    expect(host.cpuRate(b.pid)).toBe(1);
  });

  it('caps a cgroup at cfs_quota_us/cfs_period_us and gives the rest to others', () => {
    const host = freshHost();
    host.cgroupCreate('/docker/q', (c) => ((c.cpu.quotaUs = 25000), (c.cpuset.cpus = '0')));
    host.cgroupCreate('/docker/o', (c) => (c.cpuset.cpus = '0'));
    const q = hog(host, '/docker/q');
    const o = hog(host, '/docker/o');
    expect(host.cpuRate(q.pid)).toBeCloseTo(0.25, 9);
    expect(host.cpuRate(o.pid)).toBeCloseTo(0.75, 9);
    host.world.advance(1000);
    host.settle();
    expect(host.cgroup('/docker/q')?.cpu.nrPeriods).toBe(10);
    expect(host.cgroup('/docker/q')?.cpu.nrThrottled).toBe(10);
  });

  it('writing cpu.shares through /sys/fs/cgroup changes the split at once', () => {
    const host = freshHost();
    host.cgroupCreate('/docker/a', (c) => (c.cpuset.cpus = '0'));
    host.cgroupCreate('/docker/b', (c) => (c.cpuset.cpus = '0'));
    const a = hog(host, '/docker/a');
    hog(host, '/docker/b');
    expect(host.cpuRate(a.pid)).toBeCloseTo(0.5, 9);
    host.fs.writeFile('/sys/fs/cgroup/cpu/docker/a/cpu.shares', '3072\n');
    expect(host.cpuRate(a.pid)).toBeCloseTo(0.75, 9);
    expect(host.fs.readFile('/sys/fs/cgroup/cpu,cpuacct/docker/a/cpu.shares')).toBe('3072\n');
  });

  it('finishes finite work at the fair-share pace and runs the exit path', () => {
    const host = freshHost();
    const p = host.spawn({ ppid: 1, argv: ['perl'], prog: 'perl' });
    const elapsed = host.burnCpu(p.pid, 1500);
    expect(elapsed).toBe(1500);
    expect(host.proc(p.pid)?.cpuMs).toBeCloseTo(1500, 6);
    const q = host.spawn({ ppid: 1, argv: ['perl'], prog: 'perl' });
    host.startWork(q.pid, 300);
    host.world.advance(299);
    expect(host.proc(q.pid)).toBeDefined();
    host.world.advance(1);
    expect(host.proc(q.pid)).toBeUndefined();
  });

  it('keeps a load average in the kernel fixed point', () => {
    const host = freshHost();
    hog(host, '/');
    host.world.advance(60_000);
    expect(host.fs.readFile('/proc/loadavg')).toMatch(/^0\.6\d 0\.1\d 0\.0\d /);
  });
});

describe('memory cgroups', () => {
  it('swaps past memory.limit while memsw allows, then OOM-kills with 137', () => {
    const host = freshHost();
    host.cgroupCreate('/docker/m', (c) => ((c.memory.limit = 400 * 2 ** 20), (c.memory.memswLimit = 450 * 2 ** 20)));
    const p = host.spawn({ ppid: 1, argv: ['stress'], prog: 'stress', cgroup: '/docker/m' });
    expect(host.setMemory(p.pid, 420 * 2 ** 20)).toBe('ok');
    expect(host.cgroupMemory('/docker/m').usage).toBeLessThanOrEqual(400 * 2 ** 20);
    expect(host.cgroupMemory('/docker/m').swap).toBeGreaterThan(0);
    expect(host.setMemory(p.pid, 500 * 2 ** 20)).toBe('oom');
    expect(host.proc(p.pid)).toBeUndefined();
    expect(host.cgroup('/docker/m')?.memory.oomKills).toBe(1);
    expect(host.fs.readFile('/sys/fs/cgroup/memory/docker/m/memory.failcnt')).not.toBe('0\n');
    expect(host.fs.readFile('/sys/fs/cgroup/memory/docker/m/memory.limit_in_bytes')).toBe('419430400\n');
    expect(host.fs.readFile('/sys/fs/cgroup/memory/memory.limit_in_bytes')).toBe('9223372036854771712\n');
  });
});

describe('cgroup files from the shell', () => {
  it('echo N > cpu.shares sets the weight; bad values are refused; mkdir/rmdir make and remove cgroups', async () => {
    const { createLab } = await import('../../../simulator/index.ts');
    const lab = createLab('docker');
    lab.run('mkdir /sys/fs/cgroup/cpu/test');
    expect(lab.run('echo 512 > /sys/fs/cgroup/cpu/test/cpu.shares').exitCode).toBe(0);
    expect(lab.run('cat /sys/fs/cgroup/cpu,cpuacct/test/cpu.shares').output).toBe('512\n');
    expect(lab.run('echo abc > /sys/fs/cgroup/cpu/test/cpu.shares').output).toContain('Invalid argument');
    expect(lab.run('cat /sys/fs/cgroup/cpu/test/cpu.shares').output).toBe('512\n');
    expect(lab.run('cat /sys/fs/cgroup/cpu/test/cpu.cfs_period_us /sys/fs/cgroup/cpu/test/cpu.cfs_quota_us').output).toBe('100000\n-1\n');
    expect(lab.run('echo $$ > /sys/fs/cgroup/cpu/test/tasks').exitCode).toBe(0);
    expect(lab.run('rmdir /sys/fs/cgroup/cpu/test').exitCode).not.toBe(0);
    expect(lab.run('cat /proc/self/cgroup').output).toContain('2:cpuacct,cpu:/test\n');
  });
});
