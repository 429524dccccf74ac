/**
 * The one place that picks the QuickJS build: quickjs-emscripten's release-sync variant with a
 * separate .wasm file. In Node the variant finds its .wasm next to itself; a page passes the URL its
 * bundler gave the file (worker.ts), so the built site loads it from its own origin, offline too.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';

/**
 * Where QuickJS's WebAssembly comes from: a URL (or the package's own file when none is given), or a
 * module the page already compiled (src/sandbox/preload.ts), which instantiates without a download.
 */
export type WasmSource = string | WebAssembly.Module | undefined;

const loaded = new Map<WasmSource, Promise<QuickJSWASMModule>>();

/** Loads (once per source) the QuickJS WebAssembly module. */
export function loadQuickJs(source?: WasmSource): Promise<QuickJSWASMModule> {
  let module = loaded.get(source);
  if (!module) {
    module = newQuickJSWASMModuleFromVariant(variantOf(source));
    loaded.set(source, module);
  }
  return module;
}

/** A new, separate instance (after a failure left the shared one unusable). */
export function loadFreshQuickJs(source?: WasmSource): Promise<QuickJSWASMModule> {
  const module = newQuickJSWASMModuleFromVariant(variantOf(source));
  loaded.set(source, module);
  return module;
}

function variantOf(source: WasmSource): typeof releaseSync {
  if (source === undefined || source === '') return releaseSync;
  return typeof source === 'string' ? newVariant(releaseSync, { wasmLocation: source }) : newVariant(releaseSync, { wasmModule: source });
}

export type { QuickJSWASMModule };
