/**
 * The streams a container's config says the client attaches (AttachStdin/Stdout/Stderr,
 * StdinOnce), as the 28.2.2 client writes them: `docker create` has no -d, so it names them as a
 * foreground `docker run` does; `-a` picks them; `run -d` attaches none.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';

const FIELDS = "'{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}} {{.Config.StdinOnce}}'";

describe('the attach fields of a container config', () => {
  it('follow -i, -a and -d as the real client sets them', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker pull -q busybox');
    const fields = (flags: string, name: string): string => {
      lab.run(`docker create --name ${name} ${flags} busybox`);
      return lab.run(`docker inspect -f ${FIELDS} ${name}`).output;
    };
    expect(fields('', 'plain')).toBe('false true true false\n');
    expect(fields('-i', 'input')).toBe('true true true true\n');
    expect(fields('-it', 'term')).toBe('true true true true\n');
    expect(fields('-a stdout', 'out')).toBe('false true false false\n');
    expect(fields('-a stdin -a stderr', 'inerr')).toBe('true false true false\n');
    lab.run('docker run -d -i --name detached busybox');
    expect(lab.run(`docker inspect -f ${FIELDS} detached`).output).toBe('false false false false\n');
  });
});
