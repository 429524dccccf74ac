/** The daemon's event log as `docker events` reads it. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

/** `2025-06-02T09:00:04.2447Z container die …` → [sortable time, action]. */
function parse(line: string): [string, string] {
  const [time, , action] = line.split(' ') as [string, string, string];
  const m = /^(.*T[\d:]+)(?:\.(\d+))?Z$/.exec(time) as RegExpExecArray;
  return [`${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`, action];
}

describe('docker events', () => {
  it('lists a restarting container’s die and start in the order they happened, times included', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    const since = Math.floor(lab.now / 1000) + 1;
    run(`docker run -d --restart always --name flap busybox sh -c 'echo hi; exit 1'`);
    run('sleep 5');
    const events = run(`docker events --since ${since} --until ${Math.floor(lab.now / 1000)} --filter container=flap`).out.trim().split('\n').map(parse);
    const actions = events.map(([, a]) => a);
    expect(actions.slice(0, 3)).toEqual(['create', 'start', 'die']);
    for (let k = 3; k < actions.length; k++) expect(actions[k]).toBe(actions[k - 1] === 'start' ? 'die' : 'start');
    expect(actions.length).toBeGreaterThan(8);
    for (let k = 1; k < events.length; k++) expect((events[k] as [string, string])[0] > (events[k - 1] as [string, string])[0]).toBe(true);
  });
});

describe('docker stop in the event log', () => {
  it('logs the stop signal as a kill event before the die, and the SIGKILL when the timeout runs out', () => {
    const { lab, run } = terminal();
    run('docker pull -q busybox');
    run('docker pull -q httpd');
    run('docker run -d --name web httpd');
    run('docker run -d --name sl busybox sleep 1000');
    const since = Math.floor(lab.now / 1000);
    run('docker stop web sl');
    const out = run(`docker events --since ${since} --until ${Math.floor(lab.now / 1000) + 1} --format '{{.Action}} {{.Actor.Attributes.name}} {{index .Actor.Attributes "signal"}}'`).out;
    // httpd's image stops with SIGWINCH (28); busybox's sleep ignores SIGTERM as PID 1 and is killed
    // after 10 s. `index` of a missing key is the map's zero value, an empty string.
    expect(out.slice(out.indexOf('kill web'))).toBe('kill web 28\nkill sl 15\ndie web \nstop web \nkill sl 9\ndie sl \nstop sl \n');
  });
});
