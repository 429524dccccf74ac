/** The httpd image at start and per request, as docker logs and docker top show it. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('httpd:latest', () => {
  it('logs the ServerName warnings, then the start notices in time order', () => {
    const { run } = terminal();
    for (let i = 0; i < 6; i++) {
      run(`docker run -d --name web${i} httpd`);
      const lines = run(`docker logs web${i}`).out.split('\n');
      const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.${i + 2}. Set the 'ServerName' directive globally to suppress this message`;
      expect(lines.slice(0, 2)).toEqual([fqdn, fqdn]);
      expect(lines[2]).toMatch(/^\[Mon Jun 02 09:00:\d\d\.\d{6} 2025\] \[mpm_event:notice\] \[pid 1:tid \d+\] AH00489: Apache\/2\.4\.63 \(Unix\) configured -- resuming normal operations$/);
      expect(lines[3]).toMatch(/^\[Mon Jun 02 09:00:\d\d\.\d{6} 2025\] \[core:notice\] \[pid 1:tid \d+\] AH00094: Command line: 'httpd -D FOREGROUND'$/);
      const stamp = (line: string): string => line.slice(1, line.indexOf(']'));
      expect(stamp(lines[3] as string) > stamp(lines[2] as string)).toBe(true);
    }
  });

  it('writes a common-format line per request on stdout', () => {
    const { run } = terminal();
    run('docker run -d --name web -p 8080:80 httpd');
    run('curl -s localhost:8080 >/dev/null');
    run('curl -sI localhost:8080/nope >/dev/null');
    expect(run('docker logs web 2>/dev/null').out).toMatch(/^172\.17\.0\.1 - - \[02\/Jun\/2025:09:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 45\n172\.17\.0\.1 - - \[02\/Jun\/2025:09:00:\d\d \+0000\] "HEAD \/nope HTTP\/1\.1" 404 -\n$/);
  });

  it('runs a root parent and three children as www-data, uid 33 (no name on the CentOS host)', () => {
    const { run } = terminal();
    run('docker run -d --name web httpd');
    const rows = run('docker top web -o user,ppid,pid,args').out.split('\n').slice(1, -1).map((l) => l.split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual(['root', '33', '33', '33']);
    expect(rows.slice(1).every((r) => r[1] === rows[0]?.[2])).toBe(true);
    expect(rows.every((r) => r.slice(3).join(' ') === 'httpd -DFOREGROUND')).toBe(true);
  });
});

describe('httpd stopping', () => {
  it('logs the graceful stop of docker stop (SIGWINCH) and exits 0; SIGTERM stops at once', () => {
    const { run } = terminal();
    run('docker run -d --name web httpd');
    run('docker stop web');
    const last = run('docker logs web').out.split('\n').at(-2) as string;
    const tid = /tid (\d+)/.exec(run('docker logs web').out.split('\n')[2] as string)?.[1];
    expect(last).toMatch(new RegExp(`^\\[Mon Jun 02 09:00:\\d\\d\\.\\d{6} 2025\\] \\[mpm_event:notice\\] \\[pid 1:tid ${tid}\\] AH00492: caught SIGWINCH, shutting down gracefully$`));
    expect(run("docker inspect -f '{{.State.ExitCode}}' web").out).toBe('0\n');
    expect(run('docker top web').out).toMatch(/is not running/);
    run('docker run -d --name web2 httpd');
    run('docker kill -s TERM web2');
    run('sleep 1');
    expect(run('docker logs web2').out.split('\n').at(-2)).toMatch(/\[mpm_event:notice\] \[pid 1:tid \d+\] AH00491: caught SIGTERM, shutting down$/);
    expect(run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web2").out).toBe('exited 0\n');
  });

  it('writes its pid file (1 and a newline: the 2B of docker ps -s) and removes it when it shuts down', () => {
    const { run } = terminal();
    run('docker run -d --name web httpd');
    expect(run('docker exec web cat /usr/local/apache2/logs/httpd.pid').out).toBe('1\n');
    expect(run("docker ps -s --format '{{.Size}}'").out).toBe('2B (virtual 143MB)\n');
    expect(run('docker diff web').out).toBe('C /usr\nC /usr/local\nC /usr/local/apache2\nC /usr/local/apache2/logs\nA /usr/local/apache2/logs/httpd.pid\n');
    run('docker stop web');
    expect(run("docker ps -a -s --format '{{.Size}}'").out).toBe('0B (virtual 143MB)\n');
    run('docker start web');
    run('docker kill web');
    expect(run("docker ps -a -s --format '{{.Size}}'").out).toBe('2B (virtual 143MB)\n');
  });
});

describe('httpd without -DFOREGROUND', () => {
  it('as PID 1 it daemonizes and returns: the container exits 0 and the forked server goes with it', () => {
    const { run } = terminal();
    run('docker run -d --name web httpd httpd');
    expect(run("docker ps -a --format '{{.Names}} {{.Status}}'").out).toMatch(/^web Exited \(0\) \d+ seconds? ago\n$/);
    // The first pass's warning reaches the terminal; after the detach, stderr is /dev/null.
    expect(run('docker logs web').out).toBe("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n");
    expect(run('ps -e -o comm | grep -c httpd').out).toBe('0\n');
  });

  it('httpd -k start in a container leaves a daemon (pid file, children, serving) and returns', () => {
    const { run } = terminal();
    run('docker run -d --name box httpd sleep 1000');
    const r = run('docker exec box httpd -k start');
    expect(r).toEqual({ out: "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n", code: 0 });
    const rows = run('docker top box -o ppid,pid,args').out.split('\n').slice(2, -1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((row) => row.slice(2).join(' '))).toEqual(['httpd -k start', 'httpd -k start', 'httpd -k start', 'httpd -k start']);
    expect(rows.slice(1).every((row) => row[0] === rows[0]?.[1])).toBe(true);
    expect(run('curl -s 172.17.0.2').out).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(run('docker exec box cat /usr/local/apache2/logs/httpd.pid').out).toMatch(/^\d+\n$/);
    expect(run('docker exec box httpd -k start').out).toMatch(/^AH00558: .*\nhttpd \(pid \d+\) already running\n$/);
    // Its logs went to /dev/null with its stderr and stdout.
    expect(run('docker logs box').out).toBe('');
    expect(run("docker ps --format '{{.Names}}'").out).toBe('box\n');
  });
});
