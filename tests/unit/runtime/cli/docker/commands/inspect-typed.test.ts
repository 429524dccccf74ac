/**
 * `docker inspect -f` runs its template on the client's Go structs first: fields the daemon's JSON
 * leaves out (`omitempty`) are there with their zero values, and `json` leaves them out again.
 * Expected outputs were printed by the real docker 28.2.2 client against Podbook's engine.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../../../programs/shell/helpers.ts';

describe('inspect -f on a container: the typed structs', () => {
  const { run } = terminal();
  run('docker run -d --name web busybox sleep 1000');
  const f = (t: string): { out: string; code: number } => run(`docker inspect -f '${t}' web`);

  it('prints State with a nil Health last, and Health itself as <nil>', () => {
    expect(f('{{.State}}').out).toMatch(/^\{running true false false false false \d+ 0 {2}\S+Z 0001-01-01T00:00:00Z <nil>\}\n$/);
    expect(f('{{.State.Health}}').out).toBe('<nil>\n');
  });

  it('prints every field of Config, nil slices and maps as [] and map[]', () => {
    const hostname = f('{{.Config.Hostname}}').out.trim();
    expect(f('{{.Config}}').out).toBe(`{${hostname}   false false false map[] false false false [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [sleep 1000] <nil> false busybox map[]  [] false  [] map[]  <nil> []}\n`);
  });

  it('json re-encodes without the omitted fields', () => {
    expect(f('{{json .State}}').out).not.toContain('Health');
    expect(f('{{json .Config}}').out).toBe(`{"Hostname":"${f('{{.Config.Hostname}}').out.trim()}","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sleep","1000"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{}}\n`);
  });

  it('a field under a nil Health fails in both runs; the raw map error is shown', () => {
    expect(f('{{.State.Health.Status}}').code).toBe(1);
    expect(run("docker inspect -f '{{.State.Health.Status}}' web 2>&1 >/dev/null").out).toBe('template parsing error: template: :1:8: executing "" at <.State.Health.Status>: map has no entry for key "Health"\n');
  });
});

describe('inspect -f on a network', () => {
  it('prints Created as Go prints a time.Time, and the JSON keeps the daemon nanoseconds', () => {
    const { run } = terminal();
    run('docker network create n1');
    const raw = JSON.parse(run('docker network inspect n1').out) as { Created: string }[];
    expect(raw[0]!.Created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    const [date, time] = raw[0]!.Created.replace(/Z$/, '').split('T') as [string, string];
    expect(run("docker network inspect -f '{{.Created}}' n1").out).toBe(`${date} ${time.replace(/0+$/, '')} +0000 UTC\n`);
    expect(run("docker network inspect -f '{{json .}}' n1").out).toContain(`"Created":"${raw[0]!.Created}"`);
  });

  it('json of Created is the RFC 3339 text Time.MarshalJSON writes, not the String() form', () => {
    const { run } = terminal();
    const raw = (JSON.parse(run('docker network inspect bridge').out) as { Created: string }[])[0]!.Created;
    // Printed by the real 28.2.2 client against Podbook's engine: "2025-06-02T09:00:00.000121399Z".
    expect(run("docker network inspect -f '{{json .Created}}' bridge").out).toBe(`${JSON.stringify(raw)}\n`);
    expect(run(`docker network inspect -f '{{printf "%v|%s" .Created .Name}}' bridge`).out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC\|bridge\n$/);
    run('docker pull -q busybox');
    expect(run("docker image inspect -f '{{json .Metadata.LastTagTime}}' busybox").out).toBe('"0001-01-01T00:00:00Z"\n');
  });

  it('containers, images and volumes hold their times as strings (28.2 types): printed as the daemon sent them', () => {
    const { run } = terminal();
    run('docker run -d --name web busybox sleep 100');
    run('docker volume create v1');
    const c = (JSON.parse(run('docker inspect web').out) as { Created: string; State: { StartedAt: string } }[])[0]!;
    expect(run("docker inspect -f '{{.Created}} {{json .State.StartedAt}} {{.State.FinishedAt}}' web").out).toBe(`${c.Created} "${c.State.StartedAt}" 0001-01-01T00:00:00Z\n`);
    const v = (JSON.parse(run('docker volume inspect v1').out) as { CreatedAt: string }[])[0]!;
    expect(run("docker volume inspect -f '{{.CreatedAt}}' v1").out).toBe(`${v.CreatedAt}\n`);
  });

  it('goTimeString of a numeric offset prints it twice, as a parsed time without a zone name does', async () => {
    const { goTimeString } = await import('../../../../../../simulator/runtime/cli/docker/format/gotemplate/values.ts');
    expect(goTimeString('2026-11-27T14:05:02.120+01:00')).toBe('2026-11-27 14:05:02.12 +0100 +0100');
  });

  it('goTimeString trims trailing zeros of the fraction as Time.String does', async () => {
    const { goTimeString } = await import('../../../../../../simulator/runtime/cli/docker/commands/inspect-typed.ts');
    expect(goTimeString('2025-06-02T09:00:00Z')).toBe('2025-06-02 09:00:00 +0000 UTC');
    expect(goTimeString('2026-11-27T10:28:16.458000000Z')).toBe('2026-11-27 10:28:16.458 +0000 UTC');
  });
});

describe('inspect -f: structs behind pointers', () => {
  it('prints a set Health, Log entries and endpoint settings as addresses inside another value', () => {
    const { run } = terminal();
    run("docker run -d --name hc --health-cmd 'true' --health-interval 2s busybox sleep 100");
    run('sleep 5');
    expect(run("docker inspect -f '{{.State}}' hc").out).toMatch(/^\{running true false false false false \d+ 0 {2}\S+Z 0001-01-01T00:00:00Z 0xc000[0-9a-f]{5}[08]\}\n$/);
    expect(run("docker inspect -f '{{.State.Health}}' hc").out).toMatch(/^\{healthy 0 \[0xc000[0-9a-f]{6}( 0xc000[0-9a-f]{6})*\]\}\n$/);
    expect(run("docker inspect -f '{{.NetworkSettings.Networks}}' hc").out).toMatch(/^map\[bridge:0xc000[0-9a-f]{6}\]\n$/);
    // Fields through the pointers, and json, are the values themselves.
    expect(run("docker inspect -f '{{.State.Health.Status}} {{.NetworkSettings.Networks.bridge.IPAddress}}' hc").out).toBe('healthy 172.17.0.2\n');
    expect(run("docker inspect -f '{{json .State.Health.Status}}' hc").out).toBe('"healthy"\n');
  });
});

describe('inspect -f on an image', () => {
  it("prints Config as Docker's image config (the OCI part, then Docker's) and LastTagTime as a Go time", () => {
    const { run } = terminal();
    run('docker pull -q httpd');
    const env = 'PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HTTPD_PREFIX=/usr/local/apache2 HTTPD_VERSION=2.4.63 HTTPD_SHA256=fa16d72a078210a54c47dd5bef2f8b9b8a01d94909a51453956b3ec6442ea4c5 HTTPD_PATCHES=';
    // Printed by the real 28.2.2 client against Podbook's engine.
    expect(run("docker image inspect -f '{{.Config}}' httpd").out).toBe(`{{ map[80/tcp:{}] [${env}] [] [httpd-foreground] map[] /usr/local/apache2 map[] SIGWINCH false} {<nil> [] []}}\n`);
    expect(run("docker image inspect -f '{{.Config.Healthcheck}} {{.Config.WorkingDir}}' httpd").out).toBe('<nil> /usr/local/apache2\n');
    expect(run("docker image inspect -f '{{.Metadata}}' httpd").out).toBe('{0001-01-01 00:00:00 +0000 UTC}\n');
    expect(run("docker image inspect -f '{{json .Metadata}}' httpd").out).toBe('{"LastTagTime":"0001-01-01T00:00:00Z"}\n');
    expect(run("docker image inspect -f '{{json .Config}}' httpd").out).toBe(`{"ExposedPorts":{"80/tcp":{}},"Env":${JSON.stringify(env.split(' '))},"Cmd":["httpd-foreground"],"WorkingDir":"/usr/local/apache2","StopSignal":"SIGWINCH"}\n`);
  });
});

describe('inspect -f: mounts and HostConfig fields the JSON leaves out', () => {
  it('prints a mount point with its empty Name and Driver, and an unset Tmpfs as map[]', () => {
    const { run } = terminal();
    run('docker run -d --name web -v /tmp:/data busybox sleep 100');
    // Printed by the real 28.2.2 client against Podbook's engine.
    expect(run("docker inspect -f '{{.Mounts}}' web").out).toBe('[{bind  /tmp /data   true rprivate}]\n');
    expect(run("docker inspect -f '{{json .Mounts}}' web").out).toBe('[{"Type":"bind","Source":"/tmp","Destination":"/data","Mode":"","RW":true,"Propagation":"rprivate"}]\n');
    expect(run("docker inspect -f '{{.HostConfig.Tmpfs}} {{json .HostConfig.Tmpfs}} {{.HostConfig.Init}}' web").out).toBe('map[] null <nil>\n');
    expect(run("docker inspect -f '{{json .HostConfig}}' web").out).not.toContain('Tmpfs');
  });
});

describe('inspect -f: whole structs in the 28.2 client types', () => {
  // Expected outputs were printed by the real 28.2.2 client against Podbook's engine; only the
  // heap addresses (0xc...) differ from run to run, so they are matched by shape.
  const addr = '0xc[0-9a-f]{9}';
  const { run } = terminal();
  run('docker run -d --name web -p 8080:80 -v /tmp:/data --restart always --memory 64m --health-cmd true --health-interval 90s busybox sleep 1000');
  const f = (t: string): string => run(`docker inspect -f '${t}' web`).out;
  const id = f('{{.Id}}').trim();

  it('prints HostConfig in field order, its embedded Resources in braces, nil slices and maps as [] and map[]', () => {
    const masked = '[/proc/asound /proc/acpi /proc/interrupts /proc/kcore /proc/keys /proc/latency_stats /proc/timer_list /proc/timer_stats /proc/sched_debug /proc/scsi /sys/firmware /sys/devices/virtual/powercap] [/proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger]';
    const expected = `{[/tmp:/data]  {json-file map[]} bridge map[80/tcp:[{ 8080}]] {always 0} false  [] [0 0] map[] [] [] host [] [] [] [] [] private  [] 0  false false false [] map[] map[]   67108864 map[] runc  {0 67108864 0  0 [] [] [] [] [] 0 0 0 0   [] [] [] 0 0 0 134217728 <nil> ADDR <nil> [] 0 0 0 0} [] ${masked} <nil>}\n`;
    expect(f('{{.HostConfig}}')).toMatch(new RegExp(`^${expected.replace(/[[\]{}()+.*?^$|\\]/g, '\\$&').replace('ADDR', addr)}$`));
    expect(f('{{.HostConfig.Resources.Memory}} {{.HostConfig.Memory}} {{.HostConfig.OomKillDisable}} {{json .HostConfig.PidsLimit}}')).toBe('67108864 67108864 false null\n');
    expect(f('{{.HostConfig.CPUShares}}|{{.HostConfig.DNS}}|{{range $p, $b := .HostConfig.PortBindings}}{{(index $b 0).HostIP}}{{(index $b 0).HostPort}}{{end}}')).toBe('0|[]|8080\n');
  });

  it('prints NetworkSettings as its two embedded parts and the networks behind pointers', () => {
    const sandbox = f('{{.NetworkSettings.SandboxID}} {{.NetworkSettings.SandboxKey}}').trim();
    const endpoint = f('{{.NetworkSettings.EndpointID}}').trim();
    expect(f('{{.NetworkSettings}}')).toMatch(new RegExp(`^\\{\\{ ${sandbox} map\\[80/tcp:\\[\\{0\\.0\\.0\\.0 8080\\} \\{:: 8080\\}\\]\\] false  0 \\[\\] \\[\\]\\} \\{${endpoint} 172\\.17\\.0\\.1  0 172\\.17\\.0\\.2 16  02:42:ac:11:00:02\\} map\\[bridge:${addr}\\]\\}\\n$`));
    expect(f('{{.NetworkSettings.DefaultNetworkSettings.IPAddress}}')).toBe('172.17.0.2\n');
  });

  it('prints the whole container as InspectResponse: the embedded base, Config and NetworkSettings as addresses', () => {
    expect(f('{{.}}')).toMatch(new RegExp(`^\\{${addr} \\[\\{bind  /tmp /data   true rprivate\\}\\] ${addr} ${addr} <nil>\\}\\n$`));
    expect(f('{{.ID}}')).toBe(`${id}\n`);
    expect(f('{{json .HostConfig}}')).toBe(`${JSON.stringify((JSON.parse(run('docker inspect web').out) as { HostConfig: unknown }[])[0]!.HostConfig)}\n`);
  });

  it('index of a map keyed by nat.Port with a string fails the typed run, so the raw JSON answers (its keys are the JSON names)', () => {
    expect(f('{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}} {{index .HostConfig.PortBindings "80/tcp"}} {{index .Config.ExposedPorts "80/tcp"}}')).toBe('8080 [map[HostIp: HostPort:8080]] map[]\n');
    expect(run(`docker inspect -f '{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostIP}}' web 2>&1`).out).toBe('\ntemplate parsing error: template: :1:49: executing "" at <0>: map has no entry for key "HostIP"\n');
    expect(f('{{(index .NetworkSettings.Networks "bridge").IPAddress}}')).toBe('172.17.0.2\n');
  });

  it('prints a health check’s durations as time.Duration does', () => {
    expect(f('{{.Config.Healthcheck}} {{json .Config.Healthcheck.Interval}}')).toBe('{[CMD-SHELL true] 1m30s 0s 0s 0s 0} 90000000000\n');
  });
});

describe('goDurationString', () => {
  it('writes Duration.String()', async () => {
    const { goDurationString } = await import('../../../../../../simulator/runtime/cli/docker/format/gotemplate/values.ts');
    expect([0, 1500, 2_500_000, 1.5e9, 9e10, 7.2e12, 3723e9].map(goDurationString)).toEqual(['0s', '1.5µs', '2.5ms', '1.5s', '1m30s', '2h0m0s', '1h2m3s']);
  });
});
