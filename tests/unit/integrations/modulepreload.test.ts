import { describe, expect, it } from 'vitest';
import { pageEntries, staticGraph, staticImports, withModulePreloads } from '../../../src/integrations/modulepreload.ts';

const chunks: Record<string, string> = {
  '/_astro/Notebook.entry.js': 'import{n as e}from"./notebook.abc.js";e();',
  '/_astro/notebook.abc.js': 'import{t}from"./preload-helper.x.js";import"./side.y.js";const c=()=>t(()=>import("./client.z.js"),[]);export{c as n};',
  '/_astro/preload-helper.x.js': 'export const t=(f)=>f();',
  '/_astro/side.y.js': 'import{t}from"./preload-helper.x.js";',
  '/_astro/client.z.js': 'export const never=1;',
  '/_astro/page.p.js': 'console.log(1)',
};
const read = async (path: string): Promise<string | undefined> => chunks[path];

const page = (head = ''): string =>
  `<html><head>${head}<script type="module" src="/_astro/page.p.js"></script></head><body>` +
  `<script type="module" src="/_astro/Notebook.entry.js"></script><script>var inline=1;</script></body></html>`;

describe('modulepreload', () => {
  it('finds static imports in minified chunks but not dynamic ones', () => {
    expect(staticImports(chunks['/_astro/notebook.abc.js'] as string)).toEqual(['./preload-helper.x.js', './side.y.js']);
  });

  it('lists module scripts, not classic ones', () => {
    expect(pageEntries(page())).toEqual({ src: ['/_astro/page.p.js', '/_astro/Notebook.entry.js'], inline: [] });
  });

  it('walks the static graph once per chunk, skipping dynamic imports', async () => {
    expect(await staticGraph(page(), read)).toEqual([
      '/_astro/page.p.js',
      '/_astro/Notebook.entry.js',
      '/_astro/notebook.abc.js',
      '/_astro/preload-helper.x.js',
      '/_astro/side.y.js',
    ]);
  });

  it('adds a link in <head> for each imported chunk the page does not load itself', async () => {
    const html = await withModulePreloads(page(), read);
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head.match(/rel="modulepreload" href="[^"]+"/g)).toEqual([
      'rel="modulepreload" href="/_astro/notebook.abc.js"',
      'rel="modulepreload" href="/_astro/preload-helper.x.js"',
      'rel="modulepreload" href="/_astro/side.y.js"',
    ]);
    expect(html).not.toContain('client.z.js');
    // Running it again changes nothing.
    expect(await withModulePreloads(html, read)).toBe(html);
  });

  it('leaves a page without module scripts as it is', async () => {
    const html = '<html><head></head><body><p>text</p></body></html>';
    expect(await withModulePreloads(html, read)).toBe(html);
  });
});
