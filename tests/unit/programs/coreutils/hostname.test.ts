/** hostname reads the caller's UTS and network namespaces, so inside a container it names the container. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('hostname in a container', () => {
  it('prints the -h hostname and the container address', () => {
    const { run } = terminal();
    run('docker pull centos');
    expect(run('docker run --rm -h abc centos hostname').out).toBe('abc\n');
    run('docker run -d --name c1 -h hwhost centos sleep 1000');
    expect(run('docker exec c1 hostname').out).toBe('hwhost\n');
    const ip = run("docker inspect -f '{{.NetworkSettings.IPAddress}}' c1").out;
    expect(ip).toMatch(/^172\.17\.0\.\d+\n$/);
    expect(run('docker exec c1 hostname -i').out).toBe(ip);
    expect(run('hostname').out).toBe('localhost\n');
  });
});
