/**
 * `docker run` flags that shape a container's name resolution and environment, as Docker 28.2
 * does them: --dns/--dns-search/--dns-option (resolv.conf), --add-host and legacy --link
 * (/etc/hosts and link variables, moby's links package), --env-file, --label-file, --init.
 * Flag errors are the client's wording (checked against the real client).
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

function lab() {
  const l = createLab('docker', { seed: 1 });
  l.run('docker pull busybox');
  return l;
}

describe('docker run name resolution flags', () => {
  it('--dns, --dns-search and --dns-option write resolv.conf and HostConfig', () => {
    const l = lab();
    expect(l.run('docker run --rm --dns 8.8.8.8 --dns-search example.com --dns-option ndots:2 busybox cat /etc/resolv.conf').output).toBe('nameserver 8.8.8.8\nsearch example.com\noptions ndots:2\n');
    l.run('docker create --name d1 --dns 8.8.8.8 busybox');
    expect(l.run("docker inspect -f '{{.HostConfig.Dns}} {{.HostConfig.DnsSearch}}' d1").output).toBe('[8.8.8.8] []\n');
    expect(l.run('docker run --dns foo busybox').output).toBe('invalid argument "foo" for "--dns" flag: IP address is not correctly formatted: foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n');
  });

  it('--add-host adds /etc/hosts lines before the container own', () => {
    const l = lab();
    const hosts = l.run('docker run --rm --add-host db:10.0.0.5 --add-host=x=1.2.3.4 busybox cat /etc/hosts').output.split('\n');
    expect(hosts.slice(6, 8)).toEqual(['10.0.0.5\tdb', '1.2.3.4\tx']);
    expect(l.run('docker run --add-host foo:bar busybox').exitCode).toBe(125);
    expect(l.run('docker run --add-host foo:bar busybox').output.split('\n')[0]).toBe('invalid argument "foo:bar" for "--add-host" flag: invalid IP address in add-host: "bar"');
  });

  it('--link gives the hosts entry and the link variables on the default bridge', () => {
    const l = lab();
    l.run('docker run -d --name web -e SECRET=x httpd');
    l.run('docker run -d --name app --link web:webalias busybox sleep 100');
    expect(l.run("docker inspect -f '{{.HostConfig.Links}}' app").output).toBe('[/web:/app/webalias]\n');
    const hosts = l.run('docker exec app cat /etc/hosts').output;
    expect(hosts).toMatch(/\n172\.17\.0\.2\twebalias [0-9a-f]{12} web\n172\.17\.0\.3\t[0-9a-f]{12}\n$/);
    const env = l.run('docker exec app env').output;
    expect(env).toContain('WEBALIAS_PORT=tcp://172.17.0.2:80\nWEBALIAS_PORT_80_TCP=tcp://172.17.0.2:80\nWEBALIAS_PORT_80_TCP_ADDR=172.17.0.2\nWEBALIAS_PORT_80_TCP_PORT=80\nWEBALIAS_PORT_80_TCP_PROTO=tcp\nWEBALIAS_NAME=/app/webalias\n');
    expect(env).toContain('WEBALIAS_ENV_SECRET=x\n');
    const missing = l.run('docker run --rm --link nope:x busybox true');
    expect(missing.output).toBe("docker: Error response from daemon: could not get container for nope: No such container: nope\n\nRun 'docker run --help' for more information\n");
    expect(missing.exitCode).toBe(125);
    expect(l.run('docker run --link a:b:c busybox').output.split('\n')[0]).toBe('invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c');
  });
});

describe('docker run environment, labels and init', () => {
  it('--env-file lines come before -e; a bare name takes the client value', () => {
    const l = lab();
    l.writeFile('/root/env.list', 'A=1\n# comment\n\nB\nC=3\n');
    const env = l.run('B=zz docker run --rm --env-file env.list -e D=4 busybox env').output;
    expect(env).toContain('A=1\nB=zz\nC=3\nD=4\n');
    expect(l.run('docker run --env-file nope busybox').output).toBe("docker: open nope: no such file or directory\n\nRun 'docker run --help' for more information\n");
    l.writeFile('/root/bad.list', ' bad key=1\n');
    expect(l.run('docker run --env-file bad.list busybox').output.split('\n')[0]).toBe("docker: invalid env file (bad.list): variable 'bad key' contains whitespaces");
  });

  it('-l and --label-file set Config.Labels', () => {
    const l = lab();
    l.writeFile('/root/labels', 'tier=web\n');
    l.run('docker create --name lab -l a=b --label-file labels busybox');
    expect(l.run("docker inspect -f '{{json .Config.Labels}}' lab").output).toBe('{"a":"b","tier":"web"}\n');
  });

  it('--init runs docker-init as PID 1 with the command as its child', () => {
    const l = lab();
    l.run('docker run -d --init --name i1 busybox sleep 100');
    expect(l.run("docker inspect -f '{{.HostConfig.Init}}' i1").output).toBe('true\n');
    const ps = l.run('docker exec i1 ps').output.split('\n');
    expect(ps[1]).toMatch(/^ +1 root .* \/sbin\/docker-init -- sleep 100$/);
    expect(ps[2]).toMatch(/^ +2 root .* sleep 100$/);
    l.run('docker stop i1');
    expect(l.run("docker ps -a --filter name=i1 --format '{{.Status}}'").output).toMatch(/^Exited \(\d+\)/);
  });
});
