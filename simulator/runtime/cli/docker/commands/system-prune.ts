/**
 * `docker system prune [-a] [-f] [--volumes] [--filter]`: the CLI's confirmation (the list of what
 * goes, and the filters), then the container, network, volume (with --volumes), image and build
 * cache prunes in that order, each printing its `Deleted ...:` section, and the total reclaimed.
 */
import { encodeFilters } from '../client.ts';
import { bool, list, type Command } from '../command.ts';
import { humanSize4 } from '../format/text.ts';
import { confirm } from './containers-misc.ts';

function warning(all: boolean, volumes: boolean, filters: string[]): string {
  const items = ['all stopped containers', 'all networks not used by at least one container'];
  if (volumes) items.push('all anonymous volumes not used by at least one container');
  items.push(all ? 'all images without at least one container associated to them' : 'all dangling images');
  items.push(all ? 'all build cache' : 'unused build cache');
  let text = `WARNING! This will remove:\n${items.map((w) => `  - ${w}\n`).join('')}`;
  const shown = filters.filter((f) => /^(label|label!|until)=/.test(f)).sort();
  if (shown.length) text += `\n  Items to be pruned will be filtered with:\n${shown.map((f) => `  - ${f}\n`).join('')}`;
  return text;
}

export const systemPrune: Command = {
  path: 'docker system prune',
  usage: 'docker system prune [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', type: 'bool' },
    { long: 'filter', type: 'list' },
    { long: 'force', short: 'f', type: 'bool' },
    { long: 'volumes', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const all = bool(ctx, 'all');
    const volumes = bool(ctx, 'volumes');
    const filters = list(ctx, 'filter');
    if (volumes && filters.some((f) => f.startsWith('until='))) {
      ctx.io.stderr('ERROR: The "until" filter is not supported with "--volumes"\n');
      return 1;
    }
    if (!confirm(ctx, warning(all, volumes, filters))) return 0;
    const q = (extra: string[] = []): [string, string][] => (filters.length || extra.length ? [['filters', encodeFilters([...filters, ...extra])]] : []);
    let total = 0;
    let out = '';
    const section = (title: string, lines: string[] | null | undefined): void => {
      if (lines && lines.length) out += `${title}\n${lines.map((l) => `${l}\n`).join('')}\n`;
    };
    const containers = ctx.client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', q());
    section('Deleted Containers:', containers.ContainersDeleted);
    total += containers.SpaceReclaimed;
    const networks = ctx.client.json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', q());
    section('Deleted Networks:', networks.NetworksDeleted);
    if (volumes) {
      const vols = ctx.client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', q());
      section('Deleted Volumes:', vols.VolumesDeleted);
      if (vols.VolumesDeleted?.length) total += vols.SpaceReclaimed;
    }
    const images = ctx.client.json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>('POST', '/images/prune', q([`dangling=${all ? 'false' : 'true'}`]));
    section('Deleted Images:', images.ImagesDeleted?.map((i) => (i.Untagged ? `untagged: ${i.Untagged}` : `deleted: ${i.Deleted ?? ''}`)));
    if (images.ImagesDeleted?.length) total += images.SpaceReclaimed;
    const cache = ctx.client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/build/prune', all ? [['all', '1']] : []);
    section('Deleted build cache objects:', cache.CachesDeleted);
    total += cache.SpaceReclaimed;
    ctx.io.stdout(`${out}Total reclaimed space: ${humanSize4(total)}\n`);
    return 0;
  },
};
