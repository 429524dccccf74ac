/** Image root filesystems: the top-level tree, account files and usr-merge links a reader sees. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

function out(line: string): string {
  const lab = createLab('docker', { seed: 1 });
  lab.run('docker pull centos:7 >/dev/null; docker pull centos >/dev/null; docker pull ubuntu >/dev/null; docker pull busybox >/dev/null; docker pull alpine >/dev/null');
  return lab.run(line).output;
}

describe('image root filesystems', () => {
  it('centos:7 has the full top level, with the installer log', () => {
    expect(out('docker run --rm centos:7 ls /').split('\n').join(' ')).toBe('anaconda-post.log bin dev etc home lib lib64 media mnt opt proc root run sbin srv sys tmp usr var ');
  });

  it('lib, lib64 and sbin are links into /usr and /root is dr-xr-x---', () => {
    const lines = out('docker run --rm centos:7 ls -l /').split('\n');
    expect(lines.find((l) => l.endsWith(' lib64 -> usr/lib64'))).toMatch(/^lrwxrwxrwx\. 1 root root +9 /);
    expect(lines.find((l) => l.endsWith(' root'))).toMatch(/^dr-xr-x---\. 2 root root/);
  });

  it('ubuntu sorts in the C locale (no LANG in a container)', () => {
    expect(out('docker run --rm ubuntu ls /').split('\n').slice(0, 9).join(' ')).toBe('bin bin.usr-is-merged boot dev etc home lib lib.usr-is-merged lib64');
  });

  it('busybox and alpine trees and account files', () => {
    expect(out('docker run --rm busybox ls /').split('\n').join(' ')).toBe('bin dev etc home lib lib64 proc root sys tmp usr var ');
    expect(out('docker run --rm alpine ls /').split('\n').join(' ')).toBe('bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var ');
    expect(out('docker run --rm busybox id')).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  });

  it('useradd and id work in a centos container', () => {
    expect(out('docker run --rm centos:7 sh -c "useradd sxq; id sxq; head -1 /etc/passwd"')).toBe('uid=1000(sxq) gid=1000(sxq) groups=1000(sxq)\nroot:x:0:0:root:/root:/bin/bash\n');
  });
});
