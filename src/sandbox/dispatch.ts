/**
 * What the worker does with each message, apart from being a worker: load the lab on `init`,
 * then answer requests strictly in order. Kept free of worker globals and bundler-only imports so
 * tests drive it in Node behind a stand-in Worker.
 */
import { SandboxHost } from './host.ts';
import { loadQuickJs } from './quickjs.ts';
import { failure, type Failure, type WorkerEnvelope, type WorkerRequest, type WorkerResponse } from './protocol.ts';
import { PART_NAMES, partFile } from '../../simulator/lazy/names.ts';

export interface DispatchOptions {
  /** Where the page's bundler put the QuickJS .wasm file (an `init` message may override it). */
  wasmUrl?: string;
  /** Reads the simulator's main script or one of its parts (the worker fetches them). */
  loadBundle: (url: string) => Promise<string>;
  /**
   * Reads a part at once, for a command that needs it before its prefetch arrived (the worker
   * uses a synchronous request, which workers may make). Without it such a command fails.
   */
  loadBundleSync?: (url: string) => string;
  reply: (response: WorkerResponse) => void;
}

export function createDispatcher(options: DispatchOptions): (message: WorkerEnvelope) => void {
  let host: SandboxHost | null = null;
  let broken: Failure | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function start(msg: Extract<WorkerRequest, { type: 'init' }>): Promise<WorkerResponse['reply']> {
    try {
      // The bundle and the WebAssembly module download (and compile) side by side, unless the page
      // already did both while this worker was starting.
      const wasm = msg.wasmModule ?? msg.wasmUrl ?? options.wasmUrl;
      const [main, quickjs] = await Promise.all([msg.bundle ?? options.loadBundle(msg.bundleUrl), loadQuickJs(wasm)]);
      const parts = new Map<string, string>();
      const partUrl = (name: string): string => new URL(partFile(name), msg.bundleUrl).href;
      const part = (name: string): string => {
        let text = parts.get(name);
        if (text === undefined) {
          if (!options.loadBundleSync) throw new Error(`${partUrl(name)} has not arrived yet`);
          text = options.loadBundleSync(partUrl(name));
          parts.set(name, text);
        }
        return text;
      };
      host = await SandboxHost.create({ bundle: { main, parts: part }, quickjs, wasmLocation: wasm, lab: msg.lab, seed: msg.seed, ...msg.limits });
      // The lab is up: fetch the parts it may need later, so no command waits for the network.
      for (const name of PART_NAMES) {
        options.loadBundle(partUrl(name)).then((text) => {
          if (!parts.has(name)) parts.set(name, text);
        }, () => undefined);
      }
      const prompt = await host.prompt();
      return prompt.ok ? { ok: true, prompt: prompt.prompt } : prompt;
    } catch (e) {
      broken = failure('unavailable', { detail: e instanceof Error ? e.message : String(e) });
      return broken;
    }
  }

  async function answer(msg: WorkerRequest): Promise<WorkerResponse['reply']> {
    if (msg.type === 'init') return start(msg);
    if (!host) return broken ?? failure('unavailable', { detail: 'the worker was not initialised' });
    switch (msg.type) {
      case 'run':
        return host.run(msg.command, msg.options);
      case 'writeFile':
        return host.writeFile(msg.path, msg.content, msg.host);
      case 'advance':
        return host.advance(msg.ms);
      case 'snapshot':
        return host.snapshot();
      case 'restore':
        return host.restore(msg.snapshot);
      case 'reset':
        return host.reset();
      case 'state':
        return host.state();
      case 'session':
        return host.session(msg.session);
      case 'detach':
        return host.detach(msg.session);
      case 'pump':
        return host.pump(msg.ms, msg.session);
      case 'interrupt':
        return host.interrupt(msg.session);
    }
  }

  return (msg) => {
    queue = queue.then(async () => {
      let reply: WorkerResponse['reply'];
      try {
        reply = await answer(msg);
      } catch (e) {
        reply = failure('crash', { detail: e instanceof Error ? e.message : String(e) });
      }
      options.reply({ id: msg.id, reply });
    });
  };
}
