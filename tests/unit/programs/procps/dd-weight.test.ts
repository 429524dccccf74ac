/**
 * Two `dd` writers in containers with --blkio-weight 100 and 1000: under the CFQ elevator they
 * share the disk about 1:10 while both run (blkio counters and docker stats show it), each dd
 * reports its own time when done; under CentOS 7's default deadline the weights change nothing.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

const DD = 'dd if=/dev/zero of=/out bs=1M count=1600 oflag=direct';

/** Bytes each of light and heavy wrote during 4 s, read from their blkio counters in one command line. */
function during4s(run: (l: string) => { out: string }): [number, number] {
  const file = (name: string): string => `/sys/fs/cgroup/blkio/docker/$(docker inspect -f '{{.Id}}' ${name})/blkio.throttle.io_service_bytes`;
  run(`L=${file('light')}; H=${file('heavy')}; echo "$L $H" > /tmp/files`);
  const out = run('cat $(cat /tmp/files) | grep Write; sleep 4; cat $(cat /tmp/files) | grep Write').out;
  const [a0, b0, a1, b1] = [...out.matchAll(/8:0 Write (\d+)/g)].map((m) => Number(m[1])) as [number, number, number, number];
  return [a1 - a0, b1 - b0];
}

describe('blkio weight with dd', () => {
  it('gives weight 1000 ten times the bandwidth of weight 100 under cfq', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    expect(run('cat /sys/block/sda/queue/scheduler').out).toBe('noop [deadline] cfq\n');
    run('echo cfq > /sys/block/sda/queue/scheduler');
    run(`docker run -d --name light --blkio-weight 100 centos:7 ${DD}`);
    run(`docker run -d --name heavy --blkio-weight 1000 centos:7 ${DD}`);
    const [a, b] = during4s(run);
    expect(a + b).toBeCloseTo(4 * 160 * 1024 * 1024, -4);
    expect(b / a).toBeGreaterThan(9.9);
    expect(b / a).toBeLessThan(10.1);
    run('sleep 30');
    expect(run('docker logs heavy').out).toMatch(/^1600\+0 records in\n1600\+0 records out\n1677721600 bytes \(1\.7 GB\) copied, 11\.\d+ s, 15\d MB\/s\n$/);
    expect(run('docker inspect -f "{{.State.Status}} {{.State.ExitCode}}" light').out).toBe('exited 0\n');
  });

  it('shares equally under deadline whatever the weights', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    run(`docker run -d --name light --blkio-weight 100 centos:7 ${DD}`);
    run(`docker run -d --name heavy --blkio-weight 1000 centos:7 ${DD}`);
    const [a, b] = during4s(run);
    expect(a).toBe(b);
  });

  it('still prints the single-writer throttled time at a terminal', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    run('docker run -dit --name io --device-write-bps /dev/sda:30MB centos:7');
    expect(run('docker exec io dd if=/dev/zero of=test.out bs=1M count=800 oflag=direct').out).toBe('800+0 records in\n800+0 records out\n838860800 bytes (839 MB) copied, 26.6784 s, 31.4 MB/s\n');
  });
});
