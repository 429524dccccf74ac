/**
 * The page's head start on the sandbox: while the worker script itself downloads and starts, the
 * page fetches the simulator's main script and compiles QuickJS's WebAssembly (off the main thread),
 * then hands both to the worker with its `init` message. Without it the worker would begin both
 * downloads only once it runs. Anything that fails here is left to the worker, which fetches the
 * files itself and reports a failure the page can show.
 */
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';

export interface Preloaded {
  bundle?: string;
  wasmModule?: WebAssembly.Module;
}

/**
 * Where the page's build put QuickJS's .wasm file; the worker is told this address with its `init`
 * message. (The site ships the file once because the worker names its assets as the page does:
 * astro.config.mjs.)
 */
export function quickJsWasmUrl(base: string): string {
  return new URL(wasmUrl, base).href;
}

/** Where the site serves the simulator's main script (under the site's base path). */
export function sandboxBundleUrl(): string {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return new URL(`${base.replace(/\/?$/, '/')}sandbox/simulator.js`, globalThis.location?.href ?? 'http://localhost/').href;
}

const started = new Map<string, Promise<Preloaded>>();

/**
 * Downloads the main script at `bundleUrl` and compiles QuickJS, once per page: every lab client of
 * the page (cells, terminals, exercises) takes the same files. Each is left out if it failed.
 */
export function preloadSandbox(bundleUrl: string): Promise<Preloaded> {
  let preloaded = started.get(bundleUrl);
  if (!preloaded) {
    preloaded = load(bundleUrl);
    started.set(bundleUrl, preloaded);
  }
  return preloaded;
}

async function load(bundleUrl: string): Promise<Preloaded> {
  const [bundle, wasmModule] = await Promise.all([fetchText(bundleUrl).catch(() => undefined), compileWasm(quickJsWasmUrl(bundleUrl)).catch(() => undefined)]);
  const preloaded: Preloaded = {};
  if (bundle !== undefined) preloaded.bundle = bundle;
  if (wasmModule !== undefined) preloaded.wasmModule = wasmModule;
  return preloaded;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // compileStreaming compiles while the bytes arrive, but only from a response labelled application/wasm.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
