/** `docker build -` and `docker build -f- PATH`: the Dockerfile comes from standard input. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../simulator/index.ts';

describe('a Dockerfile from standard input', () => {
  it('builds with no context from `docker build -`', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run("docker build -q -t s1 - <<'EOF'\nFROM busybox\nRUN echo hi > /f\nEOF");
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(lab.run('docker run --rm s1 cat /f').output).toBe('hi\n');
    // No context: COPY has nothing to copy.
    const copy = lab.run("docker build -t s2 --progress=plain - <<'EOF'\nFROM busybox\nCOPY x /x\nEOF");
    expect(copy.exitCode).toBe(1);
    expect(copy.output).toContain('"/x": not found');
  });

  it('takes the context from PATH with `-f -`, and names the Dockerfile as buildx does', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('mkdir /ctx && echo data > /ctx/x');
    const r = lab.run("docker build --progress=plain -t s3 -f- /ctx <<'EOF'\nFROM busybox\nCOPY x /x\nEOF");
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('load build definition from Dockerfile');
    expect(lab.run('docker run --rm s3 cat /x').output).toBe('data\n');
  });

  it('works with the classic builder too (DOCKER_BUILDKIT=0)', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run("DOCKER_BUILDKIT=0 docker build -t c1 - <<'EOF'\nFROM busybox\nRUN echo hi > /f\nEOF");
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('Sending build context to Docker daemon  2.048kB');
    expect(lab.run('docker run --rm c1 cat /f').output).toBe('hi\n');
    lab.run('mkdir /ctx && echo data > /ctx/x');
    expect(lab.run("DOCKER_BUILDKIT=0 docker build -q -t c2 -f - /ctx <<'EOF'\nFROM busybox\nCOPY x /x\nEOF").exitCode).toBe(0);
    expect(lab.run('docker run --rm c2 cat /x').output).toBe('data\n');
  });
});
