/**
 * `docker images` / `docker image ls [REPOSITORY[:TAG]]`: one row per tag (`<none>` for
 * untagged images), newest first as the daemon lists them.
 */
import { humanSize } from '../../../../core/format.ts';
import { encodeFilters } from '../client.ts';
import { bool, list, str, type Command, type CommandContext } from '../command.ts';
import { renderRows } from '../format/render.ts';
import { agoFromUnix, shortHex } from '../format/text.ts';

interface ApiImage {
  Id: string;
  Created: number;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  Containers: number;
}

const HEADERS: Record<string, string> = { Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', ID: 'IMAGE ID', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Size: 'SIZE', Containers: 'CONTAINERS', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE', VirtualSize: 'VIRTUAL SIZE' };

function splitTag(repoTag: string): [string, string] {
  const i = repoTag.lastIndexOf(':');
  return i > repoTag.lastIndexOf('/') ? [repoTag.slice(0, i), repoTag.slice(i + 1)] : [repoTag, '<none>'];
}

function run(ctx: CommandContext): number {
  const query: [string, string][] = [];
  if (bool(ctx, 'all')) query.push(['all', '1']);
  const filters = list(ctx, 'filter');
  if (ctx.args[0]) filters.push(`reference=${ctx.args[0]}`);
  if (filters.length) query.push(['filters', encodeFilters(filters)]);
  const images = ctx.client.json<ApiImage[]>('GET', '/images/json', query);
  const trunc = !bool(ctx, 'no-trunc');
  const now = ctx.io.now();
  const rows: Record<string, unknown>[] = [];
  for (const image of images) {
    const id = trunc ? shortHex(image.Id) : image.Id;
    const tags = image.RepoTags && image.RepoTags.length ? image.RepoTags : ['<none>:<none>'];
    for (const t of tags) {
      const [repo, tag] = t === '<none>:<none>' ? ['<none>', '<none>'] : splitTag(t);
      const digest = (image.RepoDigests ?? []).find((d) => d.startsWith(`${repo}@`))?.split('@')[1] ?? '<none>';
      rows.push({ Repository: repo, Tag: tag, Digest: digest, ID: id, CreatedSince: agoFromUnix(image.Created, now), CreatedAt: '', Size: humanSize(image.Size), Containers: 'N/A', SharedSize: 'N/A', UniqueSize: 'N/A', VirtualSize: humanSize(image.Size) });
    }
  }
  if (bool(ctx, 'quiet')) {
    const seen = new Set<string>();
    ctx.io.stdout(rows.filter((r) => !seen.has(r['ID'] as string) && seen.add(r['ID'] as string)).map((r) => `${r['ID']}\n`).join(''));
    return 0;
  }
  let format = str(ctx, 'format');
  if (format === '' || format === 'table') format = bool(ctx, 'digests') ? 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}' : 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
  ctx.io.stdout(renderRows(format, rows, HEADERS, '*formatter.imageContext'));
  return 0;
}

const FLAGS = [
  { long: 'all', short: 'a', type: 'bool' as const },
  { long: 'digests', type: 'bool' as const },
  { long: 'filter', short: 'f', type: 'list' as const },
  { long: 'format', type: 'string' as const },
  { long: 'no-trunc', type: 'bool' as const },
  { long: 'quiet', short: 'q', type: 'bool' as const },
  { long: 'tree', type: 'bool' as const },
];

export const images: Command = { path: 'docker images', usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]', flags: FLAGS, args: { max: 1 }, run };
export const imageLs: Command = { path: 'docker image ls', usage: 'docker image ls [OPTIONS] [REPOSITORY[:TAG]]', flags: FLAGS, args: { max: 1 }, run };
