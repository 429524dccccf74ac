/**
 * `docker build` with BuildKit (the buildx 0.24 plugin on the lab host). Formats follow BuildKit
 * 0.22's progressui (tty: ` => ` lines right-aligned to the width, the `docker:default` header;
 * plain: `#N` blocks, `#0 building with "default" instance using docker driver`), buildx's error
 * path (log excerpt, Dockerfile snippet, `ERROR: failed to solve: ...`) and moby's image exporter
 * (`exporting layers`, `writing image sha256:...`, `naming to docker.io/library/...`).
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';
import { seconds1, sourceSnippet, unitBytes } from '../../../simulator/runtime/cli/docker/commands/buildkit-display.ts';

const DOCKERFILE = 'FROM centos:7\nLABEL maintainer="Michael@huawei.com"\nRUN yum install -y httpd\nCMD ["httpd","-DFOREGROUND"]\n';

function lab() {
  const l = createLab('docker', { seed: 1 });
  l.run('docker pull -q centos:7');
  l.writeFile('/root/dockerfile1', DOCKERFILE);
  return l;
}

describe('docker build with BuildKit', () => {
  it('leaves the tty display’s final frame: header, one line per vertex, statuses, no RUN output', () => {
    const l = lab();
    const r = l.run('docker build -t http:v11 -f dockerfile1 /root');
    expect(r.exitCode).toBe(0);
    const lines = r.output.split('\n').slice(0, -1);
    expect(lines[0]).toMatch(/^\[\+\] Building \d+\.\ds \(6\/6\) FINISHED +docker:default$/);
    for (const line of lines) expect(line.length).toBe(79);
    expect(lines.map((x) => x.replace(/ +\d+\.\ds$/, '').trimEnd())).toEqual([
      expect.stringMatching(/^\[\+\]/),
      ' => [internal] load build definition from dockerfile1',
      ' => => transferring dockerfile: 144B',
      ' => [internal] load metadata for docker.io/library/centos:7',
      ' => [internal] load .dockerignore',
      ' => => transferring context: 2B',
      ' => [1/2] FROM docker.io/library/centos:7',
      ' => [2/2] RUN yum install -y httpd',
      ' => exporting to image',
      ' => => exporting layers',
      expect.stringMatching(/^ => => writing image sha256:[0-9a-f]{45}$/),
      ' => => naming to docker.io/library/http:v11',
    ]);
    expect(r.output).not.toContain('Loaded plugins');
    expect(r.output).not.toContain('DEPRECATED');
    // The image is BuildKit's: no parent, buildkit history.
    expect(l.run('docker history --no-trunc --format "{{.CreatedBy}}|{{.Comment}}" http:v11').output.split('\n').slice(0, 3)).toEqual(['CMD ["httpd" "-DFOREGROUND"]|buildkit.dockerfile.v0', 'RUN /bin/sh -c yum install -y httpd # buildkit|buildkit.dockerfile.v0', 'LABEL maintainer=Michael@huawei.com|buildkit.dockerfile.v0']);
    expect(l.run("docker image inspect -f '{{.Parent}}|{{.Comment}}' http:v11").output).toBe('|buildkit.dockerfile.v0\n');
    // RUN really ran: httpd is in the image, and no build container is left behind.
    expect(l.run('docker run --rm http:v11 ls /usr/sbin/httpd').output).toBe('/usr/sbin/httpd\n');
    expect(l.run('docker ps -aq').output).toBe('');
  });

  it('rebuilds from its cache: the RUN step is CACHED and the same image id is written', () => {
    const l = lab();
    const first = l.run('docker build -q -t http:v11 -f dockerfile1 /root').output;
    expect(first).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const again = l.run('docker build -t http:v11 -f dockerfile1 /root').output;
    expect(again).toMatch(/\n => CACHED \[2\/2\] RUN yum install -y httpd +0\.0s\n/);
    expect(again).toContain(` => => writing image ${first.slice(0, 43)}`);
    expect(l.run('docker build -q -t http:v12 -f dockerfile1 /root').output).toBe(first);
    expect(l.run('docker build -q --no-cache -t http:v13 -f dockerfile1 /root').output).not.toBe(first);
  });

  it('prints the plain display with RUN output and its timestamps', () => {
    const l = lab();
    const out = l.run('docker build --progress=plain -t http:v11 -f dockerfile1 /root').output;
    expect(out.startsWith('#0 building with "default" instance using docker driver\n\n#1 [internal] load build definition from dockerfile1\n#1 transferring dockerfile: 144B done\n#1 DONE 0.0s\n\n#2 [internal] load metadata for docker.io/library/centos:7\n#2 DONE 0.0s\n\n#3 [internal] load .dockerignore\n#3 transferring context: 2B done\n#3 DONE 0.0s\n\n#4 [1/2] FROM docker.io/library/centos:7\n#4 DONE 0.0s\n\n#5 [2/2] RUN yum install -y httpd\n#5 0.180 Loaded plugins: fastestmirror\n')).toBe(true);
    expect(out).toMatch(/\n#5 \d\.\d{3} Complete!\n#5 DONE \d\.\ds\n\n#6 exporting to image\n#6 exporting layers 0\.1s done\n#6 writing image sha256:[0-9a-f]{64} done\n#6 naming to docker.io\/library\/http:v11 done\n#6 DONE 0\.1s\n$/);
    // Not a terminal: auto means plain.
    l.run('docker build -t http:v11 -f dockerfile1 /root > /tmp/out 2>&1');
    expect(l.readFile('/tmp/out')).toContain('#5 CACHED\n');
  });

  it('reports a failing RUN as buildx does, exit 1, and leaves no image', () => {
    const l = lab();
    l.writeFile('/root/dockerfile2', DOCKERFILE.replace('httpd\n', 'nosuch\n'));
    const r = l.run('docker build -t bad -f dockerfile2 /root');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('\n => ERROR [2/2] RUN yum install -y nosuch');
    expect(r.output).toMatch(/------\n > \[2\/2\] RUN yum install -y nosuch:\n0\.\d{3} Loaded plugins: fastestmirror\n(.*\n)*0\.\d{3} Error: Nothing to do\n------\n/);
    expect(r.output.endsWith('dockerfile2:3\n--------------------\n   1 |     FROM centos:7\n   2 |     LABEL maintainer="Michael@huawei.com"\n   3 | >>> RUN yum install -y nosuch\n   4 |     CMD ["httpd","-DFOREGROUND"]\n   5 |     \n--------------------\nERROR: failed to solve: process "/bin/sh -c yum install -y nosuch" did not complete successfully: exit code: 1\n')).toBe(true);
    expect(l.run('docker images -q bad').output).toBe('');
    expect(l.run('docker ps -aq').output).toBe('');
    const plain = l.run('docker build --progress=plain -t bad -f dockerfile2 /root').output;
    expect(plain).toContain('#5 ERROR: process "/bin/sh -c yum install -y nosuch" did not complete successfully: exit code: 1\n------\n');
    const quiet = l.run('docker build -q -t bad -f dockerfile2 /root');
    expect(quiet.output.startsWith('dockerfile2:3\n')).toBe(true);
  });

  it('answers bad input the way buildx does', () => {
    const l = lab();
    l.writeFile('/root/bad', 'FORM centos:7\n');
    expect(l.run('docker build -f bad /root').output).toContain('ERROR: failed to solve: dockerfile parse error on line 1: unknown instruction: form (did you mean from?)\n');
    expect(l.run('docker build -f nosuch /root').output).toContain('ERROR: failed to solve: failed to read dockerfile: open nosuch: no such file or directory\n');
    // Found after buildx's display started: a terminal keeps its empty frame.
    const empty = '[+] Building 0.0s (0/0)                                          docker:default\n';
    expect(l.run('docker build /nope')).toMatchObject({ output: `${empty}ERROR: unable to prepare context: path "/nope" not found\n`, exitCode: 1 });
    expect(l.run('docker build --progress=plain /nope').output).toBe('ERROR: unable to prepare context: path "/nope" not found\n');
    expect(l.run('docker build -t Foo /nope').output).toBe(`${empty}ERROR: invalid tag "Foo": repository name must be lowercase\n`);
    expect(l.run('docker build -q --progress=plain /root').output).toBe('ERROR: progress=plain and quiet cannot be used together\n');
    l.run('docker build --progress=tty /root >/tmp/out 2>/tmp/err');
    expect(l.readFile('/tmp/err')).toBe('ERROR: failed to get console: provided file is not a console\n');
    expect(l.run('DOCKER_BUILDKIT=maybe docker build /root').output).toBe('DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "maybe": invalid syntax\n');
  });

  it('keeps the classic builder under DOCKER_BUILDKIT=0 and models the buildx plugin', () => {
    const l = lab();
    const classic = l.run('DOCKER_BUILDKIT=0 docker build -t http:v10 -f dockerfile1 /root').output;
    expect(classic).toMatch(/^DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n {12}BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n {12}environment-variable.\n\nSending build context to Docker daemon {2}2.048kB\nStep 1\/4 : FROM centos:7\n ---> 16efa51e4a11\nStep 2\/4 : LABEL maintainer="Michael@huawei.com"\n ---> Running in [0-9a-f]{12}\n/);
    expect(classic).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged http:v10\n$/);
    expect(l.run('DOCKER_BUILDKIT=1 docker build -t http:v11 -f dockerfile1 /root').output).toMatch(/^\[\+\] Building/);
    expect(l.run('docker buildx version').output).toBe('github.com/docker/buildx v0.24.0 d0e5e86\n');
    expect(l.run('docker buildx ls')).toMatchObject({ output: "podbook: 'docker buildx ls' is not simulated\n", exitCode: 1 });
    expect(l.run('docker buildx build -q -t http:v11 -f dockerfile1 /root').output).toMatch(/^sha256:/);
  });
});

describe('Dockerfile checks', () => {
  it('shows BuildKit’s lint warnings under the build definition and sums them up after the build', () => {
    const l = lab();
    l.writeFile('/root/Dockerfile', 'FROM centos:7\nMAINTAINER me\nENV A 1\nCMD echo hi\n');
    const out = l.run('docker build -t w /root').output;
    expect(out).toMatch(/\n => WARN: MaintainerDeprecated: Maintainer instruction is deprecated in f {2}0\.0s\n/);
    expect(out.endsWith('\n 3 warnings found (use docker --debug to expand):\n - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)\n - LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format (line 3)\n - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 4)\n')).toBe(true);
    expect(l.run('docker build --progress=plain -t w /root').output).toContain('#1 WARN: JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 4)\n#1 DONE 0.0s\n');
    expect(l.run('docker build -q -t w /root').output).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });
});

describe('build arguments', () => {
  it('passes declared ARGs to RUN, records them as BuildKit does, and expands known variables in names', () => {
    const l = lab();
    l.writeFile('/root/Dockerfile', 'FROM centos:7\nARG NAME=world\nENV GREETING=hello\nRUN echo $GREETING $NAME $HOME > /out\nCMD ["cat","/out"]\n');
    expect(l.run('docker build --progress=plain --build-arg NAME=podbook -t g /root').output).toContain('\n#5 [2/2] RUN echo hello podbook $HOME > /out\n');
    expect(l.run('docker run --rm g').output).toBe('hello podbook /root\n');
    expect(l.run("docker history --no-trunc --format '{{.CreatedBy}}' g").output.split('\n').slice(0, 4)).toEqual(['CMD ["cat" "/out"]', 'RUN |1 NAME=podbook /bin/sh -c echo $GREETING $NAME $HOME > /out # buildkit', 'ENV GREETING=hello', 'ARG NAME=podbook']);
  });
});

describe('BuildKit display helpers', () => {
  it('formats like Go and tonistiigi/units', () => {
    expect([seconds1(250), seconds1(750), seconds1(1250), seconds1(149), seconds1(0)]).toEqual(['0.2', '0.8', '1.2', '0.1', '0.0']);
    expect([unitBytes(2), unitBytes(144), unitBytes(2048), unitBytes(4_280_000)]).toEqual(['2B', '144B', '2.05kB', '4.28MB']);
    expect(sourceSnippet({ filename: 'Dockerfile', data: 'FROM a\nRUN b\n', start: 2, end: 2 })).toBe('Dockerfile:2\n--------------------\n   1 |     FROM a\n   2 | >>> RUN b\n   3 |     \n--------------------\n');
  });
});
