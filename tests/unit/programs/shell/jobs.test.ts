/**
 * Background jobs whose program keeps running (a listening nc) stay until it ends; `bash -c` waits
 * on a server that is its last command and ends with it.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

describe('jobs that keep running', () => {
  it('numbers a second job after a running one and reports each when it ends', () => {
    const { run } = terminal();
    expect(run('nc -l 6000 > /dev/null &').out).toMatch(/^\[1\] \d+\n$/);
    expect(run('true &').out).toMatch(/^\[2\] \d+\n$/);
    expect(run('echo x | nc 127.0.0.1 6000').out).toBe('[2]+  Done                    true\n');
    expect(run('true').out).toBe('[1]+  Done                    nc -l 6000 > /dev/null\n');
  });

  it('keeps a bash -c job alive while its last command serves, then ends with it', () => {
    const { run } = terminal();
    run('bash -c "cd /tmp; nc -l 6001 > /tmp/o" &');
    expect(run('ps -o pid,comm').out).toMatch(/ bash\n.* nc\n/s);
    run('echo hey | nc 127.0.0.1 6001');
    expect(run('cat /tmp/o').out).toBe('hey\n[1]+  Done                    bash -c "cd /tmp; nc -l 6001 > /tmp/o"\n');
  });
});
