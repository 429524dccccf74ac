/**
 * `docker system df`, `docker events` and `docker update`, in the layouts the 28.2.2 client prints
 * (checked by pointing the real client at this engine).
 */
import { CliError, encodeFilters } from '../client.ts';
import { bool, eachArg, list, num, str, type Command } from '../command.ts';
import { agoFromUnix, ellipsis, humanSize4, shortHex } from '../format/text.ts';
import { dateParts, humanSize } from '../../../../core/format.ts';
import { executeTemplate, renderRows } from '../format/render.ts';
import { clientTimestamp } from '../../../engine/since.ts';

interface DfImage {
  Containers: number;
  Size: number;
  SharedSize: number;
  Id: string;
  Created: number;
  RepoTags: string[];
}

interface DfContainer {
  Id: string;
  Names: string[];
  Image: string;
  Command: string;
  Created: number;
  State: string;
  Status: string;
  SizeRw: number;
  Mounts: { Name?: string }[];
}

interface Df {
  LayersSize: number;
  Images: DfImage[];
  Containers: DfContainer[];
  Volumes: { Name: string; UsageData: { RefCount: number; Size: number } }[];
}

/** `docker system df -v`: a table each for images, containers, volumes and the build cache. */
function verboseDf(df: Df, now: number): string {
  const table = (format: string, rows: Record<string, unknown>[], headers: Record<string, string>): string => renderRows(format, rows, headers);
  const images = df.Images.map((i) => {
    const tag = i.RepoTags[0];
    const colon = tag ? tag.lastIndexOf(':') : -1;
    return { Repository: tag ? tag.slice(0, colon) : '<none>', Tag: tag ? tag.slice(colon + 1) : '<none>', ID: shortHex(i.Id), CreatedSince: agoFromUnix(i.Created, now), Size: humanSize(i.Size), SharedSize: i.SharedSize === -1 ? 'N/A' : humanSize4(i.SharedSize), UniqueSize: i.SharedSize === -1 ? 'N/A' : humanSize4(i.Size - i.SharedSize), Containers: String(i.Containers) };
  });
  const containers = df.Containers.map((c) => ({ ID: shortHex(c.Id), Image: c.Image, Command: `"${ellipsis(c.Command, 20)}"`, LocalVolumes: String(c.Mounts.filter((m) => m.Name).length), Size: humanSize(c.SizeRw), RunningFor: agoFromUnix(c.Created, now), Status: c.Status, Names: c.Names.map((n) => n.replace(/^\//, '')).join(',') }));
  const volumes = df.Volumes.map((v) => ({ Name: v.Name, Links: String(v.UsageData.RefCount), Size: humanSize4(v.UsageData.Size) }));
  return (
    'Images space usage:\n\n' +
    table('table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}', images, { Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID', CreatedSince: 'CREATED', Size: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE', Containers: 'CONTAINERS' }) +
    '\nContainers space usage:\n\n' +
    table('table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}', containers, { ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', LocalVolumes: 'LOCAL VOLUMES', Size: 'SIZE', RunningFor: 'CREATED', Status: 'STATUS', Names: 'NAMES' }) +
    '\nLocal Volumes space usage:\n\n' +
    table('table {{.Name}}\t{{.Links}}\t{{.Size}}', volumes, { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' }) +
    '\nBuild cache usage: 0B\n\n' +
    table('table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}', [], { ID: 'CACHE ID', CacheType: 'CACHE TYPE', Size: 'SIZE', CreatedSince: 'CREATED', LastUsedSince: 'LAST USED', UsageCount: 'USAGE', Shared: 'SHARED' })
  );
}

function withPercent(part: number, total: number): string {
  return total > 0 ? `${humanSize4(part)} (${Math.trunc((part * 100) / total)}%)` : humanSize4(part);
}

export const systemDf: Command = {
  path: 'docker system df',
  usage: 'docker system df [OPTIONS]',
  flags: [
    { long: 'format', type: 'string' },
    { long: 'verbose', short: 'v', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const df = ctx.client.json<Df>('GET', '/system/df');
    if (bool(ctx, 'verbose') && (str(ctx, 'format') === '' || str(ctx, 'format') === 'table')) {
      ctx.io.stdout(verboseDf(df, ctx.io.now()));
      return 0;
    }
    const activeImages = df.Images.filter((i) => i.Containers > 0);
    const reclaimImages = df.LayersSize - activeImages.reduce((n, i) => n + i.Size - i.SharedSize, 0);
    const cSize = df.Containers.reduce((n, c) => n + c.SizeRw, 0);
    const cReclaim = df.Containers.filter((c) => c.State !== 'running').reduce((n, c) => n + c.SizeRw, 0);
    const vSize = df.Volumes.reduce((n, v) => n + Math.max(0, v.UsageData.Size), 0);
    const vReclaim = df.Volumes.filter((v) => v.UsageData.RefCount === 0).reduce((n, v) => n + Math.max(0, v.UsageData.Size), 0);
    const rows = [
      { Type: 'Images', TotalCount: String(df.Images.length), Active: String(activeImages.length), Size: humanSize4(df.LayersSize), Reclaimable: withPercent(Math.max(0, reclaimImages), df.LayersSize) },
      { Type: 'Containers', TotalCount: String(df.Containers.length), Active: String(df.Containers.filter((c) => c.State === 'running').length), Size: humanSize4(cSize), Reclaimable: withPercent(cReclaim, cSize) },
      { Type: 'Local Volumes', TotalCount: String(df.Volumes.length), Active: String(df.Volumes.filter((v) => v.UsageData.RefCount > 0).length), Size: humanSize4(vSize), Reclaimable: withPercent(vReclaim, vSize) },
      { Type: 'Build Cache', TotalCount: '0', Active: '0', Size: '0B', Reclaimable: '0B' },
    ];
    const format = str(ctx, 'format') || 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
    ctx.io.stdout(renderRows(format, rows, { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' }, '*formatter.diskUsageImagesContext'));
    return 0;
  },
};

interface ApiEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano: string;
}

/** Go's RFC3339NanoFixed in UTC, as `docker events` prints event times: always nine digits. */
function eventTime(nanos: string): string {
  const ms = Number(nanos.slice(0, -6));
  const p = dateParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const frac = nanos.slice(-9);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${frac}Z`;
}

/** An event as Go's events.Message, what a `--format` template sees. */
function eventMessage(line: string): Record<string, unknown> {
  const e = JSON.parse(line) as ApiEvent & { status?: string; id?: string; from?: string; scope?: string; time?: number; timeNano?: number };
  return { Status: e.status ?? '', ID: e.id ?? '', From: e.from ?? '', Type: e.Type, Action: e.Action, Actor: e.Actor, Scope: e.scope ?? '', Time: e.time ?? 0, TimeNano: e.timeNano ?? 0 };
}

/**
 * Checks an events `--format` as the client does, by running it on an empty message: a template
 * that does not parse or does not fit exits 64 with `Error parsing format: ...`.
 */
function checkEventFormat(format: string): void {
  if (format === '' || format === 'json') return;
  const empty = { Status: '', ID: '', From: '', Type: '', Action: '', Actor: { ID: '', Attributes: null }, Scope: '', Time: 0, TimeNano: 0 };
  let result: { output: string; error?: string };
  try {
    result = executeTemplate(format, empty, { rootType: '*events.Message' });
  } catch (e) {
    if (e instanceof CliError) throw new CliError(`Error parsing format: ${e.message.replace(/^template parsing error: /, '')}`, 64);
    throw e;
  }
  if (result.error) throw new CliError(`Error parsing format: ${result.error}`, 64);
}

/** `docker events` lines of an /events reply body; with `format`, each event through it. */
export function renderEvents(body: string, format = ''): string {
  const raw = body.split('\n').filter((l) => l.trim() !== '');
  // `json` is Go's marshalling of the message: the daemon's own line.
  if (format === 'json' || format === '{{json .}}') return raw.map((l) => `${l}\n`).join('');
  if (format !== '') return raw.map((l) => `${executeTemplate(format, eventMessage(l), { rootType: 'events.Message' }).output}\n`).join('');
  // timeNano is read as digits: as a JS number it would lose its last places.
  const lines = raw.map((l) => ({ ...(JSON.parse(l) as ApiEvent), timeNano: /"timeNano":(\d+)/.exec(l)?.[1] ?? '0' }));
  let out = '';
  for (const e of lines) {
    const attrs = Object.keys(e.Actor.Attributes).sort().map((k) => `${k}=${e.Actor.Attributes[k]}`).join(', ');
    out += `${eventTime(e.timeNano)} ${e.Type} ${e.Action} ${e.Actor.ID}${attrs ? ` (${attrs})` : ''}\n`;
  }
  return out;
}

export const events: Command = {
  path: 'docker events',
  usage: 'docker events [OPTIONS]',
  flags: [
    { long: 'filter', short: 'f', type: 'list' },
    { long: 'format', type: 'string' },
    { long: 'since', type: 'string' },
    { long: 'until', type: 'string' },
  ],
  args: { exact: 0 },
  run(ctx) {
    checkEventFormat(str(ctx, 'format'));
    const q: [string, string][] = [];
    // Relative times and dates become unix times by the client's clock, as the real client sends them.
    const sinceTime = clientTimestamp(str(ctx, 'since'), ctx.io.now());
    if ('error' in sinceTime) throw new CliError(sinceTime.error);
    const untilTime = clientTimestamp(str(ctx, 'until'), ctx.io.now());
    if ('error' in untilTime) throw new CliError(untilTime.error);
    const since = sinceTime.value;
    const until = untilTime.value;
    if (since) q.push(['since', since]);
    if (until) q.push(['until', until]);
    if (list(ctx, 'filter').length) q.push(['filters', encodeFilters(list(ctx, 'filter'))]);
    const res = ctx.client.request('GET', '/events', q);
    // dockerd replays its past events only for a time range (--since or --until); otherwise what
    // happens from now on.
    if (str(ctx, 'since') !== '' || str(ctx, 'until') !== '') ctx.io.stdout(renderEvents(res.body, str(ctx, 'format')));
    // With --until in the past the stream ends by itself; otherwise it waits for what happens next:
    // followed in a terminal, elsewhere stopped as if the reader pressed Ctrl+C.
    if (until !== '' && /^\d+(\.\d+)?$/.test(until) && Number(until) * 1000 <= ctx.io.now()) return 0;
    if (ctx.io.startStream) {
      const now = ctx.io.now();
      ctx.io.startStream('docker-events', { from: now, filters: list(ctx, 'filter'), until: until === '' ? null : until, format: str(ctx, 'format') });
      return 0;
    }
    ctx.io.stdout('^C\n');
    return 130;
  },
};

export const update: Command = {
  path: 'docker update',
  usage: 'docker update [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [
    { long: 'blkio-weight', type: 'int' },
    { long: 'cpu-period', type: 'int' },
    { long: 'cpu-quota', type: 'int' },
    { long: 'cpu-shares', short: 'c', type: 'int' },
    { long: 'cpus', type: 'float' },
    { long: 'cpuset-cpus', type: 'string' },
    { long: 'memory', short: 'm', type: 'bytes' },
    { long: 'memory-swap', type: 'bytes' },
    { long: 'restart', type: 'string' },
    { long: 'cpu-rt-period', type: 'int', unsimulated: true },
    { long: 'cpu-rt-runtime', type: 'int', unsimulated: true },
    { long: 'cpuset-mems', type: 'string', unsimulated: true },
    { long: 'memory-reservation', type: 'bytes', unsimulated: true },
    { long: 'pids-limit', type: 'int', unsimulated: true },
  ],
  args: { min: 1 },
  run: (ctx) =>
    eachArg(ctx, (id) => {
      ctx.client.request('POST', `/containers/${encodeURIComponent(id)}/update`, [], {
        BlkioWeight: num(ctx, 'blkio-weight'),
        CpuShares: num(ctx, 'cpu-shares'),
        CpuPeriod: num(ctx, 'cpu-period'),
        CpuQuota: num(ctx, 'cpu-quota'),
        NanoCpus: Math.round(num(ctx, 'cpus') * 1e9),
        CpusetCpus: str(ctx, 'cpuset-cpus'),
        Memory: num(ctx, 'memory'),
        MemorySwap: num(ctx, 'memory-swap'),
        RestartPolicy: { Name: str(ctx, 'restart'), MaximumRetryCount: 0 },
      });
      ctx.io.stdout(`${id}\n`);
    }),
};
