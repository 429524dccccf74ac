/** Scripts running on the lab clock give the same bytes in QuickJS as natively, snapshots included. */
import { afterEach, describe, expect, it } from 'vitest';
import { createLab } from '../../simulator/index.ts';
import type { SandboxHost } from '../../src/sandbox/host.ts';
import { makeHost } from './fixtures.ts';

let host: SandboxHost | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
});

describe('SandboxHost: a container looping on the clock', () => {
  it('logs, stops and snapshots as the native simulator does', async () => {
    host = await makeHost();
    const native = createLab('docker', { seed: 1 });
    const lines = [
      `docker run -d --name tick busybox sh -c 'n=0; while true; do n=$((n+1)); echo "$n $(date +%T)"; sleep 1; done'`,
      '(for i in 1 2 3; do date +%T >> /tmp/job; sleep 2; done) &',
      'sleep 4',
      'docker logs tick',
      'docker top tick -o pid,args',
      'cat /tmp/job',
      'docker stop tick',
      'docker logs tick | tail -2',
    ];
    for (const line of lines) expect(await host.run(line)).toEqual({ ok: true, ...native.run(line) });
    const state = await host.state();
    expect(state.ok && JSON.stringify(state.state)).toBe(native.snapshot());
  }, 120_000);
});
