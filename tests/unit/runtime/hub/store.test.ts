/**
 * The simulated Docker Hub keeps what is pushed: a second push finds every layer there
 * (`Layer already exists`), and `docker pull user/repo` after `rmi` brings the image back.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function pushedLab() {
  const lab = createLab('docker', { seed: 1 });
  lab.run('docker run --name maker centos:7 touch /made-here');
  lab.run('docker commit maker mine:v1');
  lab.run('docker tag mine:v1 sxq/httpd:v11');
  lab.run('echo podbook | docker login -u sxq --password-stdin');
  return lab;
}

describe('docker push to the simulated Docker Hub', () => {
  it('pushes new layers, mounts known ones, then finds them all there', () => {
    const lab = pushedLab();
    const first = lab.run('docker push sxq/httpd:v11 > /root/p1.txt').exitCode;
    expect(first).toBe(0);
    const p1 = (lab.readFile('/root/p1.txt') ?? '').split('\n');
    expect(p1[0]).toBe('The push refers to repository [docker.io/sxq/httpd]');
    expect(p1.filter((l) => / Pushed$/.test(l))).toHaveLength(1);
    expect(p1.filter((l) => / Mounted from library\/centos$/.test(l))).toHaveLength(1);
    const again = lab.run('docker push sxq/httpd:v11 > /root/p2.txt');
    expect(again.exitCode).toBe(0);
    const p2 = (lab.readFile('/root/p2.txt') ?? '').split('\n');
    expect(p2.filter((l) => /^[0-9a-f]{12}: Layer already exists$/.test(l))).toHaveLength(2);
    expect(p2.at(-2)).toMatch(/^v11: digest: sha256:[0-9a-f]{64} size: \d+$/);
  });

  it('a pushed image can be pulled back after rmi', () => {
    const lab = pushedLab();
    lab.run('docker push sxq/httpd:v11');
    const id = lab.run("docker image inspect -f '{{.Id}}' sxq/httpd:v11").output;
    lab.run('docker rm maker');
    lab.run('docker rmi sxq/httpd:v11 mine:v1');
    expect(lab.run('docker image inspect sxq/httpd:v11').exitCode).toBe(1);
    const pull = lab.run('docker pull sxq/httpd:v11 > /root/pull.txt');
    expect(pull.exitCode).toBe(0);
    const lines = (lab.readFile('/root/pull.txt') ?? '').split('\n');
    expect(lines[0]).toBe('v11: Pulling from sxq/httpd');
    expect(lines.filter((l) => / Already exists$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / Pull complete$/.test(l))).toHaveLength(1);
    expect(lines).toContain('Status: Downloaded newer image for sxq/httpd:v11');
    expect(lab.run("docker image inspect -f '{{.Id}}' sxq/httpd:v11").output).toBe(id);
    // Its files came back with it.
    expect(lab.run('docker run --rm sxq/httpd:v11 ls /made-here').output).toBe('/made-here\n');
  });

  it('an unknown tag of a pushed repository is a missing manifest', () => {
    const lab = pushedLab();
    lab.run('docker push sxq/httpd:v11');
    expect(lab.run('docker pull sxq/httpd:v99').output).toBe('Error response from daemon: manifest for sxq/httpd:v99 not found: manifest unknown: manifest unknown\n');
  });
});

describe('docker push to a private registry', () => {
  it('says Layer already exists for blobs the registry has', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d -p 1000:5000 registry:2');
    lab.run('docker pull busybox');
    lab.run('docker tag busybox 127.0.0.1:1000/bb:v1');
    lab.run('docker tag busybox 127.0.0.1:1000/bb:v2');
    lab.run('docker push 127.0.0.1:1000/bb:v1');
    const out = lab.run('docker push 127.0.0.1:1000/bb:v2 > /root/p.txt');
    expect(out.exitCode).toBe(0);
    expect(lab.readFile('/root/p.txt')).toMatch(/^The push refers to repository \[127\.0\.0\.1:1000\/bb\]\n[0-9a-f]{12}: Preparing\n[0-9a-f]{12}: Layer already exists\nv2: digest: sha256:[0-9a-f]{64} size: \d+\n$/);
  });
});
