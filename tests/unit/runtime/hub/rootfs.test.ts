/**
 * The centos:7 image's release files as the centos-release 7-9.2009 package lays them out:
 * centos-release (with the trailing space its spec writes), redhat-release and system-release
 * linking to it, the CPE name, and /etc/os-release linking to /usr/lib/os-release.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function centos(line: string): string {
  const lab = createLab('docker', { seed: 1 });
  lab.run('docker pull centos:7');
  return lab.run(`docker run --rm centos:7 ${line}`).output;
}

describe('centos:7 release files', () => {
  it('lists the release files and links ls -l /etc/*release* shows', () => {
    const rows = centos('sh -c "ls -l /etc/*release*"').trimEnd().split('\n').map((l) => {
      const f = l.split(/ +/);
      return [f[0], f[4], ...f.slice(8)].join(' ');
    });
    expect(rows).toEqual([
      '-rw-r--r--. 38 /etc/centos-release',
      'lrwxrwxrwx. 21 /etc/os-release -> ../usr/lib/os-release',
      'lrwxrwxrwx. 14 /etc/redhat-release -> centos-release',
      'lrwxrwxrwx. 14 /etc/system-release -> centos-release',
      '-rw-r--r--. 23 /etc/system-release-cpe',
    ]);
  });

  it('reads the release through each name', () => {
    expect(centos('cat /etc/redhat-release /etc/system-release /etc/system-release-cpe')).toBe('CentOS Linux release 7.9.2009 (Core) \nCentOS Linux release 7.9.2009 (Core) \ncpe:/o:centos:centos:7\n');
  });

  it('carries the whole os-release under /usr/lib', () => {
    expect(centos('cat /etc/os-release')).toBe(
      'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:centos:centos:7"\nHOME_URL="https://www.centos.org/"\nBUG_REPORT_URL="https://bugs.centos.org/"\n\nCENTOS_MANTISBT_PROJECT="CentOS-7"\nCENTOS_MANTISBT_PROJECT_VERSION="7"\nREDHAT_SUPPORT_PRODUCT="centos"\nREDHAT_SUPPORT_PRODUCT_VERSION="7"\n\n',
    );
    expect(centos('ls -l /usr/lib/os-release').split(/ +/)[4]).toBe('393');
  });

  it('keeps sh as bash there (the dialect reads os-release through its link)', () => {
    expect(centos('sh -c "echo \\$BASH_VERSION"')).toMatch(/^4\.2\./);
  });
});
