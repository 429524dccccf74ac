/** Every flag of the real client is known: the ones Podbook does not model say so plainly. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../simulator/index.ts';

describe('flags Podbook does not model', () => {
  it('are parsed as the client parses them and refused with a plain message and status 1', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker network create --ipam-driver other n1')).toMatchObject({ output: "podbook: 'docker network create --ipam-driver' is not simulated\n", exitCode: 1 });
    expect(lab.run('docker volume create --type block v1')).toMatchObject({ output: "podbook: 'docker volume create --type' is not simulated\n", exitCode: 1 });
    expect(lab.run('docker update --pids-limit 5 nope')).toMatchObject({ output: "podbook: 'docker update --pids-limit' is not simulated\n", exitCode: 1 });
    // Nothing was made.
    expect(lab.run("docker network ls --format '{{.Name}}'").output).toBe('bridge\nhost\nnone\n');
    // A value of the wrong type is still the client's own error.
    expect(lab.run('docker network connect --gw-priority x n1 c1').output).toContain('invalid argument "x" for "--gw-priority" flag');
  });

  it('docker build --iidfile writes the image id; --platform other than the lab machines\' is not simulated', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run("mkdir /b && printf 'FROM busybox\\n' > /b/Dockerfile");
    expect(lab.run('docker build -q --iidfile /tmp/iid --platform linux/amd64 -t b1 /b').exitCode).toBe(0);
    expect(lab.run('cat /tmp/iid').output).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lab.run("docker images --no-trunc --format '{{.ID}}' b1").output).toBe(`${lab.run('cat /tmp/iid').output}\n`);
    expect(lab.run('docker build --platform linux/arm64 /b')).toMatchObject({ exitCode: 1 });
    expect(lab.run('docker build --squash /b').output).toBe("podbook: 'docker build --squash' is not simulated\n");
  });
});
