/**
 * What a fenced block's meta string may say. Console cells take `host=NAME` and `session=NAME`
 * (both passed to the lab's `run`); file cells are any other language with `title="path"` and may
 * take `host=NAME`. Expressive Code's own meta (frame, line marks) stays allowed on file cells.
 */
import { z } from 'astro/zod';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const consoleMetaSchema = z.strictObject({
  host: z.string().regex(NAME, 'host is a lab host name such as localhost').optional(),
  session: z.string().regex(NAME, 'session is a short name such as main or second').optional(),
});

export const fileMetaSchema = z.looseObject({
  title: z.string().min(1).refine((p) => !p.split('/').includes('..'), 'title is a path inside the lab user home (no ..)'),
  host: z.string().regex(NAME, 'host is a lab host name such as localhost').optional(),
});

export type ConsoleMeta = z.infer<typeof consoleMetaSchema>;
export type FileMeta = z.infer<typeof fileMetaSchema>;

/**
 * Splits `title="a b.yaml" host=node1 {1,3} frame=none` into key/value pairs; bare words (line
 * marks like `{1,3}`, flags) are kept under their own text with the value `true`.
 */
export function parseMeta(meta: string | null | undefined): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  const re = /([A-Za-z_][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(meta ?? ''))) {
    if (m[1] !== undefined) out[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
    else out[m[5] as string] = true;
  }
  return out;
}
