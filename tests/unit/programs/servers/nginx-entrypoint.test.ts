/** The nginx images at start: the modern image's entrypoint scripts, then nginx's own notices and workers. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

const ENTRYPOINT = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

describe('nginx:latest at start', () => {
  it('prints the entrypoint lines on stdout, then notices on stderr with one worker per host CPU', () => {
    const { run } = terminal();
    run('docker run -d --name web -p 8080:80 nginx');
    expect(run('docker logs web 2>/dev/null').out).toBe(ENTRYPOINT.map((l) => l + '\n').join(''));
    const notices = run('docker logs web 2>&1 >/dev/null').out.split('\n');
    expect(notices.slice(0, 8)).toEqual([
      '2025/06/02 09:00:08 [notice] 1#1: using the "epoll" event method',
      '2025/06/02 09:00:08 [notice] 1#1: nginx/1.27.5',
      '2025/06/02 09:00:08 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
      '2025/06/02 09:00:08 [notice] 1#1: OS: Linux 3.10.0-1160.el7.x86_64',
      '2025/06/02 09:00:08 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      '2025/06/02 09:00:08 [notice] 1#1: start worker processes',
      '2025/06/02 09:00:08 [notice] 1#1: start worker process 29',
      '2025/06/02 09:00:08 [notice] 1#1: start worker process 30',
    ]);
    // The master and both workers are nginx by name, whatever their rewritten command lines say.
    expect(run('docker top web -o comm,pid').out.split('\n').slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['nginx', 'nginx', 'nginx']);
  });

  it('adds the IPv6 listen line to the packaged default.conf once; a restart finds it there', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    expect(run("docker exec web grep -n 'listen ' /etc/nginx/conf.d/default.conf").out).toBe('2:    listen       80;\n3:    listen  [::]:80;\n');
    run('docker restart web');
    const lines = run('docker logs web 2>/dev/null').out.split('\n');
    expect(lines.slice(ENTRYPOINT.length, ENTRYPOINT.length + 4)).toEqual([
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled',
    ]);
  });

  it('leaves a default.conf of your own alone, and says why', () => {
    const { run } = terminal();
    run("mkdir /conf && printf 'server {\\n    listen       80;\\n}\\n' > /conf/default.conf");
    run('docker run -d --name own -v /conf/default.conf:/etc/nginx/conf.d/default.conf nginx');
    expect(run('docker logs own 2>/dev/null').out.split('\n')[4]).toBe('10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version');
    run('docker run -d --name ro -v /conf/default.conf:/etc/nginx/conf.d/default.conf:ro nginx');
    expect(run('docker logs ro 2>/dev/null').out.split('\n')[3]).toBe('10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)');
    expect(run('cat /conf/default.conf').out).toBe('server {\n    listen       80;\n}\n');
  });

  it('renders templates with the environment; quiet logs print nothing of this', () => {
    const { run } = terminal();
    run("mkdir /tpl && printf 'server { listen ${PORT}; server_name $HOSTNAME; root $UNSET; }\\n' > /tpl/site.conf.template");
    run('docker run -d --name tpl -h box -e PORT=8081 -v /tpl:/etc/nginx/templates nginx');
    expect(run('docker logs tpl 2>/dev/null').out).toContain('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n20-envsubst-on-templates.sh: Running envsubst on /etc/nginx/templates/site.conf.template to /etc/nginx/conf.d/site.conf\n');
    expect(run('docker exec tpl cat /etc/nginx/conf.d/site.conf').out).toBe('server { listen 8081; server_name box; root $UNSET; }\n');
    run('docker run -d --name quiet -e NGINX_ENTRYPOINT_QUIET_LOGS=1 nginx');
    expect(run('docker logs quiet 2>/dev/null').out).toBe('');
  });

  it('runs other commands without configuring anything', () => {
    const { run } = terminal();
    run('docker pull -q nginx');
    expect(run('docker run --rm nginx echo hi').out).toBe('hi\n');
  });

  it('writes an access log line per request to stdout', () => {
    const { run } = terminal();
    run('docker run -d --name web -p 8080:80 nginx');
    run('curl -s localhost:8080 >/dev/null');
    expect(run('docker logs web 2>/dev/null | tail -n 1').out).toMatch(/^172\.17\.0\.1 - - \[02\/Jun\/2025:09:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.29\.0" "-"\n$/);
  });
});

describe('the 2015 nginx images', () => {
  it('log at warn with one worker: nothing in docker logs at start', () => {
    const { run } = terminal();
    run('docker run -d --name old nginx:1.7.9');
    expect(run('docker logs old').out).toBe('');
    expect(run('docker top old -o pid,args').out.split('\n').slice(1, 3).map((l) => l.replace(/^\d+\s+/, ''))).toEqual(['nginx: master process nginx -g daemon off;', 'nginx: worker process']);
    expect(run("docker exec old grep -c '::' /etc/nginx/conf.d/default.conf").out).toBe('0\n');
  });
});

describe('nginx stopping', () => {
  it('logs the graceful shutdown of docker stop (SIGQUIT), workers first, then exits 0', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    run('docker stop web');
    const lines = run('docker logs web 2>&1 >/dev/null').out.split('\n').filter((l) => l !== '');
    expect(lines.slice(-13).map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ''))).toEqual([
      '[notice] 1#1: signal 3 (SIGQUIT) received, shutting down',
      '[notice] 29#29: gracefully shutting down',
      '[notice] 30#30: gracefully shutting down',
      '[notice] 29#29: exiting',
      '[notice] 30#30: exiting',
      '[notice] 29#29: exit',
      '[notice] 30#30: exit',
      '[notice] 1#1: signal 17 (SIGCHLD) received from 29',
      '[notice] 1#1: worker process 29 exited with code 0',
      '[notice] 1#1: signal 29 (SIGIO) received',
      '[notice] 1#1: signal 17 (SIGCHLD) received from 30',
      '[notice] 1#1: worker process 30 exited with code 0',
      '[notice] 1#1: exit',
    ]);
    expect(run("docker inspect -f '{{.State.ExitCode}}' web").out).toBe('0\n');
  });

  it('exits at once on SIGTERM', () => {
    const { run } = terminal();
    run('docker run -d --name web nginx');
    run('docker kill -s TERM web');
    const lines = run('docker logs web 2>&1 >/dev/null').out.split('\n').filter((l) => l !== '');
    expect(lines.at(-11)).toMatch(/\[notice\] 1#1: signal 15 \(SIGTERM\) received, exiting$/);
    expect(lines.at(-1)).toMatch(/\[notice\] 1#1: exit$/);
    expect(run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web").out).toBe('exited 0\n');
  });
});
