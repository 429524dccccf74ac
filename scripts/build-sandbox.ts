/**
 * Bundles the simulator for QuickJS: plain scripts, no imports, no Node APIs. The main script
 * (through src/sandbox/guest.ts) sets `globalThis.podbook`; each lazily loaded part of the
 * simulator (simulator/lazy) is a script of its own that the sandbox evaluates in the same context
 * the first time code asks for it. `npm run build:sandbox` writes them to public/sandbox/
 * (`simulator.js`, `simulator-<part>.js`), where the site serves them and the doc tests read them.
 *
 *   node scripts/build-sandbox.ts [--out DIR] [--watch]
 *
 * `--watch` rebuilds on every change under simulator/ (run it beside `astro dev` while working on
 * the simulator; the page picks the new bundle up on its next lab start).
 *
 * How: esbuild splits the ES modules into chunks (code shared between the main script and a part
 * lands in a shared chunk, once), each chunk is turned into a CommonJS factory, and the scripts
 * register their factories in a small module table that the main script's prelude defines. A part
 * script holds only the chunks the main script does not.
 */
import { build, context, transform, type BuildOptions, type Metafile, type OutputFile, type Plugin } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PART_NAMES, partFile, type PartName } from '../simulator/lazy/names.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SANDBOX_DIR = join(ROOT, 'public', 'sandbox');
export const BUNDLE_PATH = join(SANDBOX_DIR, 'simulator.js');
const ENTRY = join(ROOT, 'src', 'sandbox', 'guest.ts');
const LAZY_NATIVE = join(ROOT, 'simulator', 'lazy', 'index.ts');
const LAZY_GUEST = join(ROOT, 'src', 'sandbox', 'parts-guest.ts');

/** The sandbox's scripts: the one every lab evaluates first, and each part's. */
export interface SandboxBundle {
  main: string;
  parts: Record<PartName, string>;
}

/** Inside the bundle, `simulator/lazy/index.ts` is the guest's loader, so no part is imported up front. */
const lazyParts: Plugin = {
  name: 'podbook-lazy-parts',
  setup(b) {
    b.onResolve({ filter: /lazy\/index\.ts$/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
      return resolved.errors.length === 0 && resolved.path === LAZY_NATIVE ? { path: LAZY_GUEST } : undefined;
    });
  },
};

const OPTIONS: BuildOptions = {
  entryPoints: { guest: ENTRY, ...Object.fromEntries(PART_NAMES.map((name) => [`part-${name}`, join(ROOT, 'simulator', 'lazy', 'parts', `${name}.ts`)])) },
  bundle: true,
  splitting: true,
  format: 'esm',
  outdir: join(ROOT, 'dist-sandbox'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  // Neutral: a Node built-in imported anywhere under simulator/ fails the build.
  platform: 'neutral',
  target: 'es2023',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent',
  metafile: true,
  plugins: [lazyParts],
};

/**
 * The module table every script registers into: `define` keeps a chunk's factory, `require` runs it
 * once, `part` asks the host for a part's script (`__pbLoadPart`) when its entry is not defined yet.
 */
const PRELUDE = `var __pb=globalThis.__pb=(function(){var d=Object.create(null),m=Object.create(null);function r(i){i=i.replace(/^\\.\\//,"");var x=m[i];if(x)return x.exports;var f=d[i];if(!f)throw new Error("podbook: the bundle has no chunk "+i);x=m[i]={exports:{}};f(r,x,x.exports);return x.exports}return{define:function(i,f){if(!(i in d))d[i]=f},require:r,part:function(n){var i="part-"+n+".js";if(!(i in d)){if(typeof __pbLoadPart!=="function")throw new Error("podbook: no loader for the part "+n);__pbLoadPart(n);if(!(i in d))throw new Error("podbook: the part "+n+" did not load")}return r(i)}}})();\n`;

/** One chunk as a factory in the module table. */
async function asFactory(file: OutputFile): Promise<string> {
  const cjs = await transform(file.text, { format: 'cjs', minify: true, target: 'es2023', charset: 'utf8', legalComments: 'none' });
  return `__pb.define(${JSON.stringify(basename(file.path))},function(require,module,exports){"use strict";${cjs.code}});\n`;
}

/** The chunks an entry needs, itself last, each after the chunks it imports. */
function closure(meta: Metafile, outdir: string, entry: string): string[] {
  const order: string[] = [];
  const visit = (file: string): void => {
    if (order.includes(file)) return;
    order.push(file);
    for (const i of meta.outputs[join(relative(ROOT, outdir), file)]?.imports ?? []) {
      if (i.kind === 'import-statement') visit(basename(i.path));
    }
  };
  visit(entry);
  return order;
}

/** The bundle's scripts, built in memory (the doc tests and the bench use this to never run a stale file). */
export async function bundleSimulator(): Promise<SandboxBundle> {
  const result = await build({ ...OPTIONS, write: false });
  return link(result.outputFiles ?? [], result.metafile as Metafile);
}

async function link(files: OutputFile[], meta: Metafile): Promise<SandboxBundle> {
  const outdir = OPTIONS.outdir as string;
  const factories = new Map<string, string>();
  for (const file of files) factories.set(basename(file.path), await asFactory(file));
  const script = (chunks: string[]): string => chunks.map((c) => factories.get(c) ?? '').join('');
  const mainChunks = closure(meta, outdir, 'guest.js');
  const main = `${PRELUDE}${script(mainChunks)}__pb.require("guest.js");\n`;
  const parts = {} as Record<PartName, string>;
  for (const name of PART_NAMES) {
    parts[name] = script(closure(meta, outdir, `part-${name}.js`).filter((c) => !mainChunks.includes(c)));
  }
  return { main, parts };
}

export function sizes(text: string): { raw: number; gzip: number } {
  const bytes = Buffer.from(text, 'utf8');
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function write(dir: string, bundle: SandboxBundle): void {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [['simulator.js', bundle.main], ...PART_NAMES.map((name): [string, string] => [partFile(name), bundle.parts[name]])];
  for (const [name, text] of files) {
    const out = join(dir, name);
    writeFileSync(out, text);
    const { raw, gzip } = sizes(text);
    console.log(`sandbox: ${relative(process.cwd(), out)} ${(raw / 1024).toFixed(1)} KB (${(gzip / 1024).toFixed(1)} KB gzip)`);
  }
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const dir = at >= 0 && argv[at + 1] ? argv[at + 1] as string : SANDBOX_DIR;
  if (!argv.includes('--watch')) {
    write(dir, await bundleSimulator());
    return;
  }
  const ctx = await context({
    ...OPTIONS,
    write: false,
    plugins: [
      ...(OPTIONS.plugins ?? []),
      {
        name: 'podbook-write',
        setup(b) {
          b.onEnd(async (result) => {
            if (result.errors.length > 0) console.error(`sandbox: build failed: ${result.errors.map((e) => e.text).join('; ')}`);
            else if (result.outputFiles && result.metafile) write(dir, await link(result.outputFiles, result.metafile));
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
