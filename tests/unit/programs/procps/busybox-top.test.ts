/** busybox top: its own screen (Mem/CPU/Load average lines, PID PPID USER STAT VSZ %VSZ CPU %CPU COMMAND), not procps'. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('busybox top', () => {
  it('top -b -n 1 prints busybox\'s batch screen from the scheduler\'s rates, busiest first', () => {
    const { run } = terminal();
    run('docker pull busybox');
    run("docker run -d --name spin busybox sh -c 'while :; do :; done'");
    run('sleep 3');
    const r = run('docker exec spin top -b -n 1');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Mem: \d+K used, \d+K free, 9316K shrd, 2108K buff, 571040K cached$/);
    // One CPU of the host's two is busy: half of the machine.
    expect(lines[1]).toBe('CPU: 50.0% usr  0.0% sys  0.0% nic 50.0% idle  0.0% io  0.0% irq  0.0% sirq');
    expect(lines[2]).toMatch(/^Load average: \d\.\d\d \d\.\d\d \d\.\d\d \d+\/\d+ \d+$/);
    expect(lines[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND');
    expect(lines[4]).toBe('    1     0 root     R     4560  0.1   0 50.0 sh -c while :; do :; done');
    expect(lines[5]).toMatch(/^ {4}2 {5}0 root {5}R {5}\d{3}m {2}\d\.\d {3}0 {2}0\.0 top -b -n 1$/);
    // The batch newline after the list, then the one top prints as it exits.
    expect(r.out.endsWith('top -b -n 1\n\n')).toBe(true);
    expect(run('docker exec spin busybox top -bn1').out.split('\n')[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND');
  });

  it('-n 2 -d 1 draws two screens a second apart; bad options get busybox\'s wording', () => {
    const { run, lab } = terminal();
    run('docker pull busybox');
    run('docker run -d --name s1 busybox sleep 1000');
    const before = lab.world.clock.now;
    const out = run('docker exec s1 top -b -n 2 -d 1').out;
    expect(out.split('\n').filter((l) => l.startsWith('Mem: ')).length).toBe(2);
    expect(lab.world.clock.now - before).toBeGreaterThanOrEqual(1100);
    expect(run('docker exec s1 top -x')).toEqual({ out: "top: invalid option -- 'x'\nUsage: top [-bmH] [-n COUNT] [-d SECONDS]\n", code: 1 });
  });

  it('without -b it draws one terminal screen (home, clear, header in reverse video); detached it keeps running', () => {
    const { run } = terminal();
    run('docker pull busybox');
    run('docker run -d --name s1 busybox sleep 1000');
    const out = run('docker exec -t s1 top').out;
    expect(out.startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
    // The terminal turns each newline into CR LF.
    expect(out).toContain('\r\n\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\x1b[m\r\n    1     0 root     S  ');
    expect(out).toMatch(/\r\n {4}2 {5}0 root {5}R .* top\r\n$/);
    run('docker run -d --name t1 busybox top');
    run('sleep 10');
    expect(run("docker ps -f name=t1 --format '{{.Status}}'").out).toMatch(/^Up 1\d seconds\n$/);
  });

  it('Alpine\'s build prints whole percents; centos:7 keeps procps top', () => {
    const { run } = terminal();
    run('docker pull alpine && docker pull centos:7');
    const lines = run('docker run --rm alpine top -b -n1').out.split('\n');
    expect(lines[1]).toBe('CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq');
    expect(lines[4]).toMatch(/^ {4}1 {5}0 root {5}R {5}\d{3}m {3}\d% {3}0 {3}0% top -b -n1$/);
    expect(run('docker run --rm centos:7 top -b -n1').out).toMatch(/^top - \d\d:\d\d:\d\d up /);
  });
});
