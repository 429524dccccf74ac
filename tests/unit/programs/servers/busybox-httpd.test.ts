/** busybox httpd serves a directory with busybox's own headers and error page. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('busybox httpd', () => {
  it('serves files from -h in the foreground as a container command', () => {
    const { run } = terminal();
    run('mkdir /www; echo hello from busybox > /www/index.html');
    run('docker run -d --name web -p 8080:8080 -v /www:/www busybox httpd -f -p 8080 -h /www');
    expect(run("docker inspect -f '{{.State.Status}}' web").out).toBe('running\n');
    const r = run('curl -si localhost:8080/');
    expect(r.out).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: .+ GMT\r\nConnection: close\r\nContent-type: text\/html\r\nAccept-Ranges: bytes\r\nLast-Modified: .+ GMT\r\nETag: "[0-9a-f]+-13"\r\nContent-Length: 19\r\n\r\nhello from busybox\n$/);
    expect(run('curl -s localhost:8080/nope').out).toBe('<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n');
    expect(run('curl -si localhost:8080/sub').out).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    run('mkdir /www/sub; echo in sub > /www/sub/index.html');
    expect(run('curl -si localhost:8080/sub').out).toMatch(/^HTTP\/1\.1 302 Found\r\n.*Location: \/sub\/\r\n/s);
    expect(run('curl -s localhost:8080/sub/').out).toBe('in sub\n');
  });

  it('puts itself in the background without -f: the command returns at once', () => {
    const { run } = terminal();
    run('docker pull busybox');
    expect(run('docker run --rm busybox sh -c "echo hi > /tmp/index.html; busybox httpd -p 80 -h /tmp; wget -q -O - localhost"').out).toBe('hi\n');
  });

  it('as a container command without -f: PID 1 returns, so the container exits 0 and its daemon goes with it', () => {
    const { run } = terminal();
    run('docker run -d --name bg -p 8081:80 busybox httpd -p 80');
    expect(run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' bg").out).toBe('exited 0\n');
    expect(run('curl -s localhost:8081').code).toBe(7);
    // Something else as PID 1 keeps the container, and the daemonized httpd in it, up.
    run('docker run -d --name kept busybox sh -c "httpd -p 80; sleep 1000"');
    expect(run("docker inspect -f '{{.State.Status}}' kept").out).toBe('running\n');
    expect(run('docker top kept -o pid,args').out).toMatch(/^PID +COMMAND\n\d+ +sleep 1000\n\d+ +httpd -p 80\n$/);
  });
});

describe('a server as the last command of sh -c', () => {
  it('takes over the shell process in ash, so the container keeps serving', () => {
    const { run } = terminal();
    run('docker run -d --name web -p 8080:80 busybox sh -c "mkdir /www; echo hi > /www/index.html; httpd -f -p 80 -h /www"');
    expect(run("docker inspect -f '{{.State.Status}}' web").out).toBe('running\n');
    expect(run('curl -s localhost:8080').out).toBe('hi\n');
    expect(run('docker top web').out.split('\n')[1]).toMatch(/ httpd -f -p 80 -h \/www$/);
  });
});
