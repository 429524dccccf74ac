import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/diagrams/**/*.test.ts', 'tests/sandbox/**/*.test.ts', 'tests/markdown/**/*.test.ts', 'tests/scenarios/**/*.test.ts'],
    testTimeout: 30_000,
    // The test files share each worker's one import of the simulator instead of importing it afresh
    // per file (most of the suite's time). The simulator's modules hold only tables of code (programs,
    // hooks), filled the same way by every import; a lab lives in the object createLab returns, so
    // nothing one file does can reach another. The suite passes with its files shuffled
    // (--sequence.shuffle.files) too.
    isolate: false,
  },
});
