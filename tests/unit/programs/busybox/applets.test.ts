/** busybox applets in the busybox images speak busybox, not GNU: ls, cat, ps, ip, wget. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

function lab() {
  const t = terminal();
  t.run('docker pull busybox && docker pull busybox:1.28.3 && docker pull nginx');
  return t;
}

describe('busybox applets', () => {
  it('ls: errors, long format, columns', () => {
    const { run } = lab();
    expect(run('docker run --rm busybox ls /x')).toEqual({ out: 'ls: /x: No such file or directory\n', code: 1 });
    expect(run('docker run --rm busybox ls -l /etc/passwd /etc/mtab').out).toBe('lrwxrwxrwx    1 root     root            12 Jun  2 09:00 /etc/mtab -> /proc/mounts\n-rw-r--r--    1 root     root           340 Sep 26  2024 /etc/passwd\n');
    expect(run('docker run --rm -t busybox ls /').out).toBe('bin    etc    lib    proc   sys    usr\ndev    home   lib64  root   tmp    var\n');
    expect(run('docker run --rm busybox busybox ls /nope')).toEqual({ out: 'ls: /nope: No such file or directory\n', code: 1 });
  });

  it('cat and ps', () => {
    const { run } = lab();
    expect(run('docker run --rm busybox cat /x /etc/hostname /tmp').out).toMatch(/^cat: can't open '\/x': No such file or directory\n[0-9a-f]{12}\ncat: read error: Is a directory\n$/);
    expect(run('docker run --rm busybox ps')).toEqual({ out: 'PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n', code: 0 });
  });

  it('the images carry buildroot account files, 1.28.3 included', () => {
    const { run } = lab();
    expect(run('docker run --rm busybox:1.28.3 cat /etc/passwd').out.split('\n')).toHaveLength(10);
    expect(run('docker run --rm busybox grep ^sync /etc/passwd').out).toBe('sync:x:4:100:sync:/bin:/bin/sync\n');
    expect(run('docker run --rm busybox head -1 /etc/shadow').out).toBe('root:*:::::::\n');
  });

  it('ip: no group/state/netnsid, M-DOWN for a peer in another namespace, no IPv6 link-local on eth0', () => {
    const { run } = lab();
    const out = run('docker run --rm busybox ip addr').out;
    expect(out).toContain('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n');
    expect(out).toMatch(/\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n {4}link\/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff\n {4}inet 172\.17\.0\.2\/16 brd 172\.17\.255\.255 scope global eth0\n {7}valid_lft forever preferred_lft forever\n$/);
  });

  it('wget: connecting, saving, progress, saved; -O -; refuses to overwrite; errors', () => {
    const { run } = lab();
    run('docker run -d nginx');
    expect(run('docker run --rm busybox wget http://172.17.0.2/')).toEqual({
      out: "Connecting to 172.17.0.2 (172.17.0.2:80)\nsaving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n",
      code: 0,
    });
    expect(run('docker run --rm busybox wget -O - http://172.17.0.2/ 2>&1 >/dev/null')).toEqual({
      out: 'Connecting to 172.17.0.2 (172.17.0.2:80)\nwriting to stdout\n-                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n',
      code: 0,
    });
    expect(run("docker run --rm busybox sh -c 'wget -q http://172.17.0.2/ && wget -q http://172.17.0.2/'")).toEqual({ out: "wget: can't open 'index.html': File exists\n", code: 1 });
    expect(run('docker run --rm busybox wget -q http://172.17.0.2/nope')).toEqual({ out: 'wget: server returned error: HTTP/1.1 404 Not Found\n', code: 1 });
    expect(run('docker run --rm busybox wget -q http://172.17.0.2:81/')).toEqual({ out: "wget: can't connect to remote host (172.17.0.2): Connection refused\n", code: 1 });
    expect(run('docker run --rm busybox wget http://172.17.0.2:81/')).toEqual({ out: "Connecting to 172.17.0.2:81 (172.17.0.2:81)\nwget: can't connect to remote host (172.17.0.2): Connection refused\n", code: 1 });
  });
});

describe('busybox nslookup', () => {
  it('1.37 sends A and AAAA and prints each reply; 1.28.3 keeps its older layout', () => {
    const { run } = lab();
    run('docker network create n1 && docker run -d --name web1 --network n1 nginx');
    // Since 1.30 a dotless name is asked only with the search domain appended (the host's localdomain).
    expect(run('docker run --rm --network n1 busybox nslookup web1')).toEqual({ out: "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find web1.localdomain: NXDOMAIN\n\n** server can't find web1.localdomain: NXDOMAIN\n\n", code: 1 });
    expect(run('docker run --rm --network n1 --dns-search . busybox nslookup web1')).toEqual({ out: 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tweb1\nAddress: 172.18.0.2\n\nNon-authoritative answer:\n\n', code: 0 });
    expect(run('docker run --rm --network n1 --dns-search . busybox nslookup nosuch')).toEqual({ out: "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find nosuch: NXDOMAIN\n\n** server can't find nosuch: NXDOMAIN\n\n", code: 1 });
    expect(run('docker run --rm --network n1 busybox:1.28.3 nslookup web1').out).toBe('Server:    127.0.0.11\nAddress 1: 127.0.0.11\n\nName:      web1\nAddress 1: 172.18.0.2\n');
  });
});

describe('uname', () => {
  it('names the container (its UTS namespace); busybox leaves out the unknown processor and platform', () => {
    const { run } = lab();
    run('docker pull centos:7');
    expect(run('docker run --rm -h web centos:7 uname -n').out).toBe('web\n');
    expect(run('docker run --rm -h bb busybox uname -a').out).toBe('Linux bb 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 GNU/Linux\n');
    expect(run('docker run --rm busybox uname -p').out).toBe('unknown\n');
    expect(run('uname -a').out).toBe('Linux localhost 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n');
  });
});

describe('df', () => {
  it('busybox layout: 20-column device (longer ones on a line of their own), 9-wide numbers, its human sizes', () => {
    const { run } = lab();
    const out = run('docker run --rm busybox df -h').out.split('\n');
    expect(out[0]).toBe('Filesystem                Size      Used Available Use% Mounted on');
    expect(out[2]).toBe('tmpfs                    64.0M         0     64.0M   0% /dev');
    expect(out.slice(5, 7)).toEqual(['/dev/mapper/centos-root', '                         17.0G      1.4G     15.6G   8% /etc/resolv.conf']);
    expect(run('docker run --rm busybox df /dev').out).toBe('Filesystem           1K-blocks      Used Available Use% Mounted on\ntmpfs                    65536         0     65536   0% /dev\n');
  });
});

describe('stat', () => {
  it('busybox layout: the name unquoted, symlinks quoted with their target, no Birth line, its error wording', () => {
    const { run } = lab();
    const out = run('docker run --rm busybox stat /etc/passwd /etc/mtab /x').out;
    expect(out.startsWith('  File: /etc/passwd\n  Size: 340       \tBlocks: 8          IO Block: 4096   regular file\n')).toBe(true);
    expect(out).toContain("  File: '/etc/mtab' -> '/proc/mounts'\n");
    expect(out).not.toContain('Birth');
    expect(out.endsWith("stat: can't stat '/x': No such file or directory\n")).toBe(true);
  });
});

describe('file applets', () => {
  it("word their errors as libbb does", () => {
    const { run } = lab();
    expect(run('docker run --rm busybox sh -c "rm /x; rm /tmp; mkdir /tmp; cp /x /y; mv /x /y; head /x; wc /x; touch /a/b; chmod 600 /x"').out).toBe(
      "rm: can't remove '/x': No such file or directory\nrm: '/tmp' is a directory\nmkdir: can't create directory '/tmp': File exists\ncp: can't stat '/x': No such file or directory\nmv: can't rename '/x': No such file or directory\nhead: can't open '/x': No such file or directory\nwc: can't open '/x': No such file or directory\ntouch: /a/b: No such file or directory\nchmod: /x: No such file or directory\n",
    );
    expect(run('docker run --rm busybox sh -c "mkdir -p /a/b && touch /a/b/f && cp /a/b/f /a/g && wc -l /etc/passwd"')).toEqual({ out: '9 /etc/passwd\n', code: 0 });
  });
});

describe('alpine', () => {
  it("has busybox's applets where Alpine installs them, speaking busybox (ip with state, as musl defines IFF_DORMANT)", () => {
    const { run } = lab();
    run('docker pull alpine');
    expect(run('docker run --rm alpine id').out).toBe('uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n');
    expect(run('docker run --rm alpine ip link show lo').out).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
    expect(run('docker run --rm alpine ls /x')).toEqual({ out: 'ls: /x: No such file or directory\n', code: 1 });
  });
});
