import { describe, expect, it } from 'vitest';
import { parseProbes } from '../../src/markdown/cells.ts';

describe('parseProbes', () => {
  it('splits the trailing comment off, quotes in it included', () => {
    const [a, b, c] = parseProbes(
      [
        "$ curl -s 127.0.0.1:1000/v2/_catalog   # the registry's catalog lists sxq/nginx",
        '{"repositories":["sxq/nginx"]}',
        `$ docker inspect -f '{{.Author}} {{json .Config.Cmd}}' web:v1   # CMD ["nginx","-g","daemon off;"]`,
        'x',
        '$ echo done',
        'done',
      ].join('\n'),
    );
    expect(a).toEqual({ command: 'curl -s 127.0.0.1:1000/v2/_catalog', expected: '{"repositories":["sxq/nginx"]}', what: "the registry's catalog lists sxq/nginx" });
    expect(b?.command).toBe(`docker inspect -f '{{.Author}} {{json .Config.Cmd}}' web:v1`);
    expect(b?.what).toBe('CMD ["nginx","-g","daemon off;"]');
    expect(c).toMatchObject({ command: 'echo done', what: 'echo done' });
  });

  it('leaves a # inside quotes, after a backslash or inside a word alone', () => {
    const probes = parseProbes(["$ echo 'a # b' \\# c$#d   # the real comment", 'a # b # c0d', "$ grep -c '#' /etc/hosts", '1'].join('\n'));
    expect(probes[0]).toMatchObject({ command: "echo 'a # b' \\# c$#d", what: 'the real comment' });
    expect(probes[1]).toMatchObject({ command: "grep -c '#' /etc/hosts", what: "grep -c '#' /etc/hosts" });
  });
});
