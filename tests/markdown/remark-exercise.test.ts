import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { remarkCells } from '../../src/markdown/remark-cells.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/cells/exercise.md');

describe('remark-cells exercise parts', () => {
  it('renders check, hint and solution blocks as exercise parts, not cells', async () => {
    const processor = await createMarkdownProcessor({ remarkPlugins: [remarkCells], syntaxHighlight: false });
    const html = (await processor.render(readFileSync(FIXTURE, 'utf8'), { fileURL: pathToFileURL(FIXTURE) })).code;
    expect(html.match(/data-cell="/g)).toHaveLength(1);
    expect(html).toContain('<li class="pb-ex-probe" data-index="0">/tmp/note holds hello</li>');
    expect(html).toContain('data-probes="[{&#x22;command&#x22;:&#x22;cat /tmp/note&#x22;,&#x22;expected&#x22;:&#x22;hello&#x22;,&#x22;what&#x22;:&#x22;/tmp/note holds hello&#x22;}]"');
    expect(html).toContain('<details class="pb-ex-hint"><summary>Hint</summary><p>Use echo with a redirection.</p></details>');
    expect(html).toContain('<details class="pb-ex-solution" data-commands="[&#x22;echo hello > /tmp/note&#x22;]"><summary>Solution</summary><pre class="pb-cmd pb-ex-solution-code"><span class="pb-prompt">$</span>');
  });
});
