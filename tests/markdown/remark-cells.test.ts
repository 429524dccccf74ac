import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { remarkCells } from '../../src/markdown/remark-cells.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/cells');

async function render(name: string, fakePath?: string): Promise<string> {
  const processor = await createMarkdownProcessor({ remarkPlugins: [remarkCells], syntaxHighlight: false });
  const source = readFileSync(join(FIXTURES, name), 'utf8');
  const result = await processor.render(source, { fileURL: pathToFileURL(fakePath ?? join(FIXTURES, name)) });
  return result.code;
}

function cellTags(html: string): string[] {
  return html.match(/<div class="pb-cell[^"]*" data-cell="[^"]*"[^>]*>/g) ?? [];
}

describe('remark-cells', () => {
  it('keeps a leading blank line of expected output through HTML parsing of <pre>', async () => {
    const html = await render('leading-blank.md');
    const attr = /<pre class="pb-out pb-expected" data-expected="([^"]*)">/.exec(html)?.[1];
    expect(attr).toBe('\nLogin Succeeded');
  });

  it('turns each console block into a cell with its steps, commands and expected output', async () => {
    const html = await render('notebook.md');
    const cells = cellTags(html).filter((t) => t.includes('data-cell="console"'));
    expect(cells).toHaveLength(2);
    expect(cells[0]).toContain('data-status="idle"');
    expect(html).toContain('data-command="docker run -d --name web -p 8080:80 httpd"');
    expect(html).toContain('<pre class="pb-out pb-expected">3f2a</pre>');
    expect(html).toContain('&#x3C;html>&#x3C;body>&#x3C;h1>It works!&#x3C;/h1>&#x3C;/body>&#x3C;/html></pre>');
    expect(html.match(/<button type="button" class="pb-run" data-action="run"[^>]*>Run<\/button>/g)).toHaveLength(2);
  });

  it('keeps a heredoc in one step and passes host and session through', async () => {
    const html = await render('notebook.md');
    expect(cellTags(html)[1]).toMatch(/data-host="node1" data-session="second"/);
    expect(html).toContain('data-command="cat <<EOF > a.txt\none\nEOF"');
    // The heredoc step prints nothing: its expected block is empty (and hidden by CSS).
    expect(html).toMatch(/data-command="cat <<EOF[^"]*"[^>]*>.*?<pre class="pb-out pb-expected pb-empty"><\/pre>/s);
  });

  it('shows output as text, never as markup', async () => {
    const html = await render('notebook.md');
    // Outside attribute values (where `<` is plain text), no <b> element appears.
    expect(html.replace(/="[^"]*"/g, '=""')).not.toContain('<b>');
    expect(html).toContain('&#x3C;b>not html&#x3C;/b></pre>');
  });

  it('wraps a block with a title in a file cell that carries its path, host and text', async () => {
    const html = await render('notebook.md');
    const file = /<div class="pb-cell pb-file-cell" data-cell="file" data-status="idle" data-path="web\/nginx.yaml" data-host="node1" data-content="([^"]*)">/.exec(html);
    expect(file?.[1]).toBe('apiVersion: v1\nkind: Pod');
    expect(html).toContain('File web/nginx.yaml');
    expect(html).toContain('>Write file</button>');
    // The code itself is still rendered as a code block inside the cell.
    expect(html).toMatch(/data-cell="file".*<pre><code class="language-yaml">apiVersion: v1/s);
  });

  it('leaves other code blocks alone', async () => {
    const html = await render('notebook.md');
    expect(html).toContain('<pre><code class="language-bash">echo a plain block stays as it is');
  });

  it('labels cells in the language of the chapter', async () => {
    const html = await render('notebook.md', '/book/content/zh-cn/02-docker-basics/index.md');
    // The accessible name keeps the English word that tests and outside checks look for.
    expect(html).toContain('aria-label="运行 (Run)" aria-keyshortcuts="Control+Enter Meta+Enter">运行</button>');
    expect(html).toContain('文件 web/nginx.yaml');
  });

  it('highlights commands with light and dark colours', async () => {
    const html = await render('notebook.md');
    expect(html).toMatch(/<span class="pb-prompt">\$<\/span> <span style="--shiki-light:#[0-9A-F]{6};--shiki-dark:#[0-9A-F]{6}">docker<\/span>/);
  });

  it('fails the build on text before the first prompt, naming file and line', async () => {
    await expect(render('stray-text.md')).rejects.toThrow(/stray-text\.md:1: console block has text before its first prompt \("docker ps"\)/);
  });

  it('fails the build on unknown console meta', async () => {
    await expect(render('bad-meta.md')).rejects.toThrow(/bad-meta\.md:1: console block meta is wrong .*Allowed: host=NAME, session=NAME/);
  });

  it('refuses a file path that leaves the lab home', async () => {
    await expect(render('bad-title.md')).rejects.toThrow(/bad-title\.md:1: file block meta is wrong \(title: title is a path inside the lab user home/);
  });
});
