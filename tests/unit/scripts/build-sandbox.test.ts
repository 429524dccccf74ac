import { describe, expect, it } from 'vitest';
import { bundleSimulator } from '../../../scripts/build-sandbox.ts';
import { loadQuickJs } from '../../../src/sandbox/quickjs.ts';

describe('the simulator bundle', () => {
  it('is one plain script that sets globalThis.podbook in a bare QuickJS context', async () => {
    const bundle = await bundleSimulator();
    const quickjs = await loadQuickJs();
    const runtime = quickjs.newRuntime();
    const context = runtime.newContext();
    try {
      const result = context.evalCode(`${bundle.main}\n;[typeof podbook.call, typeof podbook.createLab, podbook.labNames().includes('docker')].join()`);
      const handle = context.unwrapResult(result);
      expect(context.dump(handle)).toBe('function,function,true');
      handle.dispose();
    } finally {
      context.dispose();
      runtime.dispose();
    }
  });
});
