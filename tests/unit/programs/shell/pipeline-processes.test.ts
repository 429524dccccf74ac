/** Every stage of a pipeline is a process before any of them runs, as when bash forks them. */
import { describe, expect, it } from 'vitest';
import { terminal } from './helpers.ts';

describe('pipeline processes', () => {
  it('ps sees the later stages of its own pipeline, in fork order', () => {
    const { run } = terminal();
    const out = run('ps -ef | tail -n 5').out;
    const psLine = out.split('\n').find((l) => l.endsWith(' ps -ef'));
    const tailLine = out.split('\n').find((l) => l.endsWith(' tail -n 5'));
    expect(psLine).toBeDefined();
    expect(tailLine).toBeDefined();
    const pid = (line: string): number => Number(line.split(/\s+/)[1]);
    expect(pid(tailLine as string)).toBe(pid(psLine as string) + 1);
  });

  it('leaves no stage process behind, whatever the stages are', () => {
    const { run } = terminal();
    const before = run('ps -e | wc -l').out;
    run('echo x | cat | true');
    run('for i in 1 2; do echo $i; done | grep 1');
    run('nosuchcmd | cat');
    expect(run('ps -e | wc -l').out).toBe(before);
  });
});
