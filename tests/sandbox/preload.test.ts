/** The page downloads the lab's files once, however many lab clients (cells, terminals) ask. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preloadSandbox } from '../../src/sandbox/preload.ts';

describe('preloadSandbox', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches the main script and QuickJS once per address and hands every caller the same files', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      seen.push(new URL(url).pathname);
      // Not WebAssembly: the compile fails, and the worker is left to load QuickJS itself.
      return new Response(url.endsWith('.js') ? 'podbook();' : 'nope', { status: 200, headers: { 'content-type': 'text/plain' } });
    });
    const url = 'http://podbook.test/once/sandbox/simulator.js';
    const [a, b] = await Promise.all([preloadSandbox(url), preloadSandbox(url)]);
    expect(a).toBe(b);
    expect(a).toEqual({ bundle: 'podbook();' });
    expect(seen.filter((p) => p.endsWith('simulator.js'))).toEqual(['/once/sandbox/simulator.js']);
    expect(seen.filter((p) => p.endsWith('.wasm')).length).toBe(1);
  });
});
