/** The rpm database lives in each root's /var/lib/rpm: containers, images and the host each keep their own. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

const HTTPD = 'httpd-2.4.6-99.el7.centos.1.x86_64\n';

describe('rpm database per file system', () => {
  it('two containers from centos:7 each install httpd; the host stays without it', () => {
    const lab = createLab('docker', { seed: 1 });
    const first = lab.run('docker run --name c1 centos:7 yum install -y httpd');
    expect(first.exitCode).toBe(0);
    expect(first.output).toContain('Complete!');
    const second = lab.run('docker run --name c2 centos:7 yum install -y httpd');
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain('Install  1 Package (+4 Dependent packages)');
    expect(second.output).not.toContain('already installed');
    expect(lab.run('rpm -q httpd')).toMatchObject({ output: 'package httpd is not installed\n', exitCode: 1 });
    expect(lab.run('docker run --rm centos:7 rpm -q httpd')).toMatchObject({ output: 'package httpd is not installed\n', exitCode: 1 });
    expect(lab.run('docker run --rm centos:7 rpm -q bash').output).toBe('bash-4.2.46-34.el7.x86_64\n');
  });

  it('docker diff shows the database change and a committed image keeps httpd installed', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker run --name c1 centos:7 yum install -y httpd').exitCode).toBe(0);
    const diff = lab.run('docker diff c1').output.split('\n');
    expect(diff).toContain('C /var/lib/rpm');
    expect(diff).toContain('C /var/lib/rpm/Packages');
    expect(lab.run('docker commit c1 web:rpm').exitCode).toBe(0);
    expect(lab.run('docker run --rm web:rpm rpm -q httpd')).toMatchObject({ output: HTTPD, exitCode: 0 });
    expect(lab.run('docker run --rm web:rpm yum install -y httpd').output).toContain('already installed and latest version\nNothing to do\n');
  });

  it('a second build installing httpd does the work again and the image carries it', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/d1', 'FROM centos:7\nRUN yum install -y httpd\n');
    lab.writeFile('/root/d2', 'FROM centos:7\nRUN yum install -y httpd && echo two\n');
    expect(lab.run('docker build -t web:v1 -f d1 /root').exitCode).toBe(0);
    const second = lab.run('docker build --progress=plain -t web:v2 -f d2 /root');
    expect(second.exitCode).toBe(0);
    expect(second.output).not.toContain('already installed');
    expect(lab.run('docker run --rm web:v2 rpm -q httpd').output).toBe(HTTPD);
    expect(lab.run('rpm -q httpd').exitCode).toBe(1);
  });

  it('the classic builder installs again in a second build, and yum remove updates the container database', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/d1', 'FROM centos:7\nRUN yum install -y httpd\n');
    lab.writeFile('/root/d2', 'FROM centos:7\nRUN yum install -y httpd wget\n');
    expect(lab.run('DOCKER_BUILDKIT=0 docker build -t a:1 -f d1 /root').exitCode).toBe(0);
    const second = lab.run('DOCKER_BUILDKIT=0 docker build -t a:2 -f d2 /root').output;
    expect(second).toContain('Install  2 Packages (+4 Dependent packages)');
    expect(lab.run('docker run --rm a:2 rpm -q wget httpd').output).toBe(`wget-1.14-18.el7_6.1.x86_64\n${HTTPD}`);
    expect(lab.run('docker run --name r1 a:1 yum remove -y httpd').exitCode).toBe(0);
    expect(lab.run('docker diff r1').output).toContain('C /var/lib/rpm/Packages\n');
    lab.run('docker commit r1 a:3');
    expect(lab.run('docker run --rm a:3 rpm -q httpd apr')).toMatchObject({ output: 'package httpd is not installed\napr-1.4.8-7.el7.x86_64\n', exitCode: 1 });
    expect(lab.run('docker run --rm a:1 rpm -q httpd').output).toBe(HTTPD);
  });

  it('the database file has a deterministic, page-sized length', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull centos:7');
    const before = lab.run('docker run --rm centos:7 ls -l /var/lib/rpm/Packages').output;
    expect(before).toMatch(/^-rw-r--r--\. 1 root root \d+ .* \/var\/lib\/rpm\/Packages\n$/);
    const size = Number(before.split(/\s+/)[4]);
    expect(size % 4096).toBe(0);
    expect(lab.run('ls /var/lib/rpm').output).toBe('Packages\n');
  });
});
