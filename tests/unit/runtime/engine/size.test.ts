/** A container's SizeRw is the bytes it wrote into its writable layer, not runc's mount points. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';
import { engineState } from '../../../../simulator/runtime/engine/state.ts';
import { containerSizeRootFs, containerSizeRw } from '../../../../simulator/runtime/engine/size.ts';

describe('container sizes', () => {
  it('counts the files written in the container, and the image under them', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name box busybox sleep 1000');
    const host = lab.world.host('localhost');
    const state = engineState(lab.world, 'localhost');
    const c = Object.values(state.containers)[0]!;
    expect(containerSizeRw(host, c)).toBe(0);
    lab.run('docker exec box sh -c "echo 12345678 > /a.txt"');
    expect(containerSizeRw(host, c)).toBe(9);
    expect(containerSizeRootFs(host, state, c)).toBe(state.images[c.imageId]!.size + 9);
    expect(lab.run('docker inspect -s -f "{{.SizeRw}}" box').output).toBe('9\n');
  });
});
