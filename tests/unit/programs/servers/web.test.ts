import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../../simulator/kernel/http.ts';
import { HTTPD_DEFAULT_PAGE, httpdHandle } from '../../../../simulator/programs/servers/httpd.ts';
import { NGINX_PAGE_MODERN, nginxHandle } from '../../../../simulator/programs/servers/nginx.ts';
import { netWorld, H } from '../../kernel/net/fixture.ts';

const get = (path: string, method = 'GET'): HttpRequest => ({ method, path, query: [], headers: { Host: 'localhost:8080', 'User-Agent': 'curl/7.29.0' }, body: '' });

describe('httpd', () => {
  it('serves htdocs/index.html with Apache headers (order as `curl -I` against httpd:2.4 shows them)', () => {
    const world = netWorld();
    const fs = world.host(H).fs;
    fs.mkdir('/usr/local/apache2/htdocs', { parents: true });
    fs.writeFile('/usr/local/apache2/htdocs/index.html', HTTPD_DEFAULT_PAGE);
    // 2007-06-11T18:53:14Z: the image's index.html; Apache's ETag is "<size hex>-<mtime in µs hex>".
    fs.stat('/usr/local/apache2/htdocs/index.html').mtime = 1181587994000;
    const r = httpdHandle(world, fs, 'Apache/2.4.63 (Unix)', get('/'));
    expect(r.status).toBe(200);
    expect(r.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(r.headers).toEqual({
      Date: 'Mon, 02 Jun 2025 09:00:00 GMT',
      Server: 'Apache/2.4.63 (Unix)',
      'Last-Modified': 'Mon, 11 Jun 2007 18:53:14 GMT',
      ETag: '"2d-432a5e4a73a80"',
      'Accept-Ranges': 'bytes',
      'Content-Length': '45',
      'Content-Type': 'text/html',
    });
    const missing = httpdHandle(world, fs, 'Apache/2.4.63 (Unix)', get('/nope.html'));
    expect(missing.status).toBe(404);
    expect(missing.headers['Content-Length']).toBe('196');
  });
});

describe('nginx', () => {
  it('serves the configured root with nginx headers and CRLF error pages naming the version', () => {
    const world = netWorld();
    const fs = world.host(H).fs;
    fs.mkdir('/usr/share/nginx/html', { parents: true });
    fs.writeFile('/usr/share/nginx/html/index.html', NGINX_PAGE_MODERN);
    const r = nginxHandle(world, fs, '1.27.5', 80, get('/'));
    expect(r.headers['Server']).toBe('nginx/1.27.5');
    expect(r.headers['Content-Length']).toBe('615');
    expect(nginxHandle(world, fs, '1.27.5', 80, get('/x')).body).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.5</center>\r\n</body>\r\n</html>\r\n');
  });
});
