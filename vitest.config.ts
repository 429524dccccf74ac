import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/diagrams/**/*.test.ts', 'tests/sandbox/**/*.test.ts', 'tests/markdown/**/*.test.ts', 'tests/scenarios/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
