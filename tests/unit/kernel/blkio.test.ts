/**
 * The block layer shares a disk between direct-I/O writers: equally under deadline (CentOS 7's
 * default elevator for sda), by blkio.weight under CFQ, and never past a cgroup's throttle.
 */
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.ts';
import type { Host } from '../../../simulator/kernel/host.ts';

const MiB = 1024 * 1024;

function writers(host: Host, weights: number[]): number[] {
  return weights.map((weight, i) => {
    host.cgroupCreate(`/docker/w${i}`, (cg) => (cg.blkio.weight = weight));
    const p = host.spawn({ ppid: 1, argv: ['dd'], prog: 'dd', cgroup: `/docker/w${i}` });
    host.startIo(p.pid, { disk: 'sda', dir: 'write', bytes: 1600 * MiB, requestBytes: MiB }, 'test/none');
    return p.pid;
  });
}

function written(host: Host, i: number): number {
  host.rescheduleIo();
  return host.cgroup(`/docker/w${i}`)?.blkio.bytes['8:0']?.write ?? 0;
}

function useCfq(host: Host): void {
  host.fs.writeFile('/sys/block/sda/queue/scheduler', 'cfq\n');
}

describe('block I/O sharing', () => {
  it('starts with deadline, under which weights do nothing', () => {
    const host = freshHost();
    host.world.workDone['test/none'] = () => undefined;
    expect(host.fs.readFile('/sys/block/sda/queue/scheduler')).toBe('noop [deadline] cfq\n');
    writers(host, [100, 1000]);
    host.world.advance(5000);
    expect(written(host, 0)).toBe(written(host, 1));
    expect(written(host, 0)).toBe(400 * MiB);
  });

  it('splits the disk 1:10 between weights 100 and 1000 under CFQ while both write', () => {
    const host = freshHost();
    const done: [number, number][] = [];
    host.world.workDone['test/none'] = (_h, p) => done.push([p.pid, Number(p.data?.['ioMs'])]);
    useCfq(host);
    const [light, heavy] = writers(host, [100, 1000]) as [number, number];
    host.world.advance(5000);
    const a = written(host, 0);
    const b = written(host, 1);
    expect(b / a).toBeCloseTo(10, 5);
    expect(a + b).toBeCloseTo(5 * 160 * MiB, -3);
    host.world.advance(60_000);
    // The heavy writer finishes at 11 s; the light one then has the disk to itself (20 s in all).
    expect(done).toEqual([[heavy, 11_000], [light, 20_000]]);
    expect(written(host, 0)).toBe(1600 * MiB);
  });

  it('switches the elevator through sysfs as the kernel shows it, and refuses unknown ones', () => {
    const host = freshHost();
    host.world.workDone['test/none'] = () => undefined;
    writers(host, [100, 1000]);
    host.world.advance(1000);
    useCfq(host);
    expect(host.fs.readFile('/sys/block/sda/queue/scheduler')).toBe('noop deadline [cfq]\n');
    host.world.advance(1000);
    // 80 MiB each in the deadline second, then 1:10 of 160 MiB in the CFQ one.
    expect(written(host, 0)).toBe(80 * MiB + Math.floor((160 * MiB) / 11));
    expect(() => host.fs.writeFile('/sys/block/sda/queue/scheduler', 'bfq\n')).toThrow('EINVAL');
  });

  it('keeps a throttled writer at its cap and gives the rest to the other', () => {
    const host = freshHost();
    host.world.workDone['test/none'] = () => undefined;
    useCfq(host);
    writers(host, [500, 500]);
    host.cgroupUpdate('/docker/w0', (cg) => (cg.blkio.writeBps['8:0'] = 10 * MiB));
    host.world.advance(4000);
    expect(written(host, 0)).toBe(40 * MiB);
    expect(written(host, 1)).toBe(600 * MiB);
  });

  it('stops the I/O of a killed writer', () => {
    const host = freshHost();
    host.world.workDone['test/none'] = () => undefined;
    const [a] = writers(host, [500, 500]) as [number];
    host.world.advance(1000);
    host.kill(a, 9);
    host.world.advance(1000);
    expect(written(host, 0)).toBe(80 * MiB);
    expect(written(host, 1)).toBe(80 * MiB + 160 * MiB);
  });
});
