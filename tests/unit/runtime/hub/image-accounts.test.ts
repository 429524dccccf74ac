/**
 * The images' shadow files as their releases ship them (owners, modes, contents) and centos:7's
 * files dated by its 2020-11-13 build rather than the 2021 push.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

describe('image account files', () => {
  it('Debian (via httpd) and Ubuntu: root:shadow 0640 shadow and gshadow, locked accounts dated by the build', () => {
    const { run } = terminal();
    run('docker pull httpd && docker pull ubuntu');
    expect(run('docker run --rm httpd ls -l /etc/shadow /etc/gshadow').out).toMatch(/^-rw-r-----\. 1 root shadow 364 \w+ +\d+ +[\d:]+ \/etc\/gshadow\n-rw-r-----\. 1 root shadow 474 /);
    expect(run("docker run --rm httpd sh -c 'head -n 2 /etc/shadow; tail -n 1 /etc/shadow; head -n 1 /etc/gshadow; tail -n 1 /etc/gshadow'").out).toBe(
      'root:*:20220:0:99999:7:::\ndaemon:*:20220:0:99999:7:::\nnobody:*:20220:0:99999:7:::\nroot:*::\nnogroup:*::\n',
    );
    expect(run('docker run --rm ubuntu grep -h ^ubuntu: /etc/shadow /etc/gshadow').out).toBe('ubuntu:!:20237:0:99999:7:::\nubuntu:!::\n');
    expect(run('docker run --rm -u 1000 ubuntu cat /etc/shadow')).toEqual({ out: 'cat: /etc/shadow: Permission denied\n', code: 1 });
  });

  it('nginx adds its system account locked and without ageing', () => {
    const { run } = terminal();
    run('docker pull nginx');
    expect(run('docker run --rm nginx grep -h ^nginx: /etc/shadow /etc/gshadow').out).toBe('nginx:!:20194::::::\nnginx:!::\n');
  });

  it('Alpine: alpine-baselayout shadow, root:shadow 0640, no gshadow', () => {
    const { run } = terminal();
    run('docker pull alpine');
    expect(run('docker run --rm alpine ls -l /etc/shadow').out).toMatch(/^-rw-r----- +1 root +shadow +\d+ /);
    expect(run('docker run --rm alpine head -n 3 /etc/shadow').out).toBe('root:*::0:::::\nbin:!::0:::::\ndaemon:!::0:::::\n');
    expect(run('docker run --rm alpine ls /etc/gshadow')).toEqual({ out: 'ls: /etc/gshadow: No such file or directory\n', code: 1 });
  });
});

describe('centos:7 file dates', () => {
  it('carries its 2020-11-13 build on every image file; shadow files are mode 0000; /etc itself is the container\'s', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    const rows = run('docker run --rm centos:7 ls -l /etc').out.trimEnd().split('\n').slice(1);
    const dated = (name: string): string => (rows.find((r) => r.endsWith(` ${name}`) || r.includes(` ${name} -> `)) ?? '').split(/ +/).slice(5, 8).join(' ');
    for (const name of ['centos-release', 'group', 'passwd', 'shadow', 'os-release', 'skel']) expect(dated(name)).toBe('Nov 13 2020');
    expect(rows.find((r) => r.endsWith(' shadow'))).toMatch(/^----------\. 1 root root /);
    expect(run('docker run --rm centos:7 ls -l /anaconda-post.log').out).toBe('-rw-r--r--. 1 root root 0 Nov 13  2020 /anaconda-post.log\n');
    expect(run('docker run --rm centos:7 ls -ld /etc').out).toMatch(/ Jun {2}2 09:\d\d \/etc\n$/);
  });
});
