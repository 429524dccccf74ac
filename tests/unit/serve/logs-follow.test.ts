/**
 * `docker logs -f` from the real docker client against a served lab on the wall clock: the reply
 * stays open, lines the container writes while the client follows arrive as they are written,
 * and `docker stop` ends the follow (the client exits 0) with exactly what `docker logs` prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { DOCKER_HEADERS, followWallClock, labTarget } from '../../../src/node/lab-target.ts';
import { freshConfigDir, runRealDocker } from '../../parity/real-docker.ts';

const hasClient = spawnSync('docker', ['--version']).status === 0;

let running: RunningAdapter | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serve(lab: Lab): Promise<string> {
  followWallClock(lab);
  running = await startHttpAdapter({ port: 0, pace: 'wall', target: labTarget(lab), defaultHeaders: DOCKER_HEADERS });
  return `tcp://127.0.0.1:${running.port}`;
}

interface Follower {
  output(): string;
  exited: Promise<number>;
  kill(): void;
}

function follow(host: string, args: string[]): Follower {
  const home = freshConfigDir();
  const child = spawn('docker', args, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, DOCKER_CONFIG: `${home}/.docker`, DOCKER_HOST: host, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return { output: () => out, exited: new Promise((resolve) => child.on('close', (code) => resolve(code ?? 128))), kill: () => child.kill() };
}

async function until(what: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ACCESS = /"GET \/ HTTP\/1\.1" 200 45\n/;

describe.skipIf(!hasClient)('docker logs -f from the real client', () => {
  it('streams lines as they are written and ends with the container (multiplexed, no TTY)', async () => {
    const lab = createLab('docker', { seed: 7 });
    lab.run('docker run -d --name web -p 8080:80 httpd');
    const host = await serve(lab);
    const f = follow(host, ['logs', '-f', 'web']);
    await until(() => f.output().includes('AH00094'));
    await new Promise((r) => setTimeout(r, 300));
    expect(f.output()).not.toMatch(ACCESS);
    // A request to the server while the client follows: its access line arrives.
    lab.run('curl -s localhost:8080');
    await until(() => ACCESS.test(f.output()));
    const stop = await runRealDocker(host, 'docker stop web');
    expect(stop).toMatchObject({ stdout: 'web\n', exitCode: 0 });
    expect(await f.exited).toBe(0);
    expect(f.output()).toBe(lab.run('docker logs web').output);
  }, 30_000);

  it('shows a line written seconds later when it is written, and ends when the container ends by itself', async () => {
    const lab = createLab('docker', { seed: 10 });
    lab.run('docker pull busybox');
    const host = await serve(lab);
    const run = await runRealDocker(host, ['docker', 'run', '-d', '--name', 'tk', 'busybox', 'sh', '-c', 'echo a; sleep 2; echo b']);
    expect(run.exitCode).toBe(0);
    const started = Date.now();
    const f = follow(host, ['logs', '-f', 'tk']);
    await until(() => f.output() === 'a\n');
    await until(() => f.output() === 'a\nb\n', 10_000);
    // The second line comes with the lab's clock, which follows the wall clock.
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(await f.exited).toBe(0);
    expect(lab.run('docker ps -a --format {{.Status}}').output).toMatch(/^Exited \(0\)/);
  }, 30_000);

  it('follows a TTY container raw, with --tail and --timestamps, and a client that hangs up cancels it', async () => {
    const lab = createLab('docker', { seed: 8 });
    lab.run('docker run -dt --name web -p 8080:80 httpd');
    const host = await serve(lab);
    const f = follow(host, ['logs', '-f', '-t', '--tail', '1', 'web']);
    await until(() => f.output().includes('AH00094'));
    expect(f.output().split('\n').filter(Boolean)).toHaveLength(1);
    lab.run('curl -s localhost:8080');
    await until(() => ACCESS.test(f.output()));
    expect(f.output()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /m);
    const all = lab.run('docker logs -t web').output.split('\n').filter(Boolean);
    expect(f.output()).toBe(`${all.slice(-2).join('\n')}\n`);
    const held = (): number => Object.keys((lab.world.state.ext['docker-held/localhost'] as { replies: object }).replies).length;
    expect(held()).toBe(1);
    f.kill();
    await f.exited;
    await until(() => held() === 0, 3000);
    expect(lab.run('docker ps --format {{.Names}}').output).toBe('web\n');
  }, 30_000);

  it('returns at once for a stopped container, and --since/--until pick lines by their time', async () => {
    const lab = createLab('docker', { seed: 9 });
    lab.run('docker run -d --name web -p 8080:80 httpd');
    lab.run('curl -s localhost:8080');
    lab.run('docker stop web');
    const host = await serve(lab);
    const all = await runRealDocker(host, 'docker logs -f web');
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toBe(lab.run('docker logs web 2>/dev/null').output);
    expect(all.stderr).toBe(lab.run('docker logs web 2>&1 >/dev/null').output);
    const stamped = lab.run('docker logs -t web').output.split('\n').filter(Boolean);
    const access = stamped.find((l) => ACCESS.test(`${l}\n`)) as string;
    const when = access.slice(0, access.indexOf(' '));
    const since = await runRealDocker(host, `docker logs --since ${when} web`);
    expect(since.stdout).toBe(lab.run(`docker logs --since ${when} web 2>/dev/null`).output);
    expect(since.stderr).toBe(lab.run(`docker logs --since ${when} web 2>&1 >/dev/null`).output);
    expect(since.stdout).toMatch(ACCESS);
    expect(since.stdout + since.stderr).not.toContain('AH00094');
    const before = await runRealDocker(host, `docker logs --until ${when} web`);
    expect(before.stdout).toBe(lab.run(`docker logs --until ${when} web 2>/dev/null`).output);
    expect(before.stderr).toBe(lab.run(`docker logs --until ${when} web 2>&1 >/dev/null`).output);
    expect(before.stdout + before.stderr).toContain('AH00094');
  }, 30_000);
});
