/**
 * The classic builder's client (DOCKER_BUILDKIT=0): its deprecation notice comes first even with
 * -q, a failed build keeps the steps it printed before the error, and -q asks the daemon for q=1
 * (only the image id when the build works, everything on stderr when it fails). Checked with the
 * real docker 28.2.2 client against Podbook's engine.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';

const NOTICE = 'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n            environment-variable.\n\n';

function lab() {
  const l = createLab('docker', { seed: 1 });
  const run = (line: string) => l.run(line);
  run('mkdir /b; cd /b; docker pull -q busybox');
  return run;
}

describe('docker build with the classic builder', () => {
  it('-q prints the notice on stderr and only the image id on stdout', () => {
    const run = lab();
    run("printf 'FROM busybox\\nRUN echo hi\\n' > Dockerfile");
    const r = run('DOCKER_BUILDKIT=0 docker build -q -t x . 2>/tmp/err');
    expect(r.output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(run('cat /tmp/err').output).toBe(NOTICE);
    expect(run("docker images -q --no-trunc x").output).toBe(r.output);
  });

  it('a failing step keeps the steps before the error; with -q they all go to stderr', () => {
    const run = lab();
    run("printf 'FROM busybox\\nRUN echo hi\\nRUN false\\n' > Dockerfile");
    const loud = run('DOCKER_BUILDKIT=0 docker build -t x . 2>/dev/null');
    expect(loud.exitCode).toBe(1);
    expect(loud.output).toMatch(/^Sending build context to Docker daemon {2}2\.048kB\nStep 1\/3 : FROM busybox\n ---> [0-9a-f]{12}\nStep 2\/3 : RUN echo hi\n ---> Running in [0-9a-f]{12}\nhi\n ---> Removed intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\nStep 3\/3 : RUN false\n ---> Running in [0-9a-f]{12}\n$/);
    const quiet = run('DOCKER_BUILDKIT=0 docker build -q -t x . 2>/tmp/err');
    expect(quiet).toMatchObject({ output: '', exitCode: 1 });
    const err = run('cat /tmp/err').output;
    expect(err.startsWith(`${NOTICE}Sending build context to Docker daemon  2.048kB\r\r\nStep 1/3 : FROM busybox\n`)).toBe(true);
    expect(err).toContain(' ---> Using cache\n');
    expect(err.endsWith("\nThe command '/bin/sh -c false' returned a non-zero code: 1\n")).toBe(true);
  });
});
