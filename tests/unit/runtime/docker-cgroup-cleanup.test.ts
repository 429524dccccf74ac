/** The daemon removes a container's cgroup when its PID 1 ends, as runc does on a real host. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('container cgroups', () => {
  it('exist while the container runs and are gone once it stops or is removed', () => {
    const l = createLab('docker', { seed: 1 });
    const a = l.run('docker run -d --name c1 --cpu-shares 512 progrium/stress --cpu 1').output.trim().split('\n').at(-1) as string;
    const b = l.run('docker run -d --name c2 centos:7 sleep 1000').output.trim().split('\n').at(-1) as string;
    expect(l.run('ls /sys/fs/cgroup/cpu/docker/').output).toContain(`${a}\n`);
    expect(l.run(`cat /sys/fs/cgroup/memory/docker/${b}/tasks`).exitCode).toBe(0);
    l.run('docker rm -f c1');
    l.run('docker stop -t 1 c2');
    const listing = l.run('ls /sys/fs/cgroup/cpu/docker/').output;
    expect(listing).not.toContain(a);
    expect(listing).not.toContain(b);
    expect(l.run(`ls /sys/fs/cgroup/memory/docker/${b}`).output).toBe(`ls: cannot access /sys/fs/cgroup/memory/docker/${b}: No such file or directory\n`);
    // Started again, it gets a fresh cgroup with its limits.
    l.run('docker start c2');
    expect(l.run(`cat /sys/fs/cgroup/cpu/docker/${b}/cpu.shares`).output).toBe('1024\n');
  });
});

describe('OOM kills inside a container', () => {
  it('mark the container OOMKilled even when the killed process is not PID 1, as the daemon does on the cgroup OOM event', () => {
    const l = createLab('docker', { seed: 1 });
    const r = l.run('docker run --name hog -m 100M --memory-swap 100M progrium/stress --vm 1 --vm-bytes 200M');
    expect(r.output).toContain('<-- worker 2 got signal 9');
    expect(l.run("docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog").output).toBe('true 1\n');
    // --until in the future: a cell cannot wait for it, so the stream stops as if interrupted (^C).
    const events = l.run('docker events --since 0 --until 2000000000 --filter event=oom').output.trim().split('\n').filter((line) => line !== '^C');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/ container oom [0-9a-f]{64} \(image=progrium\/stress, name=hog\)$/);
    // A start clears the flag.
    const ok = l.run('docker run --name calm -m 100M progrium/stress --vm 1 --vm-bytes 10M --timeout 1s');
    expect(ok.exitCode).toBe(0);
    expect(l.run("docker inspect -f '{{.State.OOMKilled}}' calm").output).toBe('false\n');
  });
});
