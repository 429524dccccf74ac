/**
 * The Web Worker that owns the page's lab: it loads QuickJS and the simulator bundle on its first
 * message and answers requests strictly in order (protocol.ts). All the work happens here, off the
 * page's thread, so a runaway command never freezes the page; host.ts ends it at the deadline.
 */
/// <reference lib="webworker" />
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { SandboxHost } from './host.ts';
import { loadQuickJs } from './quickjs.ts';
import { failure, type Failure, type WorkerEnvelope, type WorkerRequest, type WorkerResponse } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let host: SandboxHost | null = null;
let broken: Failure | null = null;
let queue: Promise<void> = Promise.resolve();

async function start(msg: Extract<WorkerRequest, { type: 'init' }>): Promise<WorkerResponse['reply']> {
  try {
    // The bundle and the WebAssembly module download (and compile) side by side.
    const [bundle, quickjs] = await Promise.all([
      fetch(msg.bundleUrl).then((response) => {
        if (!response.ok) throw new Error(`${msg.bundleUrl}: HTTP ${response.status}`);
        return response.text();
      }),
      loadQuickJs(msg.wasmUrl ?? wasmUrl),
    ]);
    host = await SandboxHost.create({ bundle, quickjs, lab: msg.lab, seed: msg.seed, ...msg.limits });
    return host.state().then((s) => (s.ok ? { ok: true, prompt: s.prompt } : s));
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
  }
}

self.onmessage = (event: MessageEvent<WorkerEnvelope>) => {
  const msg = event.data;
  queue = queue.then(async () => {
    let reply: WorkerResponse['reply'];
    try {
      reply = await answer(msg);
    } catch (e) {
      reply = failure('crash', { detail: e instanceof Error ? e.message : String(e) });
    }
    self.postMessage({ id: msg.id, reply } satisfies WorkerResponse);
  });
};
