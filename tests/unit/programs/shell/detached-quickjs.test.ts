/**
 * Waits inside substitutions and pipeline stages, spinning loops and a cell's foreground run of an
 * endless loop give the same bytes in QuickJS as natively, snapshots included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import type { SandboxHost } from '../../../../src/sandbox/host.ts';
import { makeHost } from '../../../sandbox/fixtures.ts';

let host: SandboxHost | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
});

describe('scripts on the clock in QuickJS', () => {
  it('log, spin, stop and snapshot as the native simulator does', async () => {
    host = await makeHost();
    const native = createLab('docker', { seed: 1 });
    const lines = [
      `docker run -d --name subst busybox sh -c 'n=0; while true; do echo "$((n+=1)) $(sleep 1; date +%T)"; done'`,
      `docker run -d --name pipe busybox sh -c 'while true; do (sleep 2; date +%T) | tee -a /tmp/log | sed "s/^/got /"; done'`,
      `docker run -d --name spin busybox sh -c 'while :; do :; done'`,
      `docker run -d --name feed busybox sh -c 'while true; do date +%T; sleep 1; done | tee /tmp/log | sed "s/^/at /"'`,
      'sleep 5',
      'docker logs subst',
      'docker logs -t pipe',
      'docker logs feed',
      'docker exec feed cat /tmp/log',
      'docker top pipe -o pid,ppid,args',
      'docker stats --no-stream --format "{{.Name}} {{.CPUPerc}}"',
      `docker run --name fg busybox sh -c 'echo start; sleep 2; while true; do date; sleep 1; done'`,
      'docker stop spin pipe',
      'docker ps -a --format "{{.Names}} {{.Status}}"',
    ];
    for (const line of lines) expect(await host.run(line), line).toEqual({ ok: true, ...native.run(line) });
    const state = await host.state();
    expect(state.ok && JSON.stringify(state.state)).toBe(native.snapshot());
  }, 120_000);
});
