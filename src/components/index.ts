/**
 * The components chapter authors use, in one place: `import { Diagram } from '<relative>/src/components/index.ts'`.
 */
export { default as Diagram } from './diagrams/Diagram.astro';
export { default as Exercise } from './Exercise.astro';
export { default as Terminal } from './Terminal.astro';
