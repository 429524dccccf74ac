/** hello-world is on Podbook's hub; images it does not hold say what it holds instead. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

describe("Podbook's Docker Hub", () => {
  it('runs hello-world, whose one program prints the greeting and exits 0', () => {
    const lab = createLab('docker', { seed: 1 });
    const r = lab.run('docker run hello-world');
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('Status: Downloaded newer image for hello-world:latest\n\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n');
    expect(r.output.endsWith(' https://docs.docker.com/get-started/\n\n')).toBe(true);
    expect(lab.run("docker images --format '{{.Repository}} {{.Size}}' hello-world").output).toBe('hello-world 10.1kB\n');
    expect(lab.run('docker run --rm hello-world ls').exitCode).toBe(127);
  });

  it('adds a line naming what it holds after the registry error for an image Docker Hub has', () => {
    const lab = createLab('docker', { seed: 1 });
    const debian = lab.run('docker pull debian');
    expect(debian.exitCode).toBe(1);
    expect(debian.output.split('\n')[2]).toBe("podbook: debian is on Docker Hub but not in Podbook's; it holds alpine, busybox, centos, hello-world, httpd, mysql, nginx, perl, progrium/stress, redis, registry, ubuntu");
    expect(lab.run('docker pull mysql:5.7').output).toBe("Error response from daemon: manifest for mysql:5.7 not found: manifest unknown: manifest unknown\npodbook: Podbook's Docker Hub holds mysql with the tags latest, 9, 9.3, 9.3.0\n");
    // A name Docker Hub does not have either gets the registry's error alone.
    expect(lab.run('docker pull nosuchimage').output).toBe("Using default tag: latest\nError response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n");
  });
});
