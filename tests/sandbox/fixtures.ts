/** Shared set-up of the sandbox tests: the bundle built in memory once per file, and a host maker. */
import { bundleSimulator, type SandboxBundle } from '../../scripts/build-sandbox.ts';
import { expect } from 'vitest';
import { createLab } from '../../simulator/index.ts';
import { SandboxHost, type HostOptions } from '../../src/sandbox/host.ts';

let bundle: Promise<SandboxBundle> | null = null;

export function simulatorBundle(): Promise<SandboxBundle> {
  return (bundle ??= bundleSimulator());
}

export async function makeHost(options: Partial<HostOptions> = {}): Promise<SandboxHost> {
  return SandboxHost.create({ bundle: await simulatorBundle(), lab: 'docker', seed: 1, ...options });
}

/** The bundle as a page's worker fetches it: `.../simulator.js` or `.../simulator-<part>.js`. */
export async function fetchBundle(url: string): Promise<string> {
  return scriptAt(await simulatorBundle(), url);
}

export function scriptAt(bundle: SandboxBundle, url: string): string {
  const name = /simulator(?:-([a-z]+))?\.js$/.exec(url);
  if (!name) throw new Error(`${url}: HTTP 404`);
  if (name[1] === undefined) return bundle.main;
  const text = (bundle.parts as Record<string, string>)[name[1]];
  if (text === undefined) throw new Error(`${url}: HTTP 404`);
  return text;
}

/** Runs `script` line by line in a sandboxed lab and a native one (seed 1) and expects the same output from each line. */
export async function expectSameInQuickjs(script: string[]): Promise<void> {
  const host = await makeHost();
  const lab = createLab('docker', { seed: 1 });
  try {
    for (const line of script) {
      const inSandbox = (await host.run(line)) as { output?: string };
      expect(typeof inSandbox.output, line).toBe('string');
      expect(inSandbox.output, line).toBe(lab.run(line).output);
    }
  } finally {
    host.dispose();
  }
}
