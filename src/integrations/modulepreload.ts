/**
 * Adds `<link rel="modulepreload">` for every chunk a built page's module scripts import statically.
 * Astro writes each page's scripts as entry modules whose imports the browser only discovers after
 * fetching the entry, one level at a time (entry → notebook chunk → its helpers); on a slow link each
 * level costs a round trip before the Run buttons work. With the whole static graph named in `<head>`,
 * the browser fetches it in parallel with the entries. Dynamic imports (the sandbox client, the
 * terminal, diagrams) are left alone: they load on first use.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The relative specifiers of a built chunk's static imports (`import{a}from"./x.js"`, `import"./y.js"`). */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  // Minified chunks: `from"./x.js"` or a bare `import"./x.js"`; never `import("./x.js")` (dynamic).
  const pattern = /(?:\bfrom\s*|\bimport\s*)(["'])(\.{1,2}\/[^"']+\.js)\1/g;
  for (const match of code.matchAll(pattern)) found.push(match[2] as string);
  return found;
}

/** The module scripts of a page: `src` of `<script type="module" src>` and imports of inline ones. */
export function pageEntries(html: string): { src: string[]; inline: string[] } {
  const src: string[] = [];
  const inline: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = match[1] as string;
    if (!/\btype=["']?module\b/.test(attrs)) continue;
    const at = /\bsrc=["']([^"']+)["']/.exec(attrs);
    if (at) src.push(at[1] as string);
    else inline.push(match[2] as string);
  }
  return { src, inline };
}

/**
 * The absolute paths of every chunk reachable by static imports from the page's module scripts,
 * entries first, in a stable order. `read` returns a chunk's code by its absolute URL path.
 */
export async function staticGraph(html: string, read: (path: string) => Promise<string | undefined>): Promise<string[]> {
  const { src, inline } = pageEntries(html);
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = await read(path);
    if (code === undefined) return;
    order.push(path);
    for (const spec of staticImports(code)) await visit(posix.join(posix.dirname(path), spec));
  };
  for (const path of src) if (path.startsWith('/')) await visit(path);
  // Inline entries import chunks by absolute path (`import "/_astro/x.js"`).
  for (const code of inline) {
    for (const match of code.matchAll(/\b(?:from|import)\s*(["'])(\/[^"']+\.js)\1/g)) await visit(match[2] as string);
  }
  return order;
}

/** The page with a modulepreload link for each chunk of its static graph that it does not load already. */
export async function withModulePreloads(html: string, read: (path: string) => Promise<string | undefined>): Promise<string> {
  const graph = await staticGraph(html, read);
  const { src } = pageEntries(html);
  const missing = graph.filter((path) => !src.includes(path) && !html.includes(`rel="modulepreload" href="${path}"`));
  if (missing.length === 0 || !html.includes('</head>')) return html;
  const links = missing.map((path) => `<link rel="modulepreload" href="${path}">`).join('');
  return html.replace('</head>', `${links}</head>`);
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out;
}

export function modulePreload(): AstroIntegration {
  return {
    name: 'podbook-modulepreload',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const cache = new Map<string, Promise<string | undefined>>();
        const read = (path: string): Promise<string | undefined> => {
          let code = cache.get(path);
          if (!code) {
            code = readFile(join(root, path), 'utf8').catch(() => undefined);
            cache.set(path, code);
          }
          return code;
        };
        let pages = 0;
        for (const file of await htmlFiles(root)) {
          const html = await readFile(file, 'utf8');
          const next = await withModulePreloads(html, read);
          if (next !== html) {
            await writeFile(file, next);
            pages++;
          }
        }
        logger.info(`modulepreload links added to ${pages} pages`);
      },
    },
  };
}
