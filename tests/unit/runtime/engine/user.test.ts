import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function lab() {
  return createLab('docker', { seed: 1 });
}

describe('container user (--user, -u)', () => {
  it('runs as a passwd user by name or uid, with its primary group and home', () => {
    const l = lab();
    expect(l.run('docker run --rm -u ubuntu ubuntu id').output.split('\n').at(-2)).toBe('uid=1000(ubuntu) gid=1000(ubuntu) groups=1000(ubuntu)');
    expect(l.run('docker run --rm -u 1000 ubuntu id').output).toBe('uid=1000(ubuntu) gid=1000(ubuntu) groups=1000(ubuntu)\n');
    expect(l.run(`docker run --rm -u ubuntu ubuntu sh -c 'echo $HOME'`).output).toBe('/home/ubuntu\n');
  });

  it('takes a uid missing from passwd as it is, with group 0', () => {
    const l = lab();
    l.run('docker pull -q busybox');
    expect(l.run('docker run --rm -u 4242 busybox id').output).toBe('uid=4242 gid=0(root) groups=0(root)\n');
  });

  it('takes an explicit group by name or number', () => {
    const l = lab();
    l.run('docker pull -q ubuntu');
    expect(l.run('docker run --rm -u ubuntu:root ubuntu id').output).toBe('uid=1000(ubuntu) gid=0(root) groups=0(root)\n');
    expect(l.run('docker run --rm -u 0:65534 ubuntu id').output).toBe('uid=0(root) gid=65534(nogroup) groups=65534(nogroup)\n');
  });

  it('fails to start with runc\'s error for an unknown user, exit 125', () => {
    const l = lab();
    l.run('docker pull -q ubuntu');
    const r = l.run('docker run -u nosuch ubuntu id');
    expect(r.exitCode).toBe(125);
    expect(r.output.split('\n')[0]).toBe(
      'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: unable to find user nosuch: no matching entries in passwd file: unknown',
    );
    expect(l.run('docker run -u ubuntu:nosuch ubuntu id').output).toContain('unable to find group nosuch: no matching entries in group file');
  });

  it('docker exec -u runs as that user; an unknown one fails with exit 126', () => {
    const l = lab();
    l.run('docker run -d --name s1 ubuntu sleep 100');
    expect(l.run('docker exec -u ubuntu s1 id').output).toBe('uid=1000(ubuntu) gid=1000(ubuntu) groups=1000(ubuntu)\n');
    expect(l.run('docker exec s1 id -un').output).toBe('root\n');
    const r = l.run('docker exec -u ghost s1 id');
    expect(r).toMatchObject({ exitCode: 126, output: 'OCI runtime exec failed: exec failed: unable to start container process: unable to find user ghost: no matching entries in passwd file: unknown\n' });
  });

  it('id -un for a uid without a name fails as coreutils does', () => {
    const l = lab();
    l.run('docker pull -q busybox');
    expect(l.run('docker run --rm -u 4242 centos:7 id -un')).toMatchObject({ exitCode: 1 });
    expect(l.run('docker run --rm -u 4242 centos:7 id -un').output.endsWith('id: cannot find name for user ID 4242\n')).toBe(true);
  });
});
