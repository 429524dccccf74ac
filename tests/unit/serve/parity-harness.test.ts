import { describe, expect, it } from 'vitest';
import { comparable, printsClientTime } from '../../parity/lab-pair.ts';
import { splitWords } from '../../parity/real-docker.ts';
import { clientLine } from '../../parity/command-line.ts';

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
    expect(comparable('docker rm -f $(docker ps -q)')).toBe(false);
    expect(comparable('docker exec web sh -c "echo $HOME"')).toBe(false);
    expect(comparable('time docker stop web')).toBe(false);
  });

  it('sends quoted words, NAME=value, input from a file and output into one as the shell would', () => {
    expect(clientLine(`docker inspect -f '{{range .Mounts}}{{.Type}} {{.Source}}{{end}}' web`)).toEqual({ words: ['docker', 'inspect', '-f', '{{range .Mounts}}{{.Type}} {{.Source}}{{end}}', 'web'], env: {} });
    expect(clientLine(`docker exec cow sh -c 'echo hello > /tmp/note.txt'`)?.words).toEqual(['docker', 'exec', 'cow', 'sh', '-c', 'echo hello > /tmp/note.txt']);
    expect(clientLine('DOCKER_BUILDKIT=0 docker build -t x .')).toEqual({ words: ['docker', 'build', '-t', 'x', '.'], env: { DOCKER_BUILDKIT: '0' } });
    expect(clientLine('docker image save httpd:v11 > httpd.tar')).toEqual({ words: ['docker', 'image', 'save', 'httpd:v11'], env: {}, stdoutFile: 'httpd.tar' });
    expect(clientLine('docker load < httpd.tar')).toEqual({ words: ['docker', 'load'], env: {}, stdinFile: 'httpd.tar' });
    expect(clientLine('cat ubunt.tar | docker import - ubuntu:18.04')).toEqual({ words: ['docker', 'import', '-', 'ubuntu:18.04'], env: {}, stdinFile: 'ubunt.tar' });
    expect(clientLine('docker ps | grep web')).toBeUndefined();
    expect(clientLine('echo hi > /tmp/x')).toBeUndefined();
  });

  it('knows which commands print a time the client computes', () => {
    expect(printsClientTime('docker ps -a')).toBe(true);
    expect(printsClientTime('docker image history httpd')).toBe(true);
    expect(printsClientTime('docker ps -q')).toBe(false);
    expect(printsClientTime('docker rm web')).toBe(false);
  });

  it('splits words as bash does for quoted arguments', () => {
    expect(splitWords(`docker run busybox sh -c 'echo hi; exit 3' ""`)).toEqual(['docker', 'run', 'busybox', 'sh', '-c', 'echo hi; exit 3', '']);
  });
});
