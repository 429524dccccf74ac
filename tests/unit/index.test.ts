/** The public API's foreground streams: `run(..., { follow })`, `pump` and `interrupt`. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../simulator/index.ts';

function ticking() {
  const lab = createLab('docker', { seed: 1 });
  lab.run(`docker run -d --name tick busybox sh -c 'while true; do date; sleep 1; done'`);
  return lab;
}

describe('Lab.run with follow', () => {
  it('follows a looping container a line per second of lab time', () => {
    const lab = ticking();
    const r = lab.run('docker logs -f tick', { follow: true });
    expect(r.streaming).toBe(true);
    const lines = r.output.split('\n').length;
    expect(lab.pump(3000)).toMatchObject({ done: false, output: expect.stringMatching(/^(Mon Jun {2}2 09:00:\d\d UTC 2025\n){3}$/) });
    expect(lab.interrupt()).toMatchObject({ done: true, exitCode: 130 });
    expect(lab.run('docker logs tick').output.split('\n').length).toBe(lines + 3 + 2);
  });

  it('does not report a stream that a later line found over', () => {
    const lab = ticking();
    expect(lab.run('docker logs -f tick', { follow: true }).streaming).toBe(true);
    // No Ctrl+C was sent: the next line still starts at a prompt with nothing in the foreground.
    const next = lab.run('echo next', { follow: true });
    expect(next).toMatchObject({ output: 'next\n', exitCode: 0 });
    expect(next.streaming).toBeUndefined();
    expect(lab.pump(1000)).toMatchObject({ output: '', done: true });
  });

  it('does not report a stream that ended while the rest of its line ran', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run(`docker run -d --name brief busybox sh -c 'echo hi; sleep 4; echo bye'`);
    const r = lab.run('docker logs -f brief; sleep 5', { follow: true });
    expect(r.output).toBe('hi\nbye\n');
    expect(r.streaming).toBeUndefined();
  });
});
