// The chapters live in the top-level content/ folder (content/<locale>/<NN-topic>/index.mdx), not
// in Starlight's default src/content/docs, so authors find them at the repository's root.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { chapterSchema } from './schemas/chapter.ts';

export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema({ extend: chapterSchema }),
  }),
};
