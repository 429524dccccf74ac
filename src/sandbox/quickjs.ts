/**
 * The one place that picks the QuickJS build: quickjs-emscripten's release-sync variant with a
 * separate .wasm file. In Node the variant finds its .wasm next to itself; a page passes the URL its
 * bundler gave the file (worker.ts), so the built site loads it from its own origin, offline too.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';

const loaded = new Map<string, Promise<QuickJSWASMModule>>();

/** Loads (once per location) the QuickJS WebAssembly module. */
export function loadQuickJs(wasmLocation?: string): Promise<QuickJSWASMModule> {
  const key = wasmLocation ?? '';
  let module = loaded.get(key);
  if (!module) {
    module = newQuickJSWASMModuleFromVariant(variantAt(wasmLocation));
    loaded.set(key, module);
  }
  return module;
}

/** A new, separate instance (after a failure left the shared one unusable). */
export function loadFreshQuickJs(wasmLocation?: string): Promise<QuickJSWASMModule> {
  const module = newQuickJSWASMModuleFromVariant(variantAt(wasmLocation));
  loaded.set(wasmLocation ?? '', module);
  return module;
}

function variantAt(wasmLocation?: string): typeof releaseSync {
  return wasmLocation ? newVariant(releaseSync, { wasmLocation }) : releaseSync;
}

export type { QuickJSWASMModule };
