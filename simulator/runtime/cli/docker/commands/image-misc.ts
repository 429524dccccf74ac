/**
 * Image commands: rmi, tag, history, search, image prune.
 */
import { humanSize } from '../../../../core/format.ts';
import { CliError, encodeFilters } from '../client.ts';
import { bool, eachArg, list, num, str, type Command } from '../command.ts';
import { renderRows } from '../format/render.ts';
import { agoFromUnix, ellipsis, shortHex } from '../format/text.ts';
import { confirm } from './containers-misc.ts';
import { parseImageArg } from './pull.ts';

export const rmi: Command = {
  path: 'docker rmi',
  usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
  flags: [
    { long: 'force', short: 'f', type: 'bool' },
    { long: 'no-prune', type: 'bool' },
    { long: 'platform', type: 'list' },
  ],
  args: { min: 1 },
  run: (ctx) =>
    eachArg(ctx, (arg) => {
      const q: [string, string][] = [];
      if (bool(ctx, 'force')) q.push(['force', '1']);
      if (bool(ctx, 'no-prune')) q.push(['noprune', '1']);
      const items = ctx.client.json<{ Untagged?: string; Deleted?: string }[]>('DELETE', `/images/${arg}`, q);
      ctx.io.stdout(items.map((i) => (i.Untagged !== undefined ? `Untagged: ${i.Untagged}\n` : `Deleted: ${i.Deleted}\n`)).join(''));
    }),
};

export const tag: Command = {
  path: 'docker tag',
  usage: 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  flags: [],
  args: { exact: 2 },
  run(ctx) {
    const target = parseImageArg(ctx.args[1] as string);
    const repo = `${target.domain === 'docker.io' ? '' : `${target.domain}/`}${target.domain === 'docker.io' ? target.path.replace(/^library\//, '') : target.path}`;
    if (target.digest !== undefined) throw new CliError('refusing to create a tag with a digest reference');
    ctx.client.request('POST', `/images/${ctx.args[0]}/tag`, [['repo', target.domain === 'docker.io' ? `docker.io/${target.path}` : repo], ['tag', target.tag ?? 'latest']]);
    return 0;
  },
};

interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

export const history: Command = {
  path: 'docker history',
  usage: 'docker history [OPTIONS] IMAGE',
  flags: [
    { long: 'format', type: 'string' },
    { long: 'human', short: 'H', type: 'bool' },
    { long: 'no-trunc', type: 'bool' },
    { long: 'platform', type: 'string' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 1 },
  run(ctx) {
    const entries = ctx.client.json<HistoryEntry[]>('GET', `/images/${ctx.args[0]}/history`);
    const trunc = !bool(ctx, 'no-trunc');
    const human = !ctx.given.has('human') || bool(ctx, 'human');
    const now = ctx.io.now();
    if (bool(ctx, 'quiet')) {
      ctx.io.stdout(entries.map((e) => (e.Id === '<missing>' ? e.Id : trunc ? shortHex(e.Id) : e.Id) + '\n').join(''));
      return 0;
    }
    const rows = entries.map((e) => {
      const by = e.CreatedBy.replace(/\t/g, ' ');
      return {
        ID: e.Id === '<missing>' ? e.Id : trunc ? shortHex(e.Id) : e.Id,
        CreatedSince: human ? agoFromUnix(e.Created, now) : new Date(e.Created * 1000).toISOString().replace('.000Z', 'Z'),
        CreatedAt: '',
        CreatedBy: trunc ? ellipsis(by, 45) : by,
        Size: human ? humanSize(e.Size) : String(e.Size),
        Comment: e.Comment,
      };
    });
    const format = str(ctx, 'format') || 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
    ctx.io.stdout(renderRows(format, rows, { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' }, '*image.historyContext'));
    return 0;
  },
};

export const search: Command = {
  path: 'docker search',
  usage: 'docker search [OPTIONS] TERM',
  flags: [
    { long: 'filter', short: 'f', type: 'list' },
    { long: 'format', type: 'string' },
    { long: 'limit', type: 'int' },
    { long: 'no-trunc', type: 'bool' },
  ],
  args: { exact: 1 },
  run(ctx) {
    const q: [string, string][] = [['term', ctx.args[0] as string]];
    if (ctx.given.has('limit')) q.push(['limit', String(num(ctx, 'limit'))]);
    const filters = list(ctx, 'filter');
    if (filters.length) q.push(['filters', encodeFilters(filters)]);
    let results = ctx.client.json<{ name: string; description: string; star_count: number; is_official: boolean }[]>('GET', '/images/search', q);
    for (const f of filters) {
      const [k, v] = f.split('=') as [string, string];
      if (k === 'is-official') results = results.filter((r) => r.is_official === (v === 'true'));
      if (k === 'stars') results = results.filter((r) => r.star_count >= Number(v));
    }
    const trunc = !bool(ctx, 'no-trunc');
    const rows = results.map((r) => ({
      Name: r.name,
      Description: trunc ? ellipsis(r.description.replace(/\n/g, ' '), 45) : r.description,
      StarCount: String(r.star_count),
      IsOfficial: r.is_official ? '[OK]' : '',
      IsAutomated: '',
    }));
    const format = str(ctx, 'format') || 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';
    ctx.io.stdout(renderRows(format, rows, { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' }, '*registry.searchContext'));
    return 0;
  },
};

export const imagePrune: Command = {
  path: 'docker image prune',
  usage: 'docker image prune [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', type: 'bool' },
    { long: 'filter', type: 'list' },
    { long: 'force', short: 'f', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const all = bool(ctx, 'all');
    const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
    if (!confirm(ctx, warning)) return 0;
    const filters = [...list(ctx, 'filter'), `dangling=${all ? 'false' : 'true'}`];
    const res = ctx.client.json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>('POST', '/images/prune', [['filters', encodeFilters(filters)]]);
    let out = '';
    if (res.ImagesDeleted && res.ImagesDeleted.length) out += 'Deleted Images:\n' + res.ImagesDeleted.map((i) => (i.Untagged !== undefined ? `untagged: ${i.Untagged}\n` : `deleted: ${i.Deleted}\n`)).join('') + '\n';
    out += `Total reclaimed space: ${humanSize(res.SpaceReclaimed)}\n`;
    ctx.io.stdout(out);
    return 0;
  },
};
