/**
 * stop, kill and restart with several containers, as the 28.2 client runs them: stop and kill
 * send every request at once (docker/cli's parallelOperation) and print the names in argument
 * order with the errors after them; restart goes one container after another.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../../../programs/shell/helpers.ts';

function threeSleepers() {
  const t = terminal();
  t.run('docker pull -q busybox');
  // sleep as PID 1 has no handler for SIGTERM: each waits out the stop timeout.
  for (const n of ['ann', 'bob', 'cat']) t.run(`docker run -d --name ${n} busybox sleep 1000`);
  return t;
}

/** Runs `line` between two readings of the lab clock: its output without them, and the seconds it took. */
function timed(run: (line: string) => { out: string; code: number }, line: string): { out: string; code: number; seconds: number } {
  const r = run(`date +%s; ${line}; echo "$?"; date +%s`);
  const lines = r.out.split('\n').slice(0, -1);
  const [start, end] = [Number(lines[0]), Number(lines[lines.length - 1])];
  return { out: lines.slice(1, -2).map((l) => `${l}\n`).join(''), code: Number(lines[lines.length - 2]), seconds: end - start };
}

describe('docker stop with several containers', () => {
  it('stops them concurrently: three that ignore SIGTERM take 10 s in all, names in argument order, errors last', () => {
    const { run } = threeSleepers();
    const r = timed(run, 'docker stop cat nope ann bob');
    expect(r.out).toBe('cat\nann\nbob\nError response from daemon: No such container: nope\n');
    expect(r.code).toBe(1);
    expect(r.seconds).toBe(10);
    // Killed at the same moment, each with SIGKILL once its 10 s ran out.
    const ends = run("docker inspect -f '{{.State.ExitCode}} {{.State.FinishedAt}}' ann bob cat | cut -c1-23").out.split('\n').slice(0, 3);
    expect(new Set(ends).size).toBe(1);
    expect(ends[0]).toMatch(/^137 /);
  });

  it('a container that ends on SIGTERM does not wait for the slow ones, and --rm ones are removed', () => {
    const t = threeSleepers();
    t.run('docker pull -q nginx');
    t.run('docker run -d --rm --name web nginx');
    expect(timed(t.run, 'docker stop -t 3 ann web bob')).toEqual({ out: 'ann\nweb\nbob\n', code: 0, seconds: 3 });
    expect(t.run("docker ps -a --format '{{.Names}}' --filter name=web").out).toBe('');
  });

  it('kill sends to all of them, restart goes one after another (10 s each)', () => {
    const { run } = threeSleepers();
    expect(timed(run, 'docker restart ann bob')).toEqual({ out: 'ann\nbob\n', code: 0, seconds: 20 });
    expect(run('docker kill ann bob cat').out).toBe('ann\nbob\ncat\n');
  });
});
