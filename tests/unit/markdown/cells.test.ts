import { describe, expect, it } from 'vitest';
import { isPromptLine, parseConsole } from '../../../src/markdown/cells.ts';

describe('console cell prompts', () => {
  it('reads the prompts of the shells a chapter visits', () => {
    const steps = parseConsole(
      [
        '$ docker exec -it web bash',
        'root@22437697fcc7:/usr/local/apache2# cat htdocs/index.html',
        '<html><body><h1>It works!</h1></body></html>',
        'root@22437697fcc7:/usr/local/apache2# exit',
        'exit',
        '# docker run -it busybox',
        '/ # cd /tmp',
        '/tmp # exit',
        '[root@49d2aeb5c487 /]# hostname',
        '49d2aeb5c487',
        'ubuntu@0a1b2c3d4e5f:~$ id -un',
        'ubuntu',
      ].join('\n'),
    );
    expect(steps.map((s) => [s.prompt, s.command])).toEqual([
      ['$', 'docker exec -it web bash'],
      ['root@22437697fcc7:/usr/local/apache2#', 'cat htdocs/index.html'],
      ['root@22437697fcc7:/usr/local/apache2#', 'exit'],
      ['#', 'docker run -it busybox'],
      ['/ #', 'cd /tmp'],
      ['/tmp #', 'exit'],
      ['[root@49d2aeb5c487 /]#', 'hostname'],
      ['ubuntu@0a1b2c3d4e5f:~$', 'id -un'],
    ]);
    expect(steps[1]?.expected).toBe('<html><body><h1>It works!</h1></body></html>');
  });

  it('does not take output lines for prompts', () => {
    for (const line of ['Michael@huawei.com listen on 80', 'root:x:0:0:root:/root:/bin/bash', '/usr/local/bin', 'drwxr-xr-x 2 root root 6 Jun  2 09:00 /tmp', '#1 DONE 0.0s', '$HOME']) {
      expect(isPromptLine(line)).toBe(false);
    }
  });
});
