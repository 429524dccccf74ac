/** yum inside a container (a build's RUN step) installs into the container's root, not the host's. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

describe('yum in a container', () => {
  it('writes the package files into the image being built and leaves the host untouched', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/d1', 'FROM centos:7\nRUN yum install -y httpd\n');
    expect(lab.run('docker build -t web:v1 -f d1 /root').exitCode).toBe(0);
    expect(lab.run('ls /etc/httpd').output).toBe('ls: cannot access /etc/httpd: No such file or directory\n');
    expect(lab.run('docker run --rm web:v1 ls /etc/httpd')).toMatchObject({ output: 'conf\n', exitCode: 0 });
  });
});
