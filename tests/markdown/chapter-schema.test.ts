import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/schemas/chapter.ts';
import { LAB_NAMES } from '../../src/schemas/labs.ts';
import { LABS } from '../../simulator/labs/index.ts';

describe('chapter frontmatter', () => {
  it('offers exactly the labs the simulator has (a new lab goes in src/schemas/labs.ts too)', () => {
    expect([...LAB_NAMES].sort()).toEqual(Object.keys(LABS).sort());
  });

  it('accepts a chapter on the docker lab with a seed and a notes row', () => {
    expect(chapterSchema.parse({ lab: 'docker', seed: 7, seedSection: '2' })).toEqual({ lab: 'docker', seed: 7, seedSection: '2' });
  });

  it('rejects an unknown lab, naming the ones that exist', () => {
    const result = chapterSchema.safeParse({ lab: 'dokcer' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('lab must be one of docker (got "dokcer")');
  });

  it('rejects a notes row that does not exist in the notes table format', () => {
    expect(chapterSchema.safeParse({ seedSection: 'two' }).success).toBe(false);
    expect(chapterSchema.safeParse({ seedSection: 'A' }).success).toBe(true);
  });
});
