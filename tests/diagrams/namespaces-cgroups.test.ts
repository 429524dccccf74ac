import { describe, expect, it } from 'vitest';
import { namespacesCgroups } from '../../diagrams/namespaces-cgroups.ts';
import { engineOf, kernelOf } from '../../diagrams/shared/lab.ts';
import { descOf, seededLab, WEB } from './helpers.ts';

describe('namespaces-cgroups', () => {
  it("shows the container's PID 1, its host pid and its namespace inodes", () => {
    const lab = seededLab(WEB);
    const web = Object.values(engineOf(lab.view(), 'localhost')?.containers ?? {})[0];
    const proc = kernelOf(lab.view(), 'localhost')?.procs[web?.state.pid ?? 0];
    expect(proc).toBeDefined();
    const svg = namespacesCgroups(lab.view(), { container: 'web' });
    expect(descOf(svg)).toContain(`PID 1 inside its own PID namespace and PID ${web?.state.pid} on host localhost`);
    expect(svg).toContain(`>1 = ${web?.state.pid}<`);
    for (const type of ['net', 'mnt', 'pid', 'uts', 'ipc']) {
      const ino = proc?.ns[type];
      expect(ino, type).toBeDefined();
      expect(svg).toContain(`${type}:[${ino}]`);
    }
    expect(descOf(svg)).toContain('user:[4026531837] (shared with the host)');
  });

  it('splits a contended CPU 20/80 between cpu.shares 512 and 2048', () => {
    const lab = seededLab(['docker run -d --name c1 --cpu-shares 512 progrium/stress --cpu 1', 'docker run -d --name c2 --cpu-shares 2048 progrium/stress --cpu 1']);
    lab.advance(5_000);
    const svg = namespacesCgroups(lab.view());
    expect(descOf(svg)).toContain('c1 cpu.shares 512 (20% of a CPU they compete for');
    expect(descOf(svg)).toContain('c2 cpu.shares 2048 (80% of a CPU they compete for');
    expect(svg).toContain('id="namespaces-cgroups-live-c1"');
  });
});
