/**
 * Restart policies, docker update on live cgroups, and the system commands whose layouts were
 * checked against the real 28.2.2 client driving this engine (system df, events).
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('restart policies', () => {
  it('restarts with --restart always until stopped, and on-failure up to its count', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name r1 --restart always busybox sh -c "exit 3"');
    lab.run('sleep 5');
    expect(lab.run('docker ps --format "{{.Names}} {{.State}}"').output).toBe('r1 restarting\n');
    lab.run('docker stop r1');
    expect(lab.run('docker ps -a --format "{{.Names}} {{.Status}}"').output).toMatch(/^r1 Exited \(3\) /);
    lab.run('docker run -d --name r2 --restart on-failure:2 busybox false');
    lab.run('sleep 10');
    expect(lab.run('docker inspect -f "{{.RestartCount}} {{.State.Status}}" r2').output).toBe('2 exited\n');
  });
});

describe('docker update', () => {
  it('changes the cgroup of a running container', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name s1 busybox sleep 1000');
    expect(lab.run('docker update --cpu-shares 512 -m 300M s1').output).toBe('s1\n');
    const id = lab.run('docker inspect -f "{{.Id}}" s1').output.trim();
    expect(lab.run(`cat /sys/fs/cgroup/cpu/docker/${id}/cpu.shares`).output).toBe('512\n');
    expect(lab.run(`cat /sys/fs/cgroup/memory/docker/${id}/memory.limit_in_bytes`).output).toBe('314572800\n');
  });
});

describe('system', () => {
  it('reports disk usage and events as the real client prints them', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name web httpd');
    lab.run('docker volume create v1');
    expect(lab.run('docker system df').output).toBe(
      'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          1         1         143MB     0B (0%)\nContainers      1         1         2B        0B (0%)\nLocal Volumes   1         0         0B        0B\nBuild Cache     0         0         0B        0B\n',
    );
    const events = lab.run('docker events --since 0 --until 1748854900 --filter type=container').output.split('\n');
    expect(events[0]).toMatch(/^2025-06-02T09:00:0\d\.\d{9}Z container create [0-9a-f]{64} \(image=httpd, name=web\)$/);
    expect(events[1]).toMatch(/ container start [0-9a-f]{64} \(image=httpd, name=web\)$/);
  });

  it('filters ps by status and name', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name up1 busybox sleep 100');
    lab.run('docker run --name done1 busybox true');
    expect(lab.run('docker ps -a --filter status=exited --format "{{.Names}}"').output).toBe('done1\n');
    expect(lab.run('docker ps -a -f name=up --format "{{.Names}}"').output).toBe('up1\n');
    expect(lab.run('docker ps --filter bogus=1').output).toBe("Error response from daemon: invalid filter 'bogus'\n");
  });
});

describe('blkio throttles', () => {
  it('writes device limits into the blkio cgroup and rejects bad rates as the client does', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name t1 --device-write-bps /dev/sda:1mb --device-read-iops /dev/sda:100 --blkio-weight 300 centos:7 sleep 1000');
    const id = lab.run('docker inspect -f "{{.Id}}" t1').output.trim();
    expect(lab.run(`cat /sys/fs/cgroup/blkio/docker/${id}/blkio.throttle.write_bps_device`).output).toBe('8:0 1048576\n');
    expect(lab.run(`cat /sys/fs/cgroup/blkio/docker/${id}/blkio.weight`).output).toBe('300\n');
    // Checked against the real client: a flag value error with the usage block, exit 125.
    expect(lab.run('docker run -d --device-read-iops /dev/sda:1k centos:7')).toMatchObject({
      exitCode: 125,
      output: 'invalid argument "/dev/sda:1k" for "--device-read-iops" flag: invalid rate for device: /dev/sda:1k. The correct format is <device-path>:<number>. Number must be a positive integer\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n',
    });
  });
});
