/**
 * nc: ncat 6.40 on the CentOS host, busybox's applet in busybox containers. Data goes over the
 * simulated TCP/UDP path to a listening nc (a background job or a container), refusals read as
 * each tool words them.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('ncat on the host', () => {
  it('carries data to a listener in a background job, which then ends', () => {
    const { run } = terminal();
    expect(run('nc -l 1234 > /tmp/got &').out).toMatch(/^\[1\] \d+\n$/);
    expect(run('ss -lnt | grep -c 1234').out).toBe('1\n');
    expect(run('echo hello | nc localhost 1234')).toEqual({ out: '', code: 0 });
    expect(run('cat /tmp/got').out).toBe('hello\n[1]+  Done                    nc -l 1234 > /tmp/got\n');
    expect(run('ss -lnt | grep -c 1234')).toEqual({ out: '0\n', code: 1 });
  });

  it('shows what a listener receives on the terminal, and keeps listening with -k', () => {
    const { lab, run } = terminal();
    run('nc -lk 2000 &');
    expect(lab.run('echo one | nc 127.0.0.1 2000', { session: 'second' }).output).toBe('');
    expect(run('echo two | nc 127.0.0.1 2000').out).toBe('one\ntwo\n');
  });

  it('answers with the listener standard input', () => {
    const { run } = terminal();
    run('echo pong | nc -l 2001 > /dev/null &');
    expect(run('echo ping | nc 127.0.0.1 2001').out).toBe('pong\n');
  });

  it('reports refusals, bad options and a foreground listener', () => {
    const { run } = terminal();
    expect(run('nc 127.0.0.1 1')).toEqual({ out: 'Ncat: Connection refused.\n', code: 1 });
    expect(run('echo x | nc -u 127.0.0.1 9')).toEqual({ out: 'Ncat: Connection refused.\n', code: 1 });
    expect(run('nc -z 127.0.0.1 22')).toEqual({ out: "nc: invalid option -- 'z'\nNcat: Try `--help' or man(1) ncat for more information, usage options and help. QUITTING.\n", code: 2 });
    expect(run('nc 127.0.0.1 99999')).toEqual({ out: 'Ncat: Invalid port number "99999". QUITTING.\n', code: 2 });
    expect(run('nc -l 1236').code).toBe(1);
    run('nc -l 3000 &');
    run('nc -l 3000 2> /tmp/err &');
    expect(run('cat /tmp/err').out).toBe('Ncat: bind to :::3000: Address already in use. QUITTING.\n[2]+  Exit 2                  nc -l 3000 2> /tmp/err\n');
  });

  it('listens with -v as ncat prints it', () => {
    const { run } = terminal();
    run('nc -v -l 4000 > /tmp/log 2>&1 &');
    run('echo hi | nc 127.0.0.1 4000');
    expect(run('cat /tmp/log').out).toMatch(/^Ncat: Version 6\.40 \( http:\/\/nmap\.org\/ncat \)\nNcat: Listening on :::4000\nNcat: Listening on 0\.0\.0\.0:4000\nNcat: Connection from 127\.0\.0\.1\.\nNcat: Connection from 127\.0\.0\.1:\d+\.\nhi\n/);
  });
});

describe('busybox nc between containers', () => {
  it('sends to a listening container, scans with -z and keeps quiet on refusal', () => {
    const { run } = terminal();
    run('docker run -d --name srv busybox nc -lk -p 9000');
    const ip = run("docker inspect -f '{{.NetworkSettings.IPAddress}}' srv").out.trim();
    expect(run(`echo hello | docker run --rm -i busybox nc ${ip} 9000`)).toEqual({ out: '', code: 0 });
    expect(run('docker logs srv').out).toBe('hello\n');
    expect(run(`docker run --rm busybox nc -zv ${ip} 9000`)).toEqual({ out: `${ip} (${ip}:9000) open\n`, code: 0 });
    expect(run(`docker run --rm busybox nc -z ${ip} 9001`)).toEqual({ out: '', code: 1 });
    expect(run(`docker run --rm busybox nc ${ip} 9001`)).toEqual({ out: '', code: 1 });
    expect(run(`docker run --rm busybox nc -vv ${ip} 9001`)).toEqual({ out: `nc: ${ip} (${ip}:9001): Connection refused\n`, code: 1 });
    expect(run(`docker run --rm busybox busybox nc -z ${ip} 9000`).code).toBe(0);
  });

  it('ends a listener without -k after one connection, which stops its container', () => {
    const { run } = terminal();
    run('docker run -d --name once busybox nc -l -p 7000');
    const ip = run("docker inspect -f '{{.NetworkSettings.IPAddress}}' once").out.trim();
    run(`echo bye | docker run --rm -i busybox nc ${ip} 7000`);
    expect(run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' once").out).toBe('exited 0\n');
    expect(run('docker logs once').out).toBe('bye\n');
  });
});
