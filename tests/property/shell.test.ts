/** Properties of the shell over arbitrary input: it parses or reports bash's syntax error, quoting round-trips, the lab survives garbage. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, ShellSyntaxError } from '../../simulator/programs/shell/index.ts';
import { createLab } from '../../simulator/index.ts';

const shellish = fc.string({ unit: fc.constantFrom(...'abc $(){}[]<>|&;\'"`\\\n\t#*?~=-!0123'.split('')), maxLength: 60 });

describe('shell parser', () => {
  it('never throws anything but its syntax error', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })), (src) => {
        try {
          parse(src);
        } catch (e) {
          expect(e).toBeInstanceOf(ShellSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('survives deep nesting without overflowing the stack', () => {
    for (const src of ['('.repeat(5000), '$('.repeat(5000), '{ '.repeat(5000), 'if '.repeat(5000), '`'.repeat(5000)]) {
      try {
        parse(src);
      } catch (e) {
        expect(e).toBeInstanceOf(ShellSyntaxError);
      }
    }
  });
});

describe('shell behaviour', () => {
  const lab = createLab('docker');

  it('single quotes give back any word unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (word) => {
        const quoted = `'${word.replace(/'/g, "'\\''")}'`;
        const r = lab.run(`printf '%s' ${quoted}`);
        expect(r.output).toBe(word);
        expect(r.exitCode).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('echo of plain words prints them joined by spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_.,+-]{1,12}$/).filter((w) => !w.startsWith('-')), { minLength: 1, maxLength: 8 }), (words) => {
        expect(lab.run(`echo ${words.join(' ')}`).output).toBe(words.join(' ') + '\n');
      }),
      { numRuns: 300 },
    );
  });

  it('stays usable after arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, fc.string({ unit: 'binary', maxLength: 60 })), (garbage) => {
        const r = lab.run(garbage);
        expect(typeof r.output).toBe('string');
        expect(Number.isInteger(r.exitCode)).toBe(true);
        // A background job in the garbage is reported after the next line, as bash does.
        expect(lab.run('echo ok').output.startsWith('ok\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('takes a 1 MB line without hanging', () => {
    const r = lab.run('echo ' + 'x'.repeat(1024 * 1024));
    expect(r.output.length).toBeGreaterThan(1024 * 1024 - 10);
    expect(lab.run('echo ok').output).toBe('ok\n');
  });
});
