// Podbook's site: Starlight over the MDX chapters in content/, with runnable cells.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import { remarkCells } from './src/markdown/remark-cells.ts';
import { chapterSidebar } from './src/sidebar.ts';
import { modulePreload } from './src/integrations/modulepreload.ts';

export default defineConfig({
  // Both languages live under a prefix (/en/, /zh-cn/); the bare address opens the English home.
  redirects: { '/': '/en/' },
  markdown: {
    // The unified (remark/rehype) processor: the cells plugin and Starlight's transforms run on it.
    processor: unified({ remarkPlugins: [remarkCells] }),
  },
  vite: {
    // The worker names its assets as the page does, so QuickJS's .wasm (which both the page and the
    // worker refer to: src/sandbox/preload.ts) is one file with one address.
    worker: { rolldownOptions: { output: { assetFileNames: '_astro/[name].[hash][extname]' } } },
  },
  integrations: [
    starlight({
      title: { en: 'Podbook', 'zh-CN': 'Podbook' },
      description: 'An interactive Docker & Kubernetes handbook: every example runs in your browser.',
      defaultLocale: 'en',
      locales: {
        en: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      // Docker and Kubernetes groups, listed from content/en/ (src/sidebar.ts).
      sidebar: chapterSidebar(fileURLToPath(new URL('./content', import.meta.url))),
      components: {
        MarkdownContent: './src/components/MarkdownContent.astro',
        LanguageSelect: './src/components/LanguageSelect.astro',
      },
      customCss: ['./src/styles/site.css', './src/styles/cells.css'],
      pagefind: true,
      // src/pages/404.astro: one 404 page that speaks the language of the address asked for.
      disable404Route: true,
    }),
    mdx(),
    modulePreload(),
  ],
});
