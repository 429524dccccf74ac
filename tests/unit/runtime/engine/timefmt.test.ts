/**
 * dockerd writes times with nanoseconds (Go's RFC3339Nano: `2025-06-02T09:00:04.123456789Z`,
 * trailing zeros dropped); the lab's clock has milliseconds, so the digits below are derived.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import { daemonNanos, daemonTime, SLOT, subMillisecondNanos } from '../../../../simulator/runtime/engine/timefmt.ts';

describe('daemon timestamps', () => {
  it('have nanoseconds derived from what they stamp, in order within a millisecond', () => {
    const ms = Date.UTC(2025, 5, 2, 9, 0, 4, 123);
    expect(daemonTime(ms, 'abc')).toMatch(/^2025-06-02T09:00:04\.123\d{0,6}Z$/);
    expect(daemonTime(ms, 'abc')).toBe(daemonTime(ms, 'abc'));
    expect(daemonTime(0, 'abc')).toBe('0001-01-01T00:00:00Z');
    expect(subMillisecondNanos('x', SLOT.started)).toBeLessThan(subMillisecondNanos('y', SLOT.finished));
    expect(daemonNanos(ms, 'e')).toMatch(/^1748854804123\d{6}$/);
  });

  it('appear in inspect: Created, StartedAt, FinishedAt, image Created', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run --name once busybox echo hi');
    const [created, started, finished] = lab.run("docker inspect -f '{{.Created}} {{.State.StartedAt}} {{.State.FinishedAt}}' once").output.trim().split(' ') as [string, string, string];
    for (const t of [created, started, finished]) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z$/);
    expect(created.length + started.length + finished.length).toBeGreaterThan(3 * 28);
    expect(finished > started).toBe(true);
    // The hub's catalog times are kept to the nanosecond.
    lab.run('docker pull centos:7');
    expect(lab.run("docker image inspect -f '{{.Created}}' centos:7").output).toBe('2021-09-15T18:20:05.184694267Z\n');
    lab.run('docker commit once snap');
    expect(lab.run("docker image inspect -f '{{.Created}}' snap").output).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7,9}Z\n$/);
  });

  it('docker events prints nine digits', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker create --name cc busybox');
    const out = lab.run('docker events --since 0 --until 2000000000').output.replace(/\^C\n$/, '');
    expect(out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z container create [0-9a-f]{64} \(image=busybox, name=cc\)$/m);
  });
});
