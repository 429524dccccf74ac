/** Client-side formatting the real docker client applies to daemon answers: sorting, blank lines. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('docker volume ls', () => {
  it('lists volumes in natural order of their names, whatever the daemon’s order', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker volume create vol10; docker volume create mydata; docker volume create vol2');
    expect(lab.run('docker volume ls').output).toBe('DRIVER    VOLUME NAME\nlocal     mydata\nlocal     vol2\nlocal     vol10\n');
    expect(lab.run('docker volume ls -q').output).toBe('mydata\nvol2\nvol10\n');
  });
});

describe('docker network prune', () => {
  it('ends its report with a blank line, as the client prints it with Println', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker network create net1');
    expect(lab.run('docker network prune -f').output).toBe('Deleted Networks:\nnet1\n\n');
  });
});

describe('docker volume create', () => {
  it('sends no empty labels or options, so the volume has none (null), as the real client leaves them out', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker volume create webdata; docker volume create --label a=b -o type=tmpfs v2');
    expect(lab.run("docker volume inspect --format '{{json .Labels}} {{json .Options}}' webdata").output).toBe('null null\n');
    expect(lab.run("docker volume inspect --format '{{json .Labels}} {{json .Options}}' v2").output).toBe('{"a":"b"} {"type":"tmpfs"}\n');
  });
});

describe('docker build (classic builder)', () => {
  it('ends the context line with \\r\\r\\n in a pipe or file, as the client’s progress writer does', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.writeFile('/root/Dockerfile', 'FROM centos:7\nCMD ["true"]\n');
    lab.run('DOCKER_BUILDKIT=0 docker build -t x /root >/tmp/out 2>/dev/null');
    expect(lab.readFile('/tmp/out')?.split('Step 1/2')[0]).toBe('Sending build context to Docker daemon  2.048kB\r\r\n');
    expect(lab.run('DOCKER_BUILDKIT=0 docker build -t x /root 2>/dev/null').output.split('\n')[0]).toBe('Sending build context to Docker daemon  2.048kB');
  });
});

describe('docker start -a', () => {
  it('prints the output of this run and exits with the container’s status', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    lab.run("docker create --name three busybox sh -c 'echo x; exit 3'");
    expect(lab.run('docker start -a three')).toMatchObject({ output: 'x\n', exitCode: 3 });
    expect(lab.run('docker start -a three')).toMatchObject({ output: 'x\n', exitCode: 3 });
    expect(lab.run('docker start -a three ghost')).toMatchObject({ output: 'you cannot start and attach multiple containers at once\n', exitCode: 1 });
  });
});
