/**
 * `docker ps [-a] [-q] [-n N] [-l] [--no-trunc] [-f filter] [--format ...]`.
 */
import { CliError, encodeFilters } from '../client.ts';
import { bool, list, num, str, type Command, type CommandContext } from '../command.ts';
import { displayPorts, type ApiPort } from '../format/ports.ts';
import { renderRows } from '../format/render.ts';
import { part } from '../../../../lazy/index.ts';
import { humanSize } from '../../../../core/format.ts';
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
  SizeRw?: number;
  SizeRootFs?: number;
}

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export const HEADERS: Record<string, unknown> = {
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
  // `.Label "com.example.tier"` heads its column with the label's last part, `-` and `_` as spaces.
  Label: (name: string) => (name.split('.').pop() ?? '').replace(/[-_]/g, ' '),
};

/** The SIZE column: the writable layer, and with it the image's layers (`2B (virtual 148MB)`). */
function sizeText(c: ApiContainer): string {
  const rw = humanSize(c.SizeRw ?? 0);
  return (c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSize(c.SizeRootFs ?? 0)})` : rw;
}

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
    Size: sizeText(c),
    Platform: null,
    Label: (name: string) => (c.Labels ?? {})[name] ?? '',
  };
}

const EMPTY: ApiContainer = { Id: '', Names: [], Image: '', ImageID: '', Command: '', Created: 0, Ports: [], Labels: null, State: '', Status: '', Mounts: [] };

/**
 * The CLI checks a `--format` before listing by running it on an empty row: errors read `failed
 * to parse template` / `failed to execute template`, and a template that uses `.Size` asks the
 * daemon for sizes as `-s` does.
 */
function checkFormat(format: string): { usesSize: boolean } {
  let usesSize = false;
  const probe = fields(EMPTY, true, 0);
  const size = probe['Size'];
  Object.defineProperty(probe, 'Size', { enumerable: true, get: () => ((usesSize = true), size) });
  // A --format of the reader's own: the template engine is in the extras part.
  const { parseGoTemplate, runTyped, TemplateError } = part('extras').gotemplate;
  let tree;
  try {
    tree = parseGoTemplate(format);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`failed to parse template: ${e.message}`);
    throw e;
  }
  try {
    runTyped(tree, probe, { rootType: '*formatter.ContainerContext' });
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`failed to execute template: ${e.message}`);
    throw e;
  }
  return { usesSize };
}

export function runPs(ctx: CommandContext): number {
  const query: [string, string][] = [];
  const given = str(ctx, 'format');
  const quiet = bool(ctx, 'quiet');
  let size = bool(ctx, 'size');
  if (given !== '') {
    const check = checkFormat(given);
    if (!quiet && !ctx.given.has('size') && check.usesSize) size = true;
  }
  const all = bool(ctx, 'all');
  const last = bool(ctx, 'latest') ? 1 : num(ctx, 'last');
  if (all) query.push(['all', '1']);
  if (last > 0) query.push(['limit', String(last)]);
  const filters = list(ctx, 'filter');
  if (filters.length) query.push(['filters', encodeFilters(filters)]);
  if (size) query.push(['size', '1']);
  const containers = ctx.client.json<ApiContainer[]>('GET', '/containers/json', query);
  const trunc = !bool(ctx, 'no-trunc');
  const now = ctx.io.now();
  if (quiet) {
    ctx.io.stdout(containers.map((c) => (trunc ? shortHex(c.Id) : c.Id) + '\n').join(''));
    return 0;
  }
  let format = given;
  if (format === '' || format === 'table') format = DEFAULT_TABLE + (bool(ctx, 'size') ? '\t{{.Size}}' : '');
  ctx.io.stdout(renderRows(format, containers.map((c) => fields(c, trunc, now)), HEADERS));
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
