/**
 * Bundles the simulator (through src/sandbox/guest.ts) into one minified script that QuickJS
 * evaluates: no imports, no Node APIs, the API on `globalThis.podbook`. `npm run build:sandbox`
 * writes it to public/sandbox/simulator.js, where the site serves it and the doc tests read it.
 *
 *   node scripts/build-sandbox.ts [--out FILE] [--watch]
 *
 * `--watch` rebuilds on every change under simulator/ (run it beside `astro dev` while working on
 * the simulator; the page picks the new bundle up on its next lab start).
 */
import { build, context, type BuildOptions } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_PATH = join(ROOT, 'public', 'sandbox', 'simulator.js');
const ENTRY = join(ROOT, 'src', 'sandbox', 'guest.ts');

/** The bundle's text, built in memory (the doc tests and the bench use this to never run a stale file). */
const OPTIONS: BuildOptions = {
  entryPoints: [ENTRY],
  bundle: true,
  format: 'iife',
  // Neutral: a Node built-in imported anywhere under simulator/ fails the build.
  platform: 'neutral',
  target: 'es2023',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent',
};

export async function bundleSimulator(): Promise<string> {
  const result = await build({ ...OPTIONS, write: false });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}

export function sizes(text: string): { raw: number; gzip: number } {
  const bytes = Buffer.from(text, 'utf8');
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const out = at >= 0 && argv[at + 1] ? argv[at + 1] as string : BUNDLE_PATH;
  mkdirSync(dirname(out), { recursive: true });
  const write = (text: string): void => {
    writeFileSync(out, text);
    const { raw, gzip } = sizes(text);
    console.log(`sandbox: ${relative(process.cwd(), out)} ${(raw / 1024).toFixed(1)} KB (${(gzip / 1024).toFixed(1)} KB gzip)`);
  };
  if (!argv.includes('--watch')) {
    write(await bundleSimulator());
    return;
  }
  const ctx = await context({
    ...OPTIONS,
    write: false,
    plugins: [
      {
        name: 'podbook-write',
        setup(b) {
          b.onEnd((result) => {
            if (result.errors.length > 0) console.error(`sandbox: build failed: ${result.errors.map((e) => e.text).join('; ')}`);
            else if (result.outputFiles?.[0]) write(result.outputFiles[0].text);
          });
        },
      },
    ],
  });
  await ctx.watch();
  console.log('sandbox: watching simulator/ for changes (Ctrl+C stops)');
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
