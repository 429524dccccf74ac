/** busybox and alpine images carry busybox's ping applet, not iputils: its own header, seq= from 0, its own error. */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../../simulator/index.ts';

describe('ping inside busybox images', () => {
  it('prints the busybox applet layout and its bad-address error', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker network create net2');
    lab.run('docker run -dit --name b1 --network net2 busybox');
    const ok = lab.run('docker run --rm --network net2 busybox ping -c 1 b1');
    expect(ok.output).toMatch(/^PING b1 \(172\.18\.0\.2\): 56 data bytes\n64 bytes from 172\.18\.0\.2: seq=0 ttl=64 time=/);
    const bad = lab.run('docker run --rm busybox ping -c 1 b1');
    expect(bad.output).toBe("ping: bad address 'b1'\n");
  });
});
