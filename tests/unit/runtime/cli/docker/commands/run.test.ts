/** `docker create` takes --rm as the real client does (`docker create --help` lists it). */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../../../simulator/index.ts';

describe('docker create --rm', () => {
  it('sets AutoRemove: the container goes when it ends after a start', () => {
    const lab = createLab('docker', { seed: 1 });
    expect(lab.run('docker create --rm --name rr busybox echo hi').exitCode).toBe(0);
    expect(lab.run("docker inspect -f '{{.HostConfig.AutoRemove}}' rr").output).toBe('true\n');
    lab.run('docker start rr');
    expect(lab.run('docker ps -a --format {{.Names}}').output).toBe('');
  });
});
