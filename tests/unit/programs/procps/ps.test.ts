import { describe, expect, it } from 'vitest';
import { lab, runAs } from './helpers.ts';

describe('ps', () => {
  it('prints the default, -ef, aux and axf formats of procps-ng 3.3.10', () => {
    const { lab: l } = lab();
    expect(l.run('ps').output).toBe('  PID TTY          TIME CMD\n 1002 pts/0    00:00:00 bash\n 1003 pts/0    00:00:00 ps\n');
    expect(l.run('ps -ef').output.split('\n')[0]).toBe('UID        PID  PPID  C STIME TTY          TIME CMD');
    expect(l.run('ps -ef').output).toContain('root         1     0  0 08:55 ?        00:00:00 /usr/lib/systemd/systemd --switched-root --system --deserialize 22\n');
    const aux = l.run('ps aux').output.split('\n');
    expect(aux[0]).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    // containerd (1000) and dockerd (1001) start with the host; root's login shell is next.
    expect(aux.find((l) => l.endsWith(' -bash'))).toMatch(/^root {6}1002 {2}0\.0 {2}0\.0 115548 {2}1960 pts\/0 {4}Ss {3}09:00 {3}0:00 -bash$/);
    const axf = l.run('ps axf').output;
    expect(axf).toContain(' 1002 pts/0    Ss     0:00  \\_ -bash\n');
    expect(axf).toMatch(/ pts\/0 {4}R\+ {5}0:00 {6}\\_ ps axf\n$/);
  });

  it('supports -o with renamed headers and -p selection, and rejects bad options', () => {
    const { lab: l } = lab();
    expect(l.run('ps -o pid,comm -p 1').output).toBe('  PID COMMAND\n    1 systemd\n');
    expect(l.run('ps -o pid= -p 1').output).toBe('    1\n');
    const bad = l.run('ps -Z');
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/^error: unsupported SysV option\n\nUsage:\n ps \[options\]\n/);
    expect(l.run('ps -p 4242').exitCode).toBe(1);
  });

  it('shows a container its own PID namespace with pid 1', () => {
    const { host } = lab();
    const pidNs = host.createNamespace('pid', { creator: 1 });
    const mnt = host.createNamespace('mnt', { creator: 1 });
    host.mount(mnt, '/proc', { kind: 'proc', pidNs }, { fstype: 'proc', device: 'proc' });
    const init = host.spawn({ ppid: 1, argv: ['/bin/bash'], prog: 'bash', tty: 'pts/0', ns: { pid: pidNs, mnt } });
    const r = runAs(host, init.pid, ['ps', 'axf']);
    expect(r.out).toBe('  PID TTY      STAT   TIME COMMAND\n    1 pts/0    Ss     0:00 /bin/bash\n    2 pts/0    R+     0:00  \\_ ps axf\n');
    // From the host the same process has a host pid under the host's tree.
    const hostView = runAs(host, 1, ['ps', '-o', 'pid,args', '-p', String(init.pid)]);
    expect(hostView.out).toBe(`  PID COMMAND\n ${init.pid} /bin/bash\n`);
  });
});

describe('top -b -n1', () => {
  it('prints the 3.3.10 summary and %CPU from the scheduler (512 vs 2048 shares on one core)', () => {
    const { host } = lab();
    for (const [id, shares] of [['a', 512], ['b', 2048]] as const) {
      host.cgroupCreate(`/docker/${id}`, (c) => ((c.cpu.shares = shares), (c.cpuset.cpus = '0')));
      const main = host.spawn({ ppid: 1, argv: ['stress', '--cpu', '1'], prog: 'stress', cgroup: `/docker/${id}` });
      runAs(host, main.pid, ['stress', '--cpu', '1']);
    }
    host.world.advance(60_000);
    const r = runAs(host, 1, ['top', '-b', '-n', '1']);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^top - 09:01:00 up 6 min, {2}0 users, {2}load average: \d\.\d\d, \d\.\d\d, \d\.\d\d$/);
    expect(lines[2]).toBe('%Cpu(s): 50.0 us,  0.0 sy,  0.0 ni, 50.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st');
    expect(lines[3]).toMatch(/^KiB Mem : {2}3880452 total, +\d+ free, +\d+ used, +\d+ buff\/cache$/);
    expect(lines[4]).toMatch(/^KiB Swap: {2}2097148 total, {2}2097148 free, {8}0 used\. +\d+ avail Mem $/);
    expect(lines[6]).toBe('  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND');
    expect(lines[7]).toMatch(/ R {2}80\.0 {2}0\.0 {3}0:48\.00 stress$/);
    expect(lines[8]).toMatch(/ R {2}20\.0 {2}0\.0 {3}0:12\.00 stress$/);
  });
});

describe('kill, pkill, pstree', () => {
  it('kill sends signals by name and number with util-linux messages', () => {
    const { lab: l, host } = lab();
    const p = host.spawn({ ppid: 1, argv: ['sleep', '1000'], prog: 'sleep' });
    // /usr/bin/kill itself (at the prompt, `kill` is bash's builtin: kill-builtin.test.ts).
    expect(l.run(`/usr/bin/kill -s STOP ${p.pid}`).exitCode).toBe(0);
    expect(host.proc(p.pid)?.state).toBe('T');
    expect(l.run(`/usr/bin/kill -9 ${p.pid}`).exitCode).toBe(0);
    expect(host.proc(p.pid)).toBeUndefined();
    const r = l.run('/usr/bin/kill 4242');
    expect(r.output).toBe('kill: sending signal to 4242 failed: No such process\n');
    expect(r.exitCode).toBe(1);
    expect(l.run('/usr/bin/kill -l 9').output).toBe('KILL\n');
  });

  it('pkill matches names and reports whether it found any', () => {
    const { lab: l, host } = lab();
    host.spawn({ ppid: 1, argv: ['sleep', '1000'], prog: 'sleep' });
    expect(l.run('pgrep sleep').output).toMatch(/^\d+\n$/);
    expect(l.run('pkill sleep').exitCode).toBe(0);
    expect(l.run('pkill sleep').exitCode).toBe(1);
  });

  it('pstree draws branches and merges identical leaves', () => {
    const { lab: l, host } = lab();
    const shim = host.spawn({ ppid: 1, argv: ['containerd-shim'], prog: 'containerd-shim' });
    host.spawn({ ppid: shim.pid, argv: ['sleep', '1'], prog: 'sleep' });
    host.spawn({ ppid: shim.pid, argv: ['sleep', '1'], prog: 'sleep' });
    expect(l.run('pstree').output).toBe('systemd─┬─bash───pstree\n        ├─containerd\n        ├─containerd-shim───2*[sleep]\n        └─dockerd\n');
  });
});

describe('nsenter and unshare', () => {
  it('nsenter runs a command in the target namespaces, files and hostname included', () => {
    const { lab: l, host } = lab();
    const uts = host.createNamespace('uts', { hostname: 'hwhost' });
    const target = host.spawn({ ppid: 1, argv: ['sleep', '1000'], prog: 'sleep', ns: { uts } });
    expect(l.run(`nsenter -t ${target.pid} -u cat /proc/sys/kernel/hostname`).output).toBe('hwhost\n');
    expect(l.run('nsenter -t 4242 -u true').output).toBe('nsenter: cannot open /proc/4242/ns/uts: No such file or directory\n');
    expect(l.run('nsenter -u true').output).toBe('nsenter: neither filename nor target pid supplied for ns/uts\n');
  });

  it('unshare --fork --pid --mount-proc gives the command pid 1 and its own /proc', () => {
    const { lab: l } = lab();
    expect(l.run('unshare --fork --pid --mount-proc ps -o pid,args').output).toBe('  PID COMMAND\n    1 ps -o pid,args\n');
    expect(l.run('unshare -p true').exitCode).toBe(1);
  });
});
