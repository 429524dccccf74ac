/**
 * Multi-stage builds with the classic builder (moby's dispatchDockerfileWithCancellation): every
 * stage up to the target runs, `Step n/m` counts them all, FROM scratch prints ` ---> ` with no
 * id, COPY --from copies out of a finished stage, --target stops after that stage and an unknown
 * one fails before any step.
 */
import { describe, expect, it } from 'vitest';
import { terminal } from '../../programs/shell/helpers.ts';

const DOCKERFILE = 'FROM busybox AS build\\nRUN mkdir /out && echo built > /out/app\\nCOPY hello.txt /out/\\n\\nFROM scratch\\nCOPY --from=build /out /app\\nCMD ["/app/app"]\\n';

function lab() {
  const t = terminal();
  t.run('mkdir /w; cd /w; echo hello > hello.txt; docker pull -q busybox');
  t.run(`printf '${DOCKERFILE}' > Dockerfile`);
  return t;
}

describe('classic builder stages', () => {
  it('runs every stage, FROM scratch without an id, COPY --from a stage', () => {
    const { run } = lab();
    const out = run('DOCKER_BUILDKIT=0 docker build -t multi . 2>/dev/null').out;
    expect(out.match(/^Step \d\/\d : .*$/gm)).toEqual(['Step 1/6 : FROM busybox AS build', 'Step 2/6 : RUN mkdir /out && echo built > /out/app', 'Step 3/6 : COPY hello.txt /out/', 'Step 4/6 : FROM scratch', 'Step 5/6 : COPY --from=build /out /app', 'Step 6/6 : CMD ["/app/app"]']);
    expect(out).toContain('Step 4/6 : FROM scratch\n ---> \nStep 5/6');
    expect(run("docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' multi").out).toMatch(/^\/bin\/sh -c #\(nop\) {2}CMD \["\/app\/app"\]\|0B\n\/bin\/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in \/app \|12B\n$/);
    expect(run("docker image inspect -f '{{json .Config.Env}} {{len .RootFS.Layers}} {{.Parent}}' multi").out).toMatch(/^\["PATH=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin"\] 1 sha256:[0-9a-f]{64}\n$/);
    // The stand-in for scratch is gone: only the real images are listed.
    expect(run("docker images -a --format '{{.Repository}}' | sort | uniq -c").out.trim().split('\n').map((l) => l.trim())).toEqual(['1 busybox', '1 multi', '3 <none>']);
  });

  it('--target stops after that stage; an unknown target fails before any step', () => {
    const { run } = lab();
    const out = run('DOCKER_BUILDKIT=0 docker build --target build -t part . 2>/dev/null').out;
    expect(out).toContain('Step 3/3 : COPY hello.txt /out/\n');
    expect(run('docker run --rm part cat /out/app /out/hello.txt').out).toBe('built\nhello\n');
    const bad = run('DOCKER_BUILDKIT=0 docker build --target nope . 2>&1');
    expect(bad.code).toBe(1);
    expect(bad.out.endsWith('Error response from daemon: failed to reach build target nope in Dockerfile\n')).toBe(true);
  });
});
