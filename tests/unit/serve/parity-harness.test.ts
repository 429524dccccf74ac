import { describe, expect, it } from 'vitest';
import { comparable, opensTerminal, printsClientTime, usesClientRelativeTime } from '../../parity/lab-pair.ts';
import { splitWords } from '../../parity/real-docker.ts';
import { clientLine, dockerParts, expandSubstitutions, SUBSTITUTION } from '../../parity/command-line.ts';
import { BUILDX_HELP, BUILDX_INFO, sameOutcome } from '../../parity/compare.ts';

describe('parity harness', () => {
  it('sends only plain, non-interactive docker commands to the real client', () => {
    expect(comparable('docker run -d -p 8080:80 httpd')).toBe(true);
    expect(comparable('docker run -dit centos')).toBe(true);
    expect(comparable('docker inspect --format {{.State.Pid}} web')).toBe(true);
    expect(comparable('docker run -it centos')).toBe(false);
    expect(comparable('docker run -h hwhost -it centos')).toBe(false);
    expect(comparable('docker exec -it web bash')).toBe(false);
    expect(comparable('docker attach web')).toBe(false);
    expect(comparable('docker inspect web | grep -i pid')).toBe(false);
    expect(comparable('curl localhost:8080')).toBe(false);
    expect(comparable('docker rm -f $(docker ps -q)')).toBe(true);
    expect(comparable('docker rm -f $(ls)')).toBe(false);
    expect(comparable('echo pw | docker login -u bob --password-stdin')).toBe(true);
    expect(comparable('docker exec web sh -c "echo $HOME"')).toBe(false);
    expect(comparable('time docker stop web')).toBe(false);
  });

  it('sends quoted words, NAME=value, input from a file and output into one as the shell would', () => {
    expect(clientLine(`docker inspect -f '{{range .Mounts}}{{.Type}} {{.Source}}{{end}}' web`)).toEqual({ words: ['docker', 'inspect', '-f', '{{range .Mounts}}{{.Type}} {{.Source}}{{end}}', 'web'], env: {} });
    expect(clientLine(`docker exec cow sh -c 'echo hello > /tmp/note.txt'`)?.words).toEqual(['docker', 'exec', 'cow', 'sh', '-c', 'echo hello > /tmp/note.txt']);
    expect(clientLine('DOCKER_BUILDKIT=0 docker build -t x .')).toEqual({ words: ['docker', 'build', '-t', 'x', '.'], env: { DOCKER_BUILDKIT: '0' } });
    expect(clientLine('docker image save httpd:v11 > httpd.tar')).toEqual({ words: ['docker', 'image', 'save', 'httpd:v11'], env: {}, stdoutFile: 'httpd.tar' });
    expect(clientLine('docker load < httpd.tar')).toEqual({ words: ['docker', 'load'], env: {}, stdinFile: 'httpd.tar' });
    expect(clientLine('cat ubunt.tar | docker import - ubuntu:18.04')).toEqual({ words: ['docker', 'import', '-', 'ubuntu:18.04'], env: {}, stdinFile: 'ubunt.tar', feeder: 'cat ubunt.tar' });
    expect(clientLine('docker ps | grep web')).toBeUndefined();
    expect(clientLine('echo s3cret | docker login -u bob --password-stdin 127.0.0.1:1000')).toEqual({ words: ['docker', 'login', '-u', 'bob', '--password-stdin', '127.0.0.1:1000'], env: {}, stdinText: 's3cret\n', feeder: 'echo s3cret' });
    expect(clientLine('docker rm -f $(docker ps -aq)')).toEqual({ words: ['docker', 'rm', '-f', SUBSTITUTION(0)], env: {}, substitutions: [['docker', 'ps', '-aq']] });
    expect(clientLine('docker rm "$(docker ps -aq)"')).toBeUndefined();
    expect(clientLine('docker rm -f $(docker ps -aq | head -1)')).toBeUndefined();
    expect(clientLine('echo hi > /tmp/x')).toBeUndefined();
  });

  it('knows which commands print a time the client computes', () => {
    expect(printsClientTime('docker ps -a')).toBe(true);
    expect(printsClientTime('docker image history httpd')).toBe(true);
    expect(printsClientTime('docker ps -q')).toBe(false);
    expect(printsClientTime('docker rm web')).toBe(false);
  });

  it('knows the lines that open a terminal session (A14)', () => {
    expect(opensTerminal('docker run -it centos:7')).toBe(true);
    expect(opensTerminal('docker exec -it web bash')).toBe(true);
    expect(opensTerminal('docker attach box')).toBe(true);
    expect(opensTerminal('docker run -dit centos:7')).toBe(false);
    expect(opensTerminal('docker run -i busybox cat')).toBe(false);
    expect(opensTerminal('docker ps')).toBe(false);
  });

  it('splits a substitution’s output into words as bash does', () => {
    expect(expandSubstitutions(['docker', 'rm', '-f', SUBSTITUTION(0)], ['abc\ndef\n'])).toEqual(['docker', 'rm', '-f', 'abc', 'def']);
    expect(expandSubstitutions(['docker', 'stop', SUBSTITUTION(0)], [''])).toEqual(['docker', 'stop']);
  });

  it('knows which commands count a time back from the client’s clock (A11)', () => {
    expect(usesClientRelativeTime('docker logs --since 2.5s web')).toBe(true);
    expect(usesClientRelativeTime('docker events --since=1h30m --until 0.5s')).toBe(true);
    expect(usesClientRelativeTime('docker logs --since 2020-01-01 web')).toBe(false);
    expect(usesClientRelativeTime('docker logs --since 1700000000 web')).toBe(false);
  });

  it('takes exactly the buildx plugin’s lines out of the lab’s output, only when the real client lacks them (A13)', () => {
    const real = 'Client:\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\nServer:\n';
    const lab = real.replace(' Debug Mode: false\n', ` Debug Mode: false\n${BUILDX_INFO}`);
    const out = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
    expect(sameOutcome('docker info', out(lab), out(real))).toBe(true);
    expect(sameOutcome('docker info', out(lab), out(lab))).toBe(true);
    expect(sameOutcome('docker ps', out(lab), out(real))).toBe(false);
    expect(sameOutcome('docker info', out(lab.replace('v0.24.0', 'v0.23.0')), out(real))).toBe(false);
    const help = 'Management Commands:\n  builder     Manage builds\n  checkpoint  Manage checkpoints\n';
    expect(sameOutcome('docker --help', out(help.replace('builds\n', `builds\n${BUILDX_HELP}`)), out(help))).toBe(true);
    expect(sameOutcome('docker run --help', out(help.replace('builds\n', `builds\n${BUILDX_HELP}`)), out(help))).toBe(false);
  });

  it('finds the docker commands inside a line the real client cannot run as it is', () => {
    expect(dockerParts('docker inspect 6a0 | grep -i pid')).toEqual(['docker inspect 6a0']);
    expect(dockerParts("PID=$(docker inspect -f '{{.State.Pid}}' 6a0)")).toEqual(["docker inspect -f '{{.State.Pid}}' 6a0"]);
    expect(dockerParts("cat /sys/fs/cgroup/cpu/docker/$(docker inspect -f '{{.Id}}' cpu1)/cpu.shares")).toEqual(["docker inspect -f '{{.Id}}' cpu1"]);
    expect(dockerParts('time docker stop pid1')).toEqual(['docker stop pid1']);
    expect(dockerParts('curl -s localhost:8080 | head -n 4')).toEqual([]);
    expect(dockerParts('ls $(pwd)')).toEqual([]);
  });

  it('splits words as bash does for quoted arguments', () => {
    expect(splitWords(`docker run busybox sh -c 'echo hi; exit 3' ""`)).toEqual(['docker', 'run', 'busybox', 'sh', '-c', 'echo hi; exit 3', '']);
  });
});
