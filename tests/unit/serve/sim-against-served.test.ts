/** Podbook's own client over HTTP (`npm run sim -- --docker-host`) against a served Podbook lab. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { DOCKER_HEADERS, labTarget } from '../../../src/node/lab-target.ts';

let adapter: RunningAdapter;
beforeAll(async () => {
  const lab = createLab('docker', { seed: 1 });
  lab.run('docker pull busybox');
  adapter = await startHttpAdapter({ port: 0, pace: 'instant', defaultHeaders: DOCKER_HEADERS, target: labTarget(lab, { clock: 'manual' }) });
});
afterAll(() => adapter?.close());

// The served lab answers in this process, so the client runs in a child and is awaited.
function sim(script: string): Promise<{ command: string; output: string; exitCode: number }[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/sim.ts', '--docker-host', `tcp://127.0.0.1:${adapter.port}`, '--script', '-', '--json']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(JSON.parse(out) as { command: string; output: string; exitCode: number }[]));
    child.stdin.end(script);
  });
}

describe("Podbook's client against a served lab", () => {
  it('runs a container in the foreground: its output, then its exit status, without waiting for ever', async () => {
    const steps = await sim('docker run busybox echo hello\ndocker run --rm busybox sh -c "echo bye; exit 3"\n');
    expect(steps[0]).toMatchObject({ output: 'hello\n', exitCode: 0 });
    expect(steps[1]).toMatchObject({ output: 'bye\n', exitCode: 3 });
  }, 60_000);
});
