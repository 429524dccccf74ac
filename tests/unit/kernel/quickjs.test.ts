/**
 * The kernel's outputs are the same natively and inside QuickJS: /proc files, cgroup files, the
 * scheduler's numbers in top, dd's timing line and perl's digits of pi.
 */
import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';
import { makeHost } from '../../sandbox/fixtures.ts';

const COMMANDS = [
  'cat /proc/meminfo',
  'cat /proc/1/status',
  'cat /proc/self/cgroup',
  'ls /sys/fs/cgroup/cpu',
  'echo 512 > /sys/fs/cgroup/cpu/cpu.shares; cat /sys/fs/cgroup/cpu/cpu.shares',
  'ps aux',
  'ps axf',
  'top -b -n1',
  'free -h',
  'df -h',
  'dd if=/dev/zero of=/tmp/x bs=1M count=64 oflag=direct',
  "perl -Mbignum=bpi -wle 'print bpi(300)'",
  'cat /proc/loadavg /proc/uptime',
];

describe('kernel outputs in QuickJS', () => {
  it('match the native run byte for byte', async () => {
    const lab = createLab('docker', { seed: 1 });
    const host = await makeHost();
    try {
      for (const command of COMMANDS) {
        const native = lab.run(command);
        const quick = await host.run(command);
        if (!quick.ok) throw new Error(`${command}: ${quick.kind}`);
        expect({ command, output: quick.output, exitCode: quick.exitCode }).toEqual({ command, output: native.output, exitCode: native.exitCode });
      }
    } finally {
      host.dispose();
    }
  }, 120_000);
});
