/**
 * What the worker does with each message, apart from being a worker: load the lab on `init`,
 * then answer requests strictly in order. Kept free of worker globals and bundler-only imports so
 * tests drive it in Node behind a stand-in Worker.
 */
import { SandboxHost } from './host.ts';
import { loadQuickJs } from './quickjs.ts';
import { failure, type Failure, type WorkerEnvelope, type WorkerRequest, type WorkerResponse } from './protocol.ts';

export interface DispatchOptions {
  /** Where the page's bundler put the QuickJS .wasm file (an `init` message may override it). */
  wasmUrl?: string;
  /** Reads the simulator bundle (the worker fetches it). */
  loadBundle: (url: string) => Promise<string>;
  reply: (response: WorkerResponse) => void;
}

export function createDispatcher(options: DispatchOptions): (message: WorkerEnvelope) => void {
  let host: SandboxHost | null = null;
  let broken: Failure | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function start(msg: Extract<WorkerRequest, { type: 'init' }>): Promise<WorkerResponse['reply']> {
    try {
      // The bundle and the WebAssembly module download (and compile) side by side.
      const [bundle, quickjs] = await Promise.all([options.loadBundle(msg.bundleUrl), loadQuickJs(msg.wasmUrl ?? options.wasmUrl)]);
      host = await SandboxHost.create({ bundle, quickjs, lab: msg.lab, seed: msg.seed, ...msg.limits });
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
