// Lint rules. The simulator must be deterministic and portable to QuickJS, so under simulator/ the
// wall clock, Math.random, timers and host APIs are errors, not style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbiddenInSimulator = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the lab clock: the simulator never reads the wall clock.' },
    { object: 'Math', property: 'random', message: 'Use the lab Rng: the simulator is deterministic.' },
    { object: 'performance', property: 'now', message: 'Use the lab clock.' },
  ],
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'queueMicrotask', 'setImmediate', 'fetch', 'window', 'document',
      'localStorage', 'indexedDB', 'process', 'require', 'Buffer', 'TextEncoder', 'TextDecoder',
      'structuredClone', 'crypto', 'atob', 'btoa', 'Intl', 'URL'].map((name) => ({
      name,
      message: `${name} is not available or not deterministic inside the QuickJS sandbox.`,
    })),
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the wall clock; pass the lab time.' },
    { selector: "CallExpression[callee.property.name='localeCompare']", message: 'localeCompare sorts differently in QuickJS; use byCodePoint.' },
    { selector: "CallExpression[callee.property.name='toLocaleString']", message: 'toLocaleString differs in QuickJS; format by hand.' },
  ],
  'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'No Node APIs in the simulator.' }] }],
};

export default tseslint.config(
  { ignores: ['dist/', 'build/', '.astro/', 'node_modules/', 'public/', 'test-results/', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['simulator/**/*.ts'], rules: forbiddenInSimulator },
);
