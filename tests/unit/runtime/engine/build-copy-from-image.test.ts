/**
 * `COPY --from=<image>` where no stage has that name: both builders take the files out of the
 * image, pulling it when it is not here. BuildKit adds the image as a stage of its own (resolved
 * with the others; its one vertex a bare `FROM <image>`, and a lone Dockerfile stage becomes
 * `stage-0`); the classic builder pulls it during the COPY step, which makes no container.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

function lab() {
  const t = terminal();
  t.run('mkdir /w; cd /w; docker pull -q busybox');
  t.run(`printf 'FROM busybox\\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\\nCMD ["cat", "/etc/nginx/nginx.conf"]\\n' > Dockerfile`);
  return t;
}

describe('BuildKit: COPY --from=<image>', () => {
  it('resolves and pulls the image as an implicit stage, copies from it, and caches the copy', () => {
    const { run } = lab();
    const out = run('docker build --progress=plain -t conf . 2>&1').out;
    const names = [...new Set([...out.matchAll(/^#\d+ ((?:\[|FROM ).*)$/gm)].map((m) => m[1]))];
    expect(names).toEqual([
      '[internal] load build definition from Dockerfile',
      '[internal] load metadata for docker.io/library/busybox:latest',
      '[internal] load metadata for docker.io/library/nginx:1.27',
      '[internal] load .dockerignore',
      '[stage-0 1/2] FROM docker.io/library/busybox:latest',
      'FROM docker.io/library/nginx:1.27@sha256:14397eb85b62999f8053bc8ea052f01160baba6b660ec00be385a34dc9d005a1',
      '[stage-0 2/2] COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/',
    ]);
    expect(out).toMatch(/#\d+ resolve docker\.io\/library\/nginx:1\.27@sha256:14397eb8/);
    expect(run('docker run --rm conf').out).toMatch(/^user {2}nginx;\n/);
    expect(run("docker history --no-trunc --format '{{.CreatedBy}}' conf").out.split('\n').slice(0, 2)).toEqual(['CMD ["cat" "/etc/nginx/nginx.conf"]', 'COPY /etc/nginx/nginx.conf /etc/nginx/ # buildkit']);
    expect(run('docker images --format {{.Repository}}:{{.Tag}} nginx').out).toBe('nginx:1.27\n');
    const id = run('docker images -q conf').out;
    const again = run('docker build --progress=plain -t conf . 2>&1').out;
    expect(again).toMatch(/#\d+ FROM docker\.io\/library\/nginx:1\.27\n/);
    expect(again).toMatch(/#(\d+) \[stage-0 2\/2\] COPY --from=nginx:1\.27 \/etc\/nginx\/nginx\.conf \/etc\/nginx\/\n#\1 CACHED\n/);
    expect(run('docker images -q conf').out).toBe(id);
  });

  it('fails on a missing image while resolving it, pointing at the COPY line, and on a missing path', () => {
    const { run } = lab();
    run(`printf 'FROM busybox\\nCOPY --from=nosuchimage:1 /x /y\\n' > Dockerfile`);
    const miss = run('docker build . 2>&1');
    expect(miss.code).toBe(1);
    expect(miss.out).toContain(' => ERROR [internal] load metadata for docker.io/library/nosuchimage:1');
    expect(miss.out).toContain('   2 | >>> COPY --from=nosuchimage:1 /x /y\n');
    expect(miss.out).toContain("ERROR: failed to solve: nosuchimage:1: failed to resolve source metadata for docker.io/library/nosuchimage:1: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
    run(`printf 'FROM busybox\\nCOPY --from=busybox /nope /y\\n' > Dockerfile`);
    const path = run('docker build . 2>&1');
    expect(path.code).toBe(1);
    expect(path.out).toContain(' => ERROR [stage-0 2/2] COPY --from=busybox /nope /y');
    expect(path.out).toContain('"/nope": not found');
  });
});

describe('classic builder: COPY --from=<image>', () => {
  it('pulls the image in the COPY step, copies from it with no container, and uses the cache next time', () => {
    const { run } = lab();
    const out = run('DOCKER_BUILDKIT=0 docker build -t conf . 2>&1').out;
    const step2 = out.slice(out.indexOf('Step 2/3'), out.indexOf('Step 3/3'));
    expect(step2).toMatch(/^Step 2\/3 : COPY --from=nginx:1\.27 \/etc\/nginx\/nginx\.conf \/etc\/nginx\/\n1\.27: Pulling from library\/nginx\n/);
    expect(step2).toMatch(/\nStatus: Downloaded newer image for nginx:1\.27\n ---> [0-9a-f]{12}\n$/);
    expect(step2).not.toContain('Running in');
    expect(run('docker run --rm conf').out).toMatch(/^user {2}nginx;\n/);
    const again = run('DOCKER_BUILDKIT=0 docker build -t conf . 2>&1').out;
    expect(again).toMatch(/Step 2\/3 : COPY --from=nginx:1\.27 \/etc\/nginx\/nginx\.conf \/etc\/nginx\/\n ---> Using cache\n ---> [0-9a-f]{12}\n/);
  });

  it('wraps a missing image or stage index as an invalid from flag value; a missing path as COPY failed', () => {
    const { run } = lab();
    run(`printf 'FROM busybox\\nCOPY --from=nosuchimage:1 /x /y\\n' > Dockerfile`);
    expect(run('DOCKER_BUILDKIT=0 docker build . 2>&1').out).toContain("Step 2/2 : COPY --from=nosuchimage:1 /x /y\ninvalid from flag value nosuchimage:1: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
    run(`printf 'FROM busybox\\nCOPY --from=3 /x /y\\n' > Dockerfile`);
    expect(run('DOCKER_BUILDKIT=0 docker build . 2>&1').out).toContain('invalid from flag value 3: invalid stage index 3\n');
    run(`printf 'FROM busybox\\nCOPY --from=busybox /nope /y\\n' > Dockerfile`);
    expect(run('DOCKER_BUILDKIT=0 docker build . 2>&1').out).toContain('COPY failed: stat /nope: file does not exist\n');
    // The legacy command has no --progress: the real 28.2.2 client refuses it after its notice.
    const progress = run('DOCKER_BUILDKIT=0 docker build --progress=plain . 2>&1');
    expect(progress.code).toBe(125);
    expect(progress.out).toMatch(/environment-variable\.\n\nunknown flag: --progress\n\nUsage: {2}docker build \[OPTIONS\] PATH \| URL \| -\n/);
  });
});
