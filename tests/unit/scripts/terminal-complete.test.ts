import { describe, expect, it } from 'vitest';
import { capChars, capLines, commonPrefix, complete, flagsFromHelp } from '../../../src/scripts/terminal-complete.ts';

const sources = { containers: ['web', 'webserver', 'db'], images: ['nginx:1.7.9', 'httpd:latest'], flags: ['--detach', '--name', '-d'] };

describe('terminal completion', () => {
  it('completes commands, docker subcommands, flags and names by position', () => {
    expect(complete('ech', sources).candidates).toEqual(['echo']);
    expect(complete('docker ins', sources).candidates).toEqual(['inspect']);
    expect(complete('docker run --na', sources).candidates).toEqual(['--name']);
    expect(complete('docker stop we', sources).candidates).toEqual(['web', 'webserver']);
    expect(complete('docker run -d ngi', sources).candidates).toEqual(['nginx:1.7.9']);
    expect(complete('ls | so', sources).candidates).toEqual(['sort']);
    expect(complete('cat fi', sources).candidates).toEqual([]);
  });

  it('finds the common prefix and the flags of a help text', () => {
    expect(commonPrefix(['web', 'webserver'])).toBe('web');
    expect(flagsFromHelp('Options:\n  -d, --detach   Run in background\n      --name string   Assign a name')).toEqual(['--detach', '--name', '-d']);
  });

  it('keeps the last lines of a flood and says so', () => {
    const text = Array.from({ length: 10 }, (_, i) => String(i)).join('\n');
    expect(capLines(text, 3)).toEqual({ text: '7\n8\n9', truncated: true });
    expect(capLines('a\nb', 3)).toEqual({ text: 'a\nb', truncated: false });
  });

  it('keeps the last characters of a huge output, from a line start when one is near', () => {
    expect(capChars('abc', 3)).toEqual({ text: 'abc', truncated: false });
    expect(capChars('one\ntwo\nthree', 9)).toEqual({ text: 'three', truncated: true });
    const line = 'x'.repeat(5000);
    expect(capChars(line, 2000)).toEqual({ text: 'x'.repeat(2000), truncated: true });
  });
});
