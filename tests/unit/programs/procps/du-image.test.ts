/** du inside a container counts the image's unmodelled files, so it agrees with the size docker images reports. */
import { describe, expect, it } from 'vitest';
import { terminal } from '../shell/helpers.ts';

describe('du over image layers', () => {
  it('du -sh / in a container comes to the image size (MiB against docker images MB), plus what the container wrote', () => {
    const { run } = terminal();
    run('docker pull centos:7 && docker pull busybox');
    expect(run("docker images --format '{{.Repository}} {{.Size}}'").out).toBe('busybox 4.28MB\ncentos 204MB\n');
    // 204,187,133 bytes in 4 KiB blocks is 199,404 KiB, which du -h rounds up to 195M.
    expect(run('docker run --rm centos:7 du -sh /')).toEqual({ out: '195M\t/\n', code: 0 });
    expect(run('docker run --rm centos:7 du -s /').out).toMatch(/^1994\d\d\t\/\n$/);
    expect(run("docker run --rm centos:7 sh -c 'dd if=/dev/zero of=/big bs=1M count=10 2>/dev/null; du -sh /'").out).toBe('205M\t/\n');
    expect(run('docker run --rm busybox du -s /').out).toMatch(/^4[12]\d\d\t\/\n$/);
    // The bulk sits at the root of the layer, not in a directory a reader lists.
    expect(run('docker run --rm centos:7 du -sh /etc').out).toMatch(/^\d+K\t\/etc\n$/);
    expect(run('docker run --rm centos:7 du -sh /proc')).toEqual({ out: '0\t/proc\n', code: 0 });
  });

  it('the host counts each layer once under /var/lib/docker/overlay2', () => {
    const { run } = terminal();
    run('docker pull centos:7');
    expect(run('du -sh /var/lib/docker/overlay2').out).toMatch(/^19[5-9]M\t\/var\/lib\/docker\/overlay2\n$/);
  });
});
