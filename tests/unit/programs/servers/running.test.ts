/** Servers started as processes in a container namespace, reached over the simulated network. */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../simulator/core/sha256.ts';
import { ROOT_NETNS } from '../../../../simulator/kernel/net/index.ts';
import { tcpHttpRequest } from '../../../../simulator/kernel/socket.ts';
import { NGINX_PAGE_LEGACY } from '../../../../simulator/programs/servers/nginx.ts';
import { bridgeLab, H } from '../../kernel/net/fixture.ts';
import { run, start } from '../net/run.ts';

const req = (method: string, path: string, body = '', query: [string, string][] = []) => ({ method, path, query, headers: { Host: '172.17.0.3:5000' }, body });

describe('servers as processes', () => {
  it('nginx 1.9.1 serves its page with the version from NGINX_VERSION; a second bind fails', () => {
    const { world, ctr2 } = bridgeLab();
    const fs = world.host(H).fs;
    fs.mkdir('/usr/share/nginx/html', { parents: true });
    fs.writeFile('/usr/share/nginx/html/index.html', NGINX_PAGE_LEGACY);
    const nginx = start(world, ['nginx', '-g', 'daemon off;'], { ns: ctr2, env: { NGINX_VERSION: '1.9.1-1~wheezy' } });
    expect(nginx.code).toBe(0);
    // The 1.9 image's nginx.conf logs at `warn`: nothing on stderr at start.
    expect(nginx.err).toBe('');
    expect(start(world, ['nginx', '-g', 'daemon off;'], { ns: ctr2 })).toMatchObject({ code: 1, err: expect.stringContaining('bind() to 0.0.0.0:80 failed (98: Address already in use)') });
    const r = run(world, 'curl -I 172.17.0.3');
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.9\.1\r\nDate: Mon, 02 Jun 2025 09:00:00 GMT\r\nContent-Type: text\/html\r\nContent-Length: 612\r\n/);
    expect(run(world, 'curl 172.17.0.3/missing').out).toContain('<hr><center>nginx/1.9.1</center>');
  });

  it('the registry keeps what is pushed in its filesystem across a restart', () => {
    const { world, ctr2 } = bridgeLab();
    const host = world.host(H);
    const boot = (): number => {
      const r = start(world, ['registry', 'serve', '/etc/docker/registry/config.yml'], { ns: ctr2 });
      expect(r.code).toBe(0);
      return r.pid;
    };
    const pid = boot();
    const config = '{"architecture":"amd64","os":"linux"}';
    const cd = `sha256:${sha256Hex(config)}`;
    expect(tcpHttpRequest(world, H, ROOT_NETNS, '172.17.0.3', 5000, req('POST', '/v2/sxq/httpd/blobs/uploads/', config, [['digest', cd]]))).toMatchObject({ ok: true, response: { status: 201 } });
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: cd }, layers: [] });
    expect(tcpHttpRequest(world, H, ROOT_NETNS, '172.17.0.3', 5000, req('PUT', '/v2/sxq/httpd/manifests/v12', manifest))).toMatchObject({ ok: true, response: { status: 201 } });
    expect(run(world, 'curl http://172.17.0.3:5000/v2/_catalog').out).toBe('{"repositories":["sxq/httpd"]}\n');
    host.exit(pid, 0);
    expect(run(world, 'curl http://172.17.0.3:5000/v2/_catalog').err).toBe('curl: (7) Failed connect to 172.17.0.3:5000; Connection refused\n');
    boot();
    expect(run(world, 'curl http://172.17.0.3:5000/v2/sxq/httpd/tags/list').out).toBe('{"name":"sxq/httpd","tags":["v12"]}\n');
  });
});

describe('httpd from the CentOS package', () => {
  it('serves /var/www/html as Apache/2.4.6 (CentOS) and logs to /var/log/httpd/access_log', () => {
    const { world } = bridgeLab();
    const fs = world.host(H).fs;
    fs.mkdir('/etc/httpd/conf', { parents: true });
    fs.writeFile('/etc/httpd/conf/httpd.conf', 'ServerRoot "/etc/httpd"\nListen 80\nDocumentRoot "/var/www/html"\n');
    fs.mkdir('/var/www/html', { parents: true });
    fs.mkdir('/var/log/httpd', { parents: true });
    fs.writeFile('/var/www/html/index.html', 'hello from centos\n');
    expect(start(world, '/usr/sbin/httpd -DFOREGROUND'.split(' ').map((a, i) => (i === 0 ? 'httpd' : a)))).toMatchObject({ code: 0, err: '' });
    const r = run(world, 'curl -i 127.0.0.1');
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: [^\r]+\r\nServer: Apache\/2\.4\.6 \(CentOS\)\r\n/);
    expect(r.out.endsWith('\r\n\r\nhello from centos\n')).toBe(true);
    expect(fs.readFile('/var/log/httpd/access_log')).toBe('127.0.0.1 - - [02/Jun/2025:09:00:00 +0000] "GET / HTTP/1.1" 200 18 "-" "curl/7.29.0"\n');
  });
});

describe('docker-proxy', () => {
  it('binds the host port as a process and forwards to the container; ss names it', () => {
    const { world } = bridgeLab();
    const argv = '-proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80'.split(' ');
    const p = start(world, ['docker-proxy', ...argv]);
    expect(p.code).toBe(0);
    expect(run(world, 'curl -s 127.0.0.1:8080').out).toBe('hello / from 172.17.0.1\n');
    expect(run(world, 'ss -lntp').out).toContain(`LISTEN     0      128          *:8080                     *:*                   users:(("docker-proxy",pid=${p.pid},fd=4))\n`);
    expect(start(world, ['docker-proxy', ...argv])).toMatchObject({ code: 1, err: 'listen tcp4 0.0.0.0:8080: bind: address already in use\n' });
  });
});
