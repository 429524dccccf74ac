import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureProcess, type FixtureEngine } from '../../parity/client-fixture.ts';

let engine: FixtureEngine;
beforeAll(async () => {
  engine = await startFixtureProcess();
});
afterAll(() => engine?.stop());

function sim(args: string[], input: string) {
  return spawnSync(process.execPath, ['scripts/sim.ts', ...args], { input, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run sim -- --docker-host', () => {
  it("runs Podbook's docker client against the engine at that address, the rest in the lab", () => {
    const r = sim(['--docker-host', engine.dockerHost, '--script', '-', '--json'], 'docker ps -a -q\ndocker rm ghost\necho still here\n');
    expect(r.status).toBe(0);
    const steps = JSON.parse(r.stdout) as { command: string; output: string; exitCode: number }[];
    expect(steps[0]?.output.split('\n').filter(Boolean)).toHaveLength(4);
    expect(steps[1]).toMatchObject({ output: 'Error response from daemon: No such container: ghost\n', exitCode: 1 });
    expect(steps[2]).toMatchObject({ output: 'still here\n', exitCode: 0 });
  });

  it('says the real client message when nothing answers, and refuses a malformed address', () => {
    const none = sim(['--docker-host', 'tcp://127.0.0.1:1', '--script', '-', '--json'], 'docker ps\n');
    expect(JSON.parse(none.stdout)[0]).toMatchObject({ output: 'Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?\n', exitCode: 1 });
    const bad = sim(['--docker-host', 'ftp://x', '--script', '-'], 'docker ps\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unable to parse docker host `ftp://x`');
  });
});
