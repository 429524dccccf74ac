/**
 * Health checks: the HEALTHCHECK instruction in both builders (image config and history, as moby
 * and BuildKit write them with Go's %q), then the daemon's monitor (moby daemon/health.go): the
 * probe every interval as an exec, the last five results, `starting` → `healthy`/`unhealthy` after
 * `retries` failures, the status in `docker ps` and `State.Health`, and the events.
 */
import { describe, expect, it } from 'vitest';
import { goDuration, healthcheckHistory, parseHealthcheck } from '../../../../simulator/runtime/engine/health.ts';
import { terminal } from '../../programs/shell/helpers.ts';

describe('HEALTHCHECK parsing and history text', () => {
  it('reads the options and both command forms', () => {
    expect(parseHealthcheck('--interval=5s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1')).toEqual({ Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 5e9, Timeout: 3e9, Retries: 3 });
    expect(parseHealthcheck('CMD ["wget", "-q", "localhost"]')).toEqual({ Test: ['CMD', 'wget', '-q', 'localhost'] });
    expect(parseHealthcheck('NONE')).toEqual({ Test: ['NONE'] });
    expect(parseHealthcheck('--bogus=1 CMD true')).toBe('Unknown flag: bogus');
    expect(parseHealthcheck('--interval=5 CMD true')).toBe('time: invalid duration "5"');
  });

  it("prints the config as Go's %q of the struct", () => {
    expect(healthcheckHistory({ Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 5e9, Timeout: 3e9, Retries: 3 })).toBe(`&{["CMD-SHELL" "curl -f http://localhost/ || exit 1"] "5s" "3s" "0s" "0s" '\\x03'}`);
    expect(healthcheckHistory({ Test: ['NONE'] })).toBe(`&{["NONE"] "0s" "0s" "0s" "0s" '\\x00'}`);
    expect([goDuration(90e9), goDuration(5e8), goDuration(3600e9), goDuration(1.5e9)]).toEqual(['1m30s', '500ms', '1h0m0s', '1.5s']);
  });
});

function labWithImage(builder: 'buildkit' | 'classic', healthcheck: string) {
  const t = terminal();
  t.run('mkdir /hc; cd /hc; docker pull -q busybox');
  t.run(`printf 'FROM busybox\\nHEALTHCHECK ${healthcheck}\\nCMD ["sleep", "1000"]\\n' > Dockerfile`);
  t.run(`${builder === 'classic' ? 'DOCKER_BUILDKIT=0 ' : ''}docker build -q -t hc . 2>/dev/null`);
  return t;
}

describe('HEALTHCHECK in builds', () => {
  it('BuildKit puts it in the config and history without a layer', () => {
    const { run } = labWithImage('buildkit', '--interval=5s --retries=2 CMD test -e /tmp/ok');
    expect(run("docker image inspect -f '{{json .Config.Healthcheck}}' hc").out).toBe('{"Test":["CMD-SHELL","test -e /tmp/ok"],"Interval":5000000000,"Retries":2}\n');
    expect(run("docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' hc").out.split('\n')[1]).toBe(`HEALTHCHECK &{["CMD-SHELL" "test -e /tmp/ok"] "5s" "0s" "0s" "0s" '\\x02'}|0B`);
  });

  it('the classic builder writes the #(nop) form', () => {
    const { run } = labWithImage('classic', '--interval=5s --retries=2 CMD test -e /tmp/ok');
    expect(run("docker image inspect -f '{{json .Config.Healthcheck}}' hc").out).toBe('{"Test":["CMD-SHELL","test -e /tmp/ok"],"Interval":5000000000,"Retries":2}\n');
    expect(run("docker history --no-trunc --format '{{.CreatedBy}}' hc").out.split('\n')[1]).toBe(`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "test -e /tmp/ok"] "5s" "0s" "0s" "0s" '\\x02'}`);
  });
});

describe('the health monitor', () => {
  it('starts, turns healthy, then unhealthy after the retries, as ps, inspect and events show', () => {
    const { run } = labWithImage('buildkit', '--interval=60s --retries=2 CMD test -e /tmp/ok');
    run('docker run -d --name web hc');
    run('docker exec web touch /tmp/ok');
    expect(run("docker ps --format '{{.Status}}'").out).toMatch(/^Up \d+ seconds? \(health: starting\)\n$/);
    expect(run("docker inspect -f '{{json .State.Health}}' web").out).toBe('{"Status":"starting","FailingStreak":0,"Log":[]}\n');
    run('sleep 60');
    expect(run("docker ps --format '{{.Status}}'").out).toMatch(/^Up About a minute \(healthy\)\n$/);
    const health = JSON.parse(run("docker inspect -f '{{json .State.Health}}' web").out) as { Status: string; Log: { Start: string; End: string; ExitCode: number; Output: string }[] };
    expect(health.Status).toBe('healthy');
    expect(health.Log).toHaveLength(1);
    expect(health.Log[0]).toMatchObject({ ExitCode: 0, Output: '' });
    expect(health.Log[0]!.Start < health.Log[0]!.End).toBe(true);
    run('docker exec web rm /tmp/ok');
    run('sleep 60');
    expect(run("docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}}' web").out).toBe('healthy 1\n');
    run('sleep 60');
    expect(run("docker ps --format '{{.Status}}'").out).toMatch(/^Up \d+ minutes \(unhealthy\)\n$/);
    run('sleep 300');
    // Only the last five results are kept.
    expect(JSON.parse(run("docker inspect -f '{{json .State.Health.Log}}' web").out)).toHaveLength(5);
    expect(run("docker ps --filter health=unhealthy --format '{{.Names}}'").out).toBe('web\n');
    expect(run("docker ps --filter health=healthy --format '{{.Names}}'").out).toBe('');
    const lines = run('docker events --since 0 --until 2030-01-01 --filter container=web').out.split('\n');
    const events = lines.map((l) => / container (.+?) [0-9a-f]{64} /.exec(l)?.[1]).filter(Boolean).join('\n') + '\n';
    expect(events).toContain('exec_create: /bin/sh -c test -e /tmp/ok\nexec_start: /bin/sh -c test -e /tmp/ok\nexec_die\nhealth_status: healthy\n');
    expect(events.match(/health_status: .*/g)).toEqual(['health_status: healthy', 'health_status: unhealthy']);
  });

  it('failures in the start period do not count; a stopped container keeps its last status', () => {
    const { run } = labWithImage('buildkit', '--interval=30s --start-period=20s --start-interval=2s --retries=1 CMD false');
    run('docker run -d --name web hc');
    run('sleep 10');
    // Probes every 2s while starting, none of them counted.
    expect(run("docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}} {{len .State.Health.Log}}' web").out).toBe('starting 0 5\n');
    run('sleep 31');
    expect(run("docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}}' web").out).toBe('unhealthy 1\n');
    run('docker stop web');
    expect(run("docker inspect -f '{{.State.Health.Status}}' web").out).toBe('unhealthy\n');
    expect(run("docker ps -a --format '{{.Status}}'").out).toMatch(/^Exited \(137\) /);
  });

  it('a container without a healthcheck has no Health, and health=none finds it', () => {
    const { run } = terminal();
    run('docker run -d --name plain busybox sleep 1000');
    expect(run("docker ps --filter health=none --format '{{.Names}}'").out).toBe('plain\n');
    expect(run("docker inspect -f '{{json .State}}' plain").out).not.toContain('Health');
  });
});

describe('a probe that cannot start', () => {
  it('records exit code -1 and the runtime error, as moby does for an exec error', () => {
    const { run } = terminal();
    run('docker run -d --name nocmd --health-cmd x --health-interval 1s busybox sleep 100');
    run("printf 'FROM busybox\\nHEALTHCHECK --interval=1s CMD [\"/nosuch\"]\\n' > Dockerfile; docker build -q -t nohc . >/dev/null");
    run('docker run -d --name direct nohc sleep 100');
    run('sleep 2');
    const log = JSON.parse(run("docker inspect -f '{{json .State.Health.Log}}' direct").out) as { ExitCode: number; Output: string }[];
    expect(log[0]).toMatchObject({ ExitCode: -1 });
    expect(log[0]!.Output).toMatch(/^OCI runtime exec failed: exec failed: unable to start container process: exec: "\/nosuch": stat \/nosuch: no such file or directory: unknown$/);
    const shell = JSON.parse(run("docker inspect -f '{{json .State.Health.Log}}' nocmd").out) as { ExitCode: number; Output: string }[];
    expect(shell[0]!.ExitCode).toBe(127);
  });
});

describe('a probe that runs past its timeout', () => {
  it('is killed at the timeout and recorded as moby does (exit -1, "Health check exceeded timeout (2s)"), counting towards the retries', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    run("docker run -d --name slow --health-cmd 'sleep 10' --health-interval 5s --health-timeout 2s --health-retries 2 busybox sleep 1000");
    run('sleep 6');
    const first = JSON.parse(run("docker inspect -f '{{json .State.Health}}' slow").out) as { Status: string; FailingStreak: number; Log: { Start: string; End: string; ExitCode: number; Output: string }[] };
    expect(first.Status).toBe('starting');
    expect(first.FailingStreak).toBe(1);
    expect(first.Log).toHaveLength(1);
    expect(first.Log[0]).toMatchObject({ ExitCode: -1, Output: 'Health check exceeded timeout (2s)' });
    const seconds = (t: string): number => Number(t.slice(17, 19)) + Number(`0.${t.slice(20, 29)}`);
    expect(seconds(first.Log[0]!.End) - seconds(first.Log[0]!.Start)).toBeCloseTo(2, 1);
    // The killed probe: no sleep left behind in the container.
    expect(run('docker top slow -o pid,args').out.split('\n').slice(1, -1).map((l) => l.trim().split(/\s+/).slice(1).join(' '))).toEqual(['sleep 1000']);
    run('sleep 7');
    // Every probe timed out: each one counted, and the second made it unhealthy.
    const later = JSON.parse(run("docker inspect -f '{{json .State.Health}}' slow").out) as { Status: string; FailingStreak: number; Log: { ExitCode: number }[] };
    expect(later.Status).toBe('unhealthy');
    expect(later.FailingStreak).toBe(later.Log.length);
    expect(later.Log.every((r) => r.ExitCode === -1)).toBe(true);
    const events = run("docker events --since 0 --until 2030-01-01 --filter container=slow --format '{{.Action}}'").out;
    // The result is recorded at the timeout, before the killed exec's end.
    expect(events).toContain('exec_start: /bin/sh -c sleep 10\nhealth_status: unhealthy\nexec_die\n');
  });

  it('a probe that ends within its timeout keeps its own exit code and output', () => {
    const { run } = terminal();
    run('docker pull -q busybox');
    run("docker run -d --name ok --health-cmd 'sleep 1; echo fine' --health-interval 5s --health-timeout 3s busybox sleep 1000");
    run('sleep 7');
    expect(run("docker inspect -f '{{.State.Health.Status}} {{(index .State.Health.Log 0).ExitCode}} {{json (index .State.Health.Log 0).Output}}' ok").out).toBe('healthy 0 "fine\\n"\n');
  });
});
