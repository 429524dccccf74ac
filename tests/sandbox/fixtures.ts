/** Shared set-up of the sandbox tests: the bundle built in memory once per file, and a host maker. */
import { bundleSimulator } from '../../scripts/build-sandbox.ts';
import { SandboxHost, type HostOptions } from '../../src/sandbox/host.ts';

let bundle: Promise<string> | null = null;

export function simulatorBundle(): Promise<string> {
  return (bundle ??= bundleSimulator());
}

export async function makeHost(options: Partial<HostOptions> = {}): Promise<SandboxHost> {
  return SandboxHost.create({ bundle: await simulatorBundle(), lab: 'docker', seed: 1, ...options });
}
