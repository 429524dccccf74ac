/**
 * Podbook's additions to Starlight's frontmatter. A chapter names the lab its cells run on; an
 * unknown lab fails the build with the chapter's file name (Astro reports the entry).
 */
import { z } from 'astro/zod';
import { LAB_NAMES } from './labs.ts';

export const chapterSchema = z.object({
  /** The simulator lab every cell of the page runs on (one notebook per page). */
  lab: z
    .enum(LAB_NAMES, { error: (issue) => `lab must be one of ${LAB_NAMES.join(', ')} (got ${JSON.stringify(issue.input)})` })
    .optional(),
  /** Seed of the lab's random choices (ids, timings); the same seed gives the same outputs. */
  seed: z.number().int().nonnegative().optional(),
  /** Row of the seed notes this chapter covers (see SEED-NOTES: `1`…`17`, or `A` for the appendix). */
  seedSection: z.string().regex(/^(\d{1,2}|A)$/, 'seedSection is a notes row: 1 to 17, or A').optional(),
});

export type ChapterFrontmatter = z.infer<typeof chapterSchema>;
