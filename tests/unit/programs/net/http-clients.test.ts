/** curl's request options and wget 1.14's messages, against a test service that echoes the request. */
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../../simulator/kernel/http.ts';
import { bridgeLab, H } from '../../kernel/net/fixture.ts';
import { run } from './run.ts';

function echoLab(): ReturnType<typeof bridgeLab> {
  const lab = bridgeLab();
  lab.world.services['test-http'] = (req): HttpResponse => {
    if (req.path === '/old') return { status: 301, headers: { Location: '/new' }, body: '' };
    if (req.path === '/missing') return { status: 404, headers: { 'Content-Type': 'text/html' }, body: 'nope\n' };
    return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `${req.method} ${req.path} ${req.headers['Content-Type'] ?? '-'} ${req.headers['X-Token'] ?? '-'} ${req.body}\n` };
  };
  lab.world.host(H).fs.mkdir('/root', { parents: true });
  return lab;
}

describe('curl options', () => {
  it('-d posts a form, -X and -H shape the request, -o writes the body to a file', () => {
    const { world } = echoLab();
    expect(run(world, ['curl', '-d', 'a=1', '-d', 'b=2', '172.17.0.2/f']).out).toBe('POST /f application/x-www-form-urlencoded - a=1&b=2\n');
    expect(run(world, ['curl', '-X', 'PUT', '-H', 'X-Token: t1', '172.17.0.2/p']).out).toBe('PUT /p - t1 \n');
    expect(run(world, ['curl', '-s', '-o', 'page.txt', '172.17.0.2/x'])).toEqual({ out: '', err: '', code: 0 });
    expect(world.host(H).fs.readFile('/root/page.txt')).toBe('GET /x - - \n');
  });

  it('-L follows a redirect; -f fails on 404 with exit 22', () => {
    const { world } = echoLab();
    expect(run(world, 'curl 172.17.0.2/old').out).toBe('');
    expect(run(world, 'curl -L 172.17.0.2/old').out).toBe('GET /new - - \n');
    expect(run(world, 'curl -f 172.17.0.2/missing')).toEqual({ out: '', err: 'curl: (22) The requested URL returned error: 404 Not Found\n', code: 22 });
    expect(run(world, 'curl --bogus 172.17.0.2')).toEqual({ out: '', err: "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 });
  });
});

describe('wget', () => {
  it('saves index.html with 1.14 messages; refused and 404 exit 4 and 8', () => {
    const { world } = echoLab();
    const r = run(world, 'wget 172.17.0.2/');
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      '--2025-06-02 09:00:00--  http://172.17.0.2/\n' +
        'Connecting to 172.17.0.2:80... connected.\n' +
        'HTTP request sent, awaiting response... 200 OK\n' +
        'Length: 11 [text/plain]\n' +
        'Saving to: ‘index.html’\n\n' +
        '100%[======================================>] 11          --.-K/s   in 0s      \n\n' +
        '2025-06-02 09:00:00 (107 KB/s) - ‘index.html’ saved [11/11]\n\n',
    );
    expect(world.host(H).fs.readFile('/root/index.html')).toBe('GET / - - \n');
    expect(run(world, 'wget 172.17.0.2:81/').err).toBe('--2025-06-02 09:00:00--  http://172.17.0.2:81/\nConnecting to 172.17.0.2:81... failed: Connection refused.\n');
    expect(run(world, 'wget 172.17.0.2/missing')).toMatchObject({ code: 8, err: expect.stringContaining('HTTP request sent, awaiting response... 404 Not Found\n2025-06-02 09:00:00 ERROR 404: Not Found.\n\n') });
  });
});

describe('busybox wget', () => {
  it('-qO- prints the body; refusals and HTTP errors in the applet words', () => {
    const { world, ctr2 } = echoLab();
    expect(run(world, 'busybox-wget -qO- 172.17.0.2/x', { ns: ctr2 })).toEqual({ out: 'GET /x - - \n', err: '', code: 0 });
    expect(run(world, 'busybox-wget -qO- 172.17.0.2:81', { ns: ctr2 })).toEqual({ out: '', err: "wget: can't connect to remote host (172.17.0.2): Connection refused\n", code: 1 });
    expect(run(world, 'busybox-wget -q -O - 172.17.0.2/missing', { ns: ctr2 })).toEqual({ out: '', err: 'wget: server returned error: HTTP/1.1 404 Not Found\n', code: 1 });
    expect(run(world, 'busybox-wget -qO- nosuch', { ns: ctr2 })).toEqual({ out: '', err: "wget: bad address 'nosuch'\n", code: 1 });
  });
});
