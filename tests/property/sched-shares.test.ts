/**
 * The fair scheduler: busy loops pinned to one core get CPU in proportion to their cgroups'
 * cpu.shares (within 2%, measured as accrued CPU time after virtual time passes); on any mix of
 * cgroups, cpusets and quotas no core is oversubscribed, no thread gets more than a core, and
 * quotas cap their cgroups.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLab } from '../../simulator/index.ts';

function host() {
  return createLab('docker').world.host('localhost');
}

describe('scheduler shares', () => {
  it('splits one core in proportion to cpu.shares', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 262144 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1000, max: 600_000 }), (shares, ms) => {
        const h = host();
        const pids = shares.map((s, i) => {
          h.cgroupCreate(`/docker/c${i}`, (c) => ((c.cpu.shares = s), (c.cpuset.cpus = '0')));
          const p = h.spawn({ ppid: 1, argv: ['loop'], prog: 'stress', cgroup: `/docker/c${i}` });
          h.setDemand(p.pid, 1);
          return p.pid;
        });
        h.world.advance(ms);
        h.settle();
        const total = shares.reduce((a, b) => a + b, 0);
        pids.forEach((pid, i) => {
          const expected = (ms * (shares[i] as number)) / total;
          const got = h.proc(pid)?.cpuMs ?? 0;
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(0.02 * ms);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never oversubscribes cores, never gives a thread more than a core, and honours quotas', () => {
    const groupArb = fc.record({
      shares: fc.integer({ min: 2, max: 4096 }),
      cpus: fc.constantFrom('0', '1', '0-1'),
      quota: fc.constantFrom(-1, -1, 20000, 50000, 150000),
      hogs: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 5 }), (groups) => {
        const h = host();
        const byGroup: number[][] = [];
        groups.forEach((g, i) => {
          h.cgroupCreate(`/docker/g${i}`, (c) => ((c.cpu.shares = g.shares), (c.cpuset.cpus = g.cpus), (c.cpu.quotaUs = g.quota)));
          byGroup.push(
            g.hogs.map((threads) => {
              const p = h.spawn({ ppid: 1, argv: ['loop'], prog: 'stress', cgroup: `/docker/g${i}` });
              h.setDemand(p.pid, threads);
              return p.pid;
            }),
          );
        });
        const rates = h.sys.sched.rates;
        const cores = h.sys.sched.cores ?? {};
        const perCore = [0, 0];
        for (const split of Object.values(cores)) split.forEach((r, c) => (perCore[c] = (perCore[c] as number) + r));
        for (const used of perCore) expect(used).toBeLessThanOrEqual(1 + 1e-9);
        groups.forEach((g, i) => {
          const used = (byGroup[i] as number[]).reduce((s, pid) => s + (rates[pid] ?? 0), 0);
          if (g.quota > 0) expect(used).toBeLessThanOrEqual(g.quota / 100000 + 1e-9);
          for (const pid of byGroup[i] as number[]) {
            const threads = h.proc(pid)?.demand ?? 0;
            expect(rates[pid] ?? 0).toBeLessThanOrEqual(threads + 1e-9);
            if (g.cpus !== '0-1') expect((cores[pid] ?? [0, 0])[g.cpus === '0' ? 1 : 0] ?? 0).toBe(0);
          }
        });
        // Without quotas or pinning, busy threads keep as many cores busy as there are threads.
        if (groups.every((g) => g.quota < 0 && g.cpus === '0-1')) {
          const threads = groups.reduce((n, g) => n + g.hogs.reduce((a, b) => a + b, 0), 0);
          expect((perCore[0] as number) + (perCore[1] as number)).toBeCloseTo(Math.min(2, threads), 9);
        }
      }),
      { numRuns: 300 },
    );
  });
});
