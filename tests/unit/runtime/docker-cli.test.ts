/**
 * The docker client against the simulated engine, end to end through the lab's shell. Formats were
 * checked by running the real docker 28.2.2 client against a fake Engine API on 127.0.0.1 serving
 * the same shapes (pull stream rendering with and without a terminal, run's pull-then-create
 * order, usage errors, daemon error wording); see /work/shared/FACTS-docker-cli.md.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';
import { tcpConnect } from '../../../simulator/kernel/net/path.ts';
import { ROOT_NETNS } from '../../../simulator/kernel/net/types.ts';

function session(seed = 1) {
  const lab = createLab('docker', { seed });
  const run = (line: string) => lab.run(line);
  return { lab, run };
}

describe('docker pull', () => {
  it('prints the non-terminal progress lines the real client prints', () => {
    const { lab, run } = session();
    expect(run('docker pull httpd > /root/pull.txt').exitCode).toBe(0);
    const text = lab.readFile('/root/pull.txt') ?? '';
    const lines = text.split('\n');
    expect(lines[0]).toBe('Using default tag: latest');
    expect(lines[1]).toBe('latest: Pulling from library/httpd');
    expect(lines.filter((l) => l.endsWith(': Pulling fs layer'))).toHaveLength(5);
    expect(lines.filter((l) => l.endsWith(': Pull complete'))).toHaveLength(5);
    expect(lines.some((l) => l.includes('Downloading'))).toBe(false);
    expect(lines.at(-4)).toMatch(/^Digest: sha256:[0-9a-f]{64}$/);
    expect(lines.at(-3)).toBe('Status: Downloaded newer image for httpd:latest');
    expect(lines.at(-2)).toBe('docker.io/library/httpd:latest');
  });

  it('on a terminal shows the final screen, one line per layer with a trailing space', () => {
    const { run } = session();
    const out = run('docker pull nginx:1.7.9').output.split('\n');
    expect(out[0]).toBe('1.7.9: Pulling from library/nginx');
    expect(out.slice(1, 6).every((l) => /^[0-9a-f]{12}: Pull complete $/.test(l))).toBe(true);
  });

  it('reports a missing tag and a missing repository as the daemon words them', () => {
    const { run } = session();
    // After the daemon's words, a line saying which tags Podbook's hub holds.
    expect(run('docker pull nginx:1.99')).toMatchObject({ exitCode: 1, output: "Error response from daemon: manifest for nginx:1.99 not found: manifest unknown: manifest unknown\npodbook: Podbook's Docker Hub holds nginx with the tags latest, 1, 1.27, 1.27.5, mainline, bookworm, 1.9.1, 1.7.9\n" });
    expect(run('docker pull nosuchimage').output).toBe("Using default tag: latest\nError response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
  });

  it('says the image is up to date on a second pull', () => {
    const { run } = session();
    run('docker pull busybox');
    expect(run('docker pull busybox').output).toMatch(/latest: Pulling from library\/busybox\nDigest: sha256:[0-9a-f]{64}\nStatus: Image is up to date for busybox:latest\ndocker.io\/library\/busybox:latest\n$/);
  });
});

describe('docker run / ps / images / stop / start / rm', () => {
  it('pulls a missing image, then prints the container id', () => {
    const { run } = session();
    const r = run('docker run -d --name web -p 8080:80 httpd');
    expect(r.exitCode).toBe(0);
    expect(r.output.startsWith("Unable to find image 'httpd:latest' locally\nlatest: Pulling from library/httpd\n")).toBe(true);
    expect(r.output).toMatch(/Status: Downloaded newer image for httpd:latest\n[0-9a-f]{64}\n$/);
  });

  it('lists containers in the real table layout with virtual-clock times', () => {
    const { run } = session();
    const id = run('docker run -d --name web -p 8080:80 httpd').output.trim().split('\n').at(-1) as string;
    expect(run('docker ps').output).toBe(
      'CONTAINER ID   IMAGE     COMMAND              CREATED         STATUS         PORTS                                     NAMES\n' +
        `${id.slice(0, 12)}   httpd     "httpd-foreground"   2 seconds ago   Up 2 seconds   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web\n`,
    );
    expect(run('docker ps -q').output).toBe(`${id.slice(0, 12)}\n`);
    expect(run('docker stop web').output).toBe('web\n');
    expect(run('docker ps').output).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
    expect(run('docker ps -a').output).toContain('Exited (0) 4 seconds ago');
    expect(run('docker start web').output).toBe('web\n');
    expect(run('docker rm web')).toMatchObject({ exitCode: 1, output: 'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n' });
    expect(run('docker rm -f web').output).toBe('web\n');
    expect(run('docker ps -aq').output).toBe('');
  });

  it('lists images with decimal sizes', () => {
    const { run } = session();
    run('docker pull httpd');
    expect(run('docker images').output).toMatch(/^REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {7}SIZE\nhttpd {8}latest {4}[0-9a-f]{12} {3}4 weeks ago {3}143MB\n$/);
  });

  it('names containers from the daemon word lists', () => {
    const { run } = session();
    run('docker run -d httpd');
    expect(run('docker ps --format "{{.Names}}"').output).toMatch(/^[a-z]+_[a-z]+\n$/);
  });

  it('publishes ports through the kernel: DNAT and a docker-proxy reach httpd in the container', () => {
    const { lab, run } = session();
    run('docker run -d --name web -p 8080:80 httpd');
    const result = tcpConnect(lab.world, 'localhost', ROOT_NETNS, '127.0.0.1', 8080);
    expect(result.ok).toBe(true);
  });

  it('refuses a port already allocated and a name in use', () => {
    const { run } = session();
    const first = run('docker run -d --name web -p 8080:80 httpd').output.trim().split('\n').at(-1) as string;
    expect(run('docker run -d --name web httpd').output).toBe(`docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${first}". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n`);
    const r = run('docker run -d --name web2 -p 8080:80 httpd');
    expect(r.exitCode).toBe(125);
    expect(r.output).toContain('Bind for 0.0.0.0:8080 failed: port is already allocated');
  });
});

describe('docker usage errors', () => {
  it('matches the real client', () => {
    const { run } = session();
    expect(run('docker status')).toMatchObject({ exitCode: 1, output: "docker: unknown command: docker status\n\nRun 'docker --help' for more information\n" });
    expect(run('docker ps --bogus')).toMatchObject({ exitCode: 125, output: "unknown flag: --bogus\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n" });
    expect(run('docker rm')).toMatchObject({ exitCode: 1, output: "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n" });
    expect(run('docker pull')).toMatchObject({ exitCode: 1, output: "docker: 'docker pull' requires 1 argument\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nRun 'docker pull --help' for more information\n" });
    expect(run('docker ps x').output).toBe("docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n");
    expect(run('docker run -d -p badport httpd')).toMatchObject({ exitCode: 125, output: "docker: invalid containerPort: badport\n\nRun 'docker run --help' for more information\n" });
    expect(run('docker run -d -m 400Q httpd')).toMatchObject({ exitCode: 125, output: 'invalid argument "400Q" for "-m, --memory" flag: invalid suffix: \'q\'\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information\n' });
    expect(run('docker run -d --name')).toMatchObject({ exitCode: 125, output: "flag needs an argument: --name\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n" });
    expect(run('docker stop ghost')).toMatchObject({ exitCode: 1, output: 'Error response from daemon: No such container: ghost\n' });
    expect(run('docker swarm init')).toMatchObject({ exitCode: 1, output: "podbook: 'docker swarm' is not simulated\n" });
  });

  it('prints the real help text offline', () => {
    const { run } = session();
    expect(run('docker ps --help').output.startsWith('Usage:  docker ps [OPTIONS]\n\nList containers\n')).toBe(true);
  });
});

describe('determinism', () => {
  it('gives byte-identical transcripts for the same seed and commands', () => {
    const script = ['docker pull httpd', 'docker run -d -p 8080:80 httpd', 'docker run -d nginx', 'docker ps -a', 'docker images', 'docker stop $(docker ps -q)', 'docker ps -a'];
    const transcript = () => {
      const { run } = session(7);
      return script.map((l) => run(l).output).join('');
    };
    expect(transcript()).toBe(transcript());
  });
});
