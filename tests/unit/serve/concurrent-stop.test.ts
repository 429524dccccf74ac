/**
 * `docker stop a b c` from a real client sends the three stops at once and each reply waits for
 * its container's end, as dockerd's does: served on the wall clock, containers that ignore SIGTERM
 * take one timeout in all (not one each), and the lab's clock never runs ahead of the wall clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { followWallClock, labTarget } from '../../../src/node/lab-target.ts';

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serveOnWall(lab: Lab): Promise<string> {
  followWallClock(lab);
  running = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(lab, { clock: 'wall' }) });
  return `http://127.0.0.1:${running.port}/v1.50`;
}

describe('stops served on the wall clock', () => {
  it('runs concurrent stops side by side, each reply sent when its container has ended', async () => {
    const lab = createLab('docker', { seed: 1 });
    // The setup runs a minute behind the wall clock, so the lab is not ahead of it when served.
    lab.advance(Date.now() - 60_000 - lab.now);
    lab.run('docker pull -q busybox');
    for (const n of ['s1', 's2', 's3']) lab.run(`docker run -d --name ${n} busybox sleep 1000`);
    const base = await serveOnWall(lab);
    const began = Date.now();
    const replies = await Promise.all(['s1', 's2', 's3'].map(async (n) => {
      const r = await fetch(`${base}/containers/${n}/stop?t=1`, { method: 'POST' });
      return { status: r.status, after: Date.now() - began };
    }));
    const took = Date.now() - began;
    expect(replies.map((r) => r.status)).toEqual([204, 204, 204]);
    // Busybox's sleep as PID 1 ignores SIGTERM: each waits out its 1 s, all at once.
    expect(Math.min(...replies.map((r) => r.after))).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(2500);
    expect(lab.now).toBeLessThanOrEqual(Date.now() + 50);
    expect(lab.run("docker ps -a --format '{{.Names}} {{.State}}'").output).toBe('s3 exited\ns2 exited\ns1 exited\n');
    // A stopped container: 304 at once; restart waits for its stop, then starts it again.
    const again = Date.now();
    expect((await fetch(`${base}/containers/s1/stop?t=1`, { method: 'POST' })).status).toBe(304);
    expect(Date.now() - again).toBeLessThan(500);
    lab.run('docker start s2');
    followWallClock(lab);
    const restarting = Date.now();
    expect((await fetch(`${base}/containers/s2/restart?t=1`, { method: 'POST' })).status).toBe(204);
    expect(Date.now() - restarting).toBeGreaterThanOrEqual(950);
    expect(lab.run("docker inspect -f '{{.State.Status}}' s2").output).toBe('running\n');
  });

  it('in the lab, docker stop of three prints the names in order after one timeout', () => {
    const lab = createLab('docker', { seed: 1 });
    for (const n of ['s1', 's2', 's3']) lab.run(`docker run -d --name ${n} busybox sleep 1000`);
    lab.run('docker run -d --name one busybox sleep 1000');
    let before = lab.now;
    lab.run('docker stop one');
    const alone = lab.now - before;
    before = lab.now;
    expect(lab.run('docker stop s1 s2 s3').output).toBe('s1\ns2\ns3\n');
    expect(alone).toBeGreaterThanOrEqual(10_000);
    expect(lab.now - before).toBeLessThan(alone + 500);
  });
});
