/**
 * The two ways a doc test runs a chapter: natively (the simulator imported into Node) and through
 * the QuickJS sandbox host that the browser's worker uses, so the shipped path is proven too.
 */
import { createLab, restoreLab } from '../../simulator/index.ts';
import { SandboxHost } from '../../src/sandbox/host.ts';
import type { SandboxBundle } from '../../scripts/build-sandbox.ts';

export type Mode = 'native' | 'quickjs';
export const MODES: readonly Mode[] = ['native', 'quickjs'];

/** A command's outcome; `prompt` is the prompt shown after it (where the next command is typed). */
export type Ran = { ok: true; output: string; exitCode: number; prompt: string } | { ok: false; message: string };
export type Wrote = { ok: true } | { ok: false; message: string };

export interface DocLab {
  run(command: string, options: { host?: string; session?: string }): Promise<Ran>;
  writeFile(path: string, content: string, host?: string): Promise<Wrote>;
  /** The lab as JSON, and putting it back: exercises are checked on a copy and the lab restored. */
  snapshot(): Promise<string>;
  restore(snapshot: string): Promise<void>;
  dispose(): void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function openLab(mode: Mode, lab: string, seed: number, bundle: () => Promise<SandboxBundle>): Promise<DocLab> {
  if (mode === 'native') {
    let native = createLab(lab, { seed });
    return {
      async run(command, options) {
        try {
          const r = native.run(command, options);
          return { ok: true, output: r.output, exitCode: r.exitCode, prompt: r.prompt };
        } catch (e) {
          return { ok: false, message: `the simulator threw: ${message(e)}` };
        }
      },
      async writeFile(path, content, host) {
        try {
          native.writeFile(path, content, host);
          return { ok: true };
        } catch (e) {
          return { ok: false, message: `the simulator threw: ${message(e)}` };
        }
      },
      async snapshot() {
        return native.snapshot();
      },
      async restore(snapshot) {
        native = restoreLab(snapshot);
      },
      dispose() {},
    };
  }
  const host = await SandboxHost.create({ bundle: await bundle(), lab, seed });
  return {
    async run(command, options) {
      const r = await host.run(command, options);
      return r.ok ? { ok: true, output: r.output, exitCode: r.exitCode, prompt: r.prompt } : { ok: false, message: r.message };
    },
    async writeFile(path, content, h) {
      const r = await host.writeFile(path, content, h);
      return r.ok ? r : { ok: false, message: r.message };
    },
    async snapshot() {
      const r = await host.snapshot();
      if (!r.ok) throw new Error(r.message);
      return r.snapshot;
    },
    async restore(snapshot) {
      const r = await host.restore(snapshot);
      if (!r.ok) throw new Error(r.message);
    },
    dispose: () => host.dispose(),
  };
}
