/** docker push to Docker Hub: a layer is mounted from the Hub repository it was pulled from; a layer made locally is pushed. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('docker push to Docker Hub', () => {
  it('mounts pulled layers from their repository and pushes the built ones', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/d1', 'FROM centos:7\nRUN yum install -y httpd\n');
    lab.run('docker build -t http:v11 -f d1 /root');
    lab.run('docker tag http:v11 sxq/httpd:v11');
    lab.run('echo podbook | docker login -u sxq --password-stdin');
    const out = lab.run('docker push sxq/httpd:v11').output.split('\n');
    expect(out[1]).toMatch(/^[0-9a-f]{12}: Pushed $/);
    expect(out[2]).toMatch(/^[0-9a-f]{12}: Mounted from library\/centos $/);
  });
});
