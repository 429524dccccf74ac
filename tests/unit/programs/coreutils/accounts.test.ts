/** The CentOS 7.9 account files of the lab host and the centos:7 image, and the tools that edit them. */
import { describe, expect, it } from 'vitest';
import { centos7Accounts } from '../../../../simulator/programs/coreutils/accounts.ts';
import { terminal } from '../shell/helpers.ts';

describe('CentOS 7.9 accounts', () => {
  it('the minimal install has setup, systemd, dbus, polkit, sshd, postfix and chrony accounts', () => {
    const files = centos7Accounts(true, 20241);
    const names = files['/etc/passwd'].split('\n').filter(Boolean).map((l) => l.split(':')[0]);
    expect(names).toEqual(['root', 'bin', 'daemon', 'adm', 'lp', 'sync', 'shutdown', 'halt', 'mail', 'operator', 'games', 'ftp', 'nobody', 'systemd-network', 'dbus', 'polkitd', 'sshd', 'postfix', 'chrony']);
    expect(files['/etc/passwd']).toContain('polkitd:x:999:998:User for polkitd:/:/sbin/nologin\n');
    expect(files['/etc/group']).toContain('wheel:x:10:\n');
    expect(files['/etc/group']).toContain('mail:x:12:postfix\n');
    expect(files['/etc/group'].endsWith('input:x:999:\nsystemd-journal:x:190:\nsystemd-network:x:192:\ndbus:x:81:\npolkitd:x:998:\nssh_keys:x:997:\nsshd:x:74:\npostdrop:x:90:\npostfix:x:89:\nchrony:x:996:\n')).toBe(true);
    expect(files['/etc/shadow']).toContain('bin:*:18353:0:99999:7:::\n');
    expect(files['/etc/shadow']).toContain('chrony:!!:20241::::::\n');
    expect(files['/etc/gshadow']).toContain('wheel:::\ncdrom:::\nmail:::postfix\n');
    expect(files['/etc/gshadow']).toContain('utmp:!::\n');
  });

  it('the centos:7 image has only setup, systemd and dbus accounts and a locked root', () => {
    const files = centos7Accounts(false, 18579);
    expect(files['/etc/passwd'].split('\n').filter(Boolean)).toHaveLength(15);
    expect(files['/etc/passwd'].endsWith('dbus:x:81:81:System message bus:/:/sbin/nologin\n')).toBe(true);
    expect(files['/etc/shadow'].startsWith('root:!locked::0:99999:7:::\n')).toBe(true);
    expect(files['/etc/group']).toContain('mail:x:12:\n');
    expect(files['/etc/group']).not.toContain('chrony');
  });

  it('useradd takes uid 1000, useradd -r counts down below chrony, usermod -aG wheel edits group and gshadow', () => {
    const { run } = terminal();
    expect(run('useradd dev && id dev').out).toBe('uid=1000(dev) gid=1000(dev) groups=1000(dev)\n');
    expect(run('usermod -aG wheel dev && id dev').out).toBe('uid=1000(dev) gid=1000(dev) groups=1000(dev),10(wheel)\n');
    expect(run("grep -E '^(wheel|dev):' /etc/group /etc/gshadow").out).toBe('/etc/group:wheel:x:10:dev\n/etc/group:dev:x:1000:\n/etc/gshadow:wheel:::dev\n/etc/gshadow:dev:!::\n');
    // uid 997 is free, gid 997 is ssh_keys', so the group takes the highest free system gid (995 is docker's).
    expect(run('useradd -r svc && grep ^svc: /etc/passwd /etc/shadow').out).toBe('/etc/passwd:svc:x:997:994::/home/svc:/bin/bash\n/etc/shadow:svc:!!:20241::::::\n');
    expect(run('ls -l /etc/shadow /etc/gshadow').out).toMatch(/^----------\. 1 root root +\d+ \w+ +\d+ \d\d:\d\d \/etc\/gshadow\n----------\. 1 root root/);
  });

  it('groups and getent read the same files', () => {
    const { run } = terminal();
    run('useradd dev && usermod -aG wheel dev');
    expect(run('groups dev; groups')).toEqual({ out: 'dev : dev wheel\nroot\n', code: 0 });
    expect(run('groups ghost')).toEqual({ out: 'groups: ghost: no such user\n', code: 1 });
    expect(run('getent passwd dev; getent group 10')).toEqual({ out: 'dev:x:1000:1000::/home/dev:/bin/bash\nwheel:x:10:dev\n', code: 0 });
    expect(run('getent passwd nosuch')).toEqual({ out: '', code: 2 });
    expect(run('getent hosts localhost')).toEqual({ out: '::1             localhost localhost.localdomain localhost6 localhost6.localdomain6\n', code: 0 });
    expect(run('getent')).toEqual({ out: "getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more information.\n", code: 1 });
    expect(run('getent foo')).toEqual({ out: "Unknown database: foo\nTry `getent --help' or `getent --usage' for more information.\n", code: 1 });
  });

  it("yum install httpd adds the apache account its scriptlet makes, once", () => {
    const { run } = terminal();
    run('yum install -y httpd');
    expect(run('grep -h ^apache: /etc/passwd /etc/group /etc/shadow /etc/gshadow').out).toBe('apache:x:48:48:Apache:/usr/share/httpd:/sbin/nologin\napache:x:48:\napache:!!:20241::::::\napache:!::\n');
    expect(run('id apache').out).toBe('uid=48(apache) gid=48(apache) groups=48(apache)\n');
  });

  it("images carry their distribution's accounts and what their builds added (nginx's user 101)", () => {
    const { run } = terminal();
    run('docker pull nginx && docker pull centos:7 && docker pull busybox');
    expect(run('docker run --rm nginx id nginx').out).toBe('uid=101(nginx) gid=101(nginx) groups=101(nginx)\n');
    expect(run('docker run --rm centos:7 id dbus').out).toBe('uid=81(dbus) gid=81(dbus) groups=81(dbus)\n');
    expect(run('docker run --rm centos:7 id chrony')).toEqual({ out: 'id: chrony: no such user\n', code: 1 });
    expect(run('docker run --rm busybox id nobody').out).toBe('uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n');
  });
});
