/** A ping nobody waits on runs on the lab clock: an echo a second, for ever without -c, until SIGINT. */
import { describe, expect, it } from 'vitest';
import { createLab, restoreLab } from '../../../../simulator/index.ts';

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('64 bytes'));
}

describe('ping on the lab clock', () => {
  it('docker run -d returns at once; the echoes come a second apart, then the statistics', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull busybox');
    expect(lab.run('time docker run -d --name p1 busybox ping -c 5 172.17.0.1').output).toMatch(/\nreal\t0m0\.\d{3}s\n/);
    expect(lines(lab.run('docker logs p1').output).length).toBeLessThan(5);
    lab.run('sleep 6');
    const log = lab.run('docker logs p1').output;
    expect(lines(log).map((l) => /seq=(\d+)/.exec(l)?.[1])).toEqual(['0', '1', '2', '3', '4']);
    expect(log).toContain('\n--- 172.17.0.1 ping statistics ---\n5 packets transmitted, 5 packets received, 0% packet loss\n');
    expect(lab.run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' p1").output).toBe('exited 0\n');
  });

  it('without -c runs until SIGINT, which prints the statistics, through a snapshot too', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name p2 busybox ping 172.17.0.1');
    lab.run('sleep 5');
    const copy = restoreLab(lab.snapshot());
    const before = lines(copy.run('docker logs p2').output).length;
    copy.run('sleep 5');
    expect(lines(copy.run('docker logs p2').output).length).toBeGreaterThanOrEqual(before + 5);
    copy.run('docker kill -s INT p2');
    expect(copy.run('docker logs p2').output).toMatch(/\n--- 172\.17\.0\.1 ping statistics ---\n(\d+) packets transmitted, \1 packets received, 0% packet loss\n/);
    expect(copy.run("docker inspect -f '{{.State.ExitCode}}' p2").output).toBe('0\n');
  });

  it('in the foreground, the reader\'s Ctrl+C reaches ping through the client: its statistics, exit 0, the container gone', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run('docker run --rm busybox ping 172.17.0.1');
    expect(r.output).toMatch(/PING 172\.17\.0\.1 \(172\.17\.0\.1\): 56 data bytes\n64 bytes from 172\.17\.0\.1: seq=0 ttl=64 time=\d\.\d{3} ms\n\^C\n\n--- 172\.17\.0\.1 ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\n/);
    expect(r.exitCode).toBe(0);
    expect(lab.run('docker ps -aq').output).toBe('');
  });
});
