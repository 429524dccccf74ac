/**
 * BuildKit multi-stage builds, as BuildKit's Dockerfile frontend plans them: stages are named
 * `[name n/m]` (`stage-N` when unnamed) once there is more than one, only the target and the stages
 * it needs are built, a stage FROM scratch or FROM another stage has no FROM vertex, `COPY --from`
 * copies out of a finished stage (history `COPY /out /app # buildkit`), `--target` stops early.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

const DOCKERFILE = 'FROM busybox AS build\\nRUN mkdir /out && echo built > /out/app\\nCOPY hello.txt /out/\\n\\nFROM alpine AS unused\\nRUN echo never\\n\\nFROM scratch\\nCOPY --from=build /out /app\\nCMD ["/app/app"]\\n';

function lab() {
  const t = terminal();
  t.run('mkdir /w; cd /w; echo hello > hello.txt; docker pull -q busybox');
  t.run(`printf '${DOCKERFILE}' > Dockerfile`);
  return t;
}

describe('BuildKit multi-stage builds', () => {
  it('plans only the stages the target needs, with their names, and copies between them', () => {
    const { run } = lab();
    const out = run('docker build --progress=plain -t multi . 2>&1').out;
    const names = [...out.matchAll(/^#\d+ (\[.*)$/gm)].map((m) => m[1]);
    expect([...new Set(names)]).toEqual([
      '[internal] load build definition from Dockerfile',
      '[internal] load metadata for docker.io/library/busybox:latest',
      '[internal] load .dockerignore',
      '[build 1/3] FROM docker.io/library/busybox:latest',
      '[internal] load build context',
      '[build 2/3] RUN mkdir /out && echo built > /out/app',
      '[build 3/3] COPY hello.txt /out/',
      '[stage-2 1/1] COPY --from=build /out /app',
    ]);
    expect(out).not.toContain('alpine');
    expect(run("docker history --format '{{.CreatedBy}}|{{.Size}}' multi").out).toBe('CMD ["/app/app"]|0B\nCOPY /out /app # buildkit|12B\n');
    expect(run("docker image inspect -f '{{json .Config.Env}} {{len .RootFS.Layers}}' multi").out).toBe('["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] 1\n');
    // A rebuild is all cached and writes the same image.
    const id = run('docker images -q multi').out;
    expect(run('docker build --progress=plain -t multi . 2>&1').out).toContain('#8 [stage-2 1/1] COPY --from=build /out /app\n#8 CACHED\n');
    expect(run('docker images -q multi').out).toBe(id);
  });

  it('--target builds up to that stage; an unknown one is an error', () => {
    const { run } = lab();
    run('docker build -q --target build -t part .');
    expect(run('docker run --rm part cat /out/app /out/hello.txt').out).toBe('built\nhello\n');
    const bad = run('docker build --progress=plain --target nope . 2>&1');
    expect(bad.code).toBe(1);
    expect(bad.out.endsWith('ERROR: failed to solve: target stage "nope" could not be found\n')).toBe(true);
  });

  it('a single named stage keeps the plain [n/m] names; FROM another stage has no FROM vertex', () => {
    const { run } = lab();
    run("printf 'FROM busybox AS base\\nRUN echo one > /one\\n' > Dockerfile");
    expect(run('docker build --progress=plain . 2>&1').out).toContain('#4 [1/2] FROM docker.io/library/busybox:latest\n');
    run("printf 'FROM busybox AS base\\nRUN echo one > /one\\nFROM base\\nRUN cat /one > /two\\n' > Dockerfile");
    const out = run('docker build --progress=plain -t chained . 2>&1').out;
    expect(out).toContain('[base 1/2] FROM docker.io/library/busybox:latest');
    expect(out).toContain('[stage-1 1/1] RUN cat /one > /two');
    expect(run('docker run --rm chained cat /two').out).toBe('one\n');
  });

  it('COPY --from a stage defined later is refused', () => {
    const { run } = lab();
    run("printf 'FROM busybox\\nCOPY --from=later /x /x\\nFROM busybox AS later\\nRUN touch /x\\n' > Dockerfile");
    run("printf 'FROM busybox AS first\\nCOPY --from=later /x /x\\nFROM busybox AS later\\nRUN touch /x\\n' > Dockerfile");
    const out = run('docker build --progress=plain --target first . 2>&1');
    expect(out.code).toBe(1);
    expect(out.out).toContain('ERROR: failed to solve: cannot copy from stage "later", it needs to be defined before current stage "first"\n');
  });
});

describe('stage checks', () => {
  it("warns when FROM and AS disagree in case and when a stage name is not lowercase (BuildKit's names are)", () => {
    const { run } = lab();
    run('printf \'FROM busybox as Build\\nRUN true\\nFROM Build\\nCMD ["true"]\\n\' > Dockerfile');
    const out = run('docker build --progress=plain . 2>&1').out;
    expect(out).toContain('#5 [build 2/2] RUN true\n');
    expect(out.endsWith(" 2 warnings found (use docker --debug to expand):\n - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n - StageNameCasing: Stage name 'Build' should be lowercase (line 1)\n")).toBe(true);
  });
});
