/**
 * `docker ps [-a] [-q] [-n N] [-l] [--no-trunc] [-f filter] [--format ...]`.
 */
import { encodeFilters } from '../client.ts';
import { bool, list, num, str, type Command, type CommandContext } from '../command.ts';
import { displayPorts, type ApiPort } from '../format/ports.ts';
import { renderRows } from '../format/render.ts';
import { agoFromUnix, ellipsis, goDate, shortHex } from '../format/text.ts';

interface ApiContainer {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: ApiPort[];
  Labels: Record<string, string> | null;
  State: string;
  Status: string;
  Mounts: { Name?: string; Source?: string }[];
  NetworkSettings?: { Networks?: Record<string, unknown> };
}

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export const HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  Ports: 'PORTS',
  Names: 'NAMES',
  State: 'STATE',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
  Platform: 'PLATFORM',
};

function fields(c: ApiContainer, trunc: boolean, now: number): Record<string, unknown> {
  const names = c.Names.map((n) => n.replace(/^\//, '')).filter((n) => !n.includes('/'));
  const command = trunc ? ellipsis(c.Command, 20) : c.Command;
  let image = c.Image;
  if (trunc && /^sha256:[0-9a-f]{64}$/.test(image)) image = shortHex(image);
  return {
    ID: trunc ? shortHex(c.Id) : c.Id,
    Image: image,
    Command: `"${command}"`,
    CreatedAt: goDate(c.Created * 1000),
    RunningFor: agoFromUnix(c.Created, now),
    Status: c.Status,
    State: c.State,
    Ports: displayPorts(c.Ports),
    Names: names.join(','),
    Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(','),
    Mounts: c.Mounts.map((m) => m.Name ?? m.Source ?? '').join(','),
    Networks: Object.keys(c.NetworkSettings?.Networks ?? {}).sort().join(','),
    LocalVolumes: String(c.Mounts.filter((m) => m.Name).length),
    Size: '0B',
    Platform: null,
  };
}

export function runPs(ctx: CommandContext): number {
  const query: [string, string][] = [];
  const all = bool(ctx, 'all');
  const last = bool(ctx, 'latest') ? 1 : num(ctx, 'last');
  if (all) query.push(['all', '1']);
  if (last > 0) query.push(['limit', String(last)]);
  const filters = list(ctx, 'filter');
  if (filters.length) query.push(['filters', encodeFilters(filters)]);
  const containers = ctx.client.json<ApiContainer[]>('GET', '/containers/json', query);
  const trunc = !bool(ctx, 'no-trunc');
  const now = ctx.io.now();
  if (bool(ctx, 'quiet')) {
    ctx.io.stdout(containers.map((c) => (trunc ? shortHex(c.Id) : c.Id) + '\n').join(''));
    return 0;
  }
  let format = str(ctx, 'format');
  if (format === '' || format === 'table') format = DEFAULT_TABLE;
  ctx.io.stdout(renderRows(format, containers.map((c) => fields(c, trunc, now)), HEADERS, containers));
  return 0;
}

export const PS_FLAGS = [
  { long: 'all', short: 'a', type: 'bool' as const },
  { long: 'filter', short: 'f', type: 'list' as const },
  { long: 'format', type: 'string' as const },
  { long: 'last', short: 'n', type: 'int' as const },
  { long: 'latest', short: 'l', type: 'bool' as const },
  { long: 'no-trunc', type: 'bool' as const },
  { long: 'quiet', short: 'q', type: 'bool' as const },
  { long: 'size', short: 's', type: 'bool' as const },
];

export const ps: Command = { path: 'docker ps', usage: 'docker ps [OPTIONS]', flags: PS_FLAGS, args: { exact: 0 }, run: runPs };
export const containerLs: Command = { path: 'docker container ls', usage: 'docker container ls [OPTIONS]', flags: PS_FLAGS, args: { exact: 0 }, run: runPs };
