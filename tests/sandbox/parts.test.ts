import { describe, expect, it } from 'vitest';
import { createLab } from '../../simulator/index.ts';
import { SandboxHost } from '../../src/sandbox/host.ts';
import { simulatorBundle } from './fixtures.ts';

describe('the simulator parts a lab loads on first use', () => {
  it('start a lab without any part, load each the first time a command needs it, once, and print what the native lab prints', async () => {
    const bundle = await simulatorBundle();
    const asked: string[] = [];
    const host = await SandboxHost.create({
      bundle: { main: bundle.main, parts: (name) => (asked.push(name), (bundle.parts as Record<string, string>)[name] as string) },
      lab: 'docker',
      seed: 1,
    });
    const native = createLab('docker', { seed: 1 });
    const same = async (command: string): Promise<void> => {
      const r = await host.run(command);
      const n = native.run(command);
      expect(r.ok && { output: r.output, exitCode: r.exitCode }).toEqual({ output: n.output, exitCode: n.exitCode });
    };
    await same('docker ps -a');
    await same('docker images');
    expect(asked).toEqual([]);
    await same('docker ps --help');
    expect(asked).toEqual(['help']);
    await same("echo one two | awk '{print $2}'");
    await same('docker ps --format "{{.ID | printf \\"%.4s\\"}}"');
    await same('docker volume create data && docker volume ls');
    expect(asked).toEqual(['help', 'extras']);
    host.dispose();
  });

  it('fails only the command whose part cannot be had, and the lab carries on', async () => {
    const bundle = await simulatorBundle();
    const host = await SandboxHost.create({
      bundle: { main: bundle.main, parts: () => { throw new Error('offline'); } },
      lab: 'docker',
      seed: 1,
    });
    const help = await host.run('docker --help');
    expect(help.ok && help.exitCode).toBe(1);
    expect(help.ok && help.output).toContain('the part help of the simulator could not be loaded: offline');
    const ps = await host.run('docker ps');
    expect(ps.ok && ps.output).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
    host.dispose();
  });
});

describe('a saved lab restored in the sandbox', () => {
  it('goes on as natively when it holds processes whose models are in a part (a stress worker and its timeout)', async () => {
    const bundle = await simulatorBundle();
    const native = createLab('docker', { seed: 1 });
    native.run('docker run -d --name s1 progrium/stress --cpu 1 --timeout 30s');
    native.run('sleep 5');
    const host = await SandboxHost.create({ bundle, lab: 'docker', seed: 1, snapshot: native.snapshot() });
    for (const command of ['docker ps -a --format "{{.Names}} {{.Status}}"', 'sleep 40', 'docker ps -a --format "{{.Names}} {{.Status}}"', 'docker logs s1']) {
      const r = await host.run(command);
      const n = native.run(command);
      expect(r.ok && { output: r.output, exitCode: r.exitCode }).toEqual({ output: n.output, exitCode: n.exitCode });
    }
    host.dispose();
  });
});
