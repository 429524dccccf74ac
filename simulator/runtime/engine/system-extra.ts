/**
 * `GET /system/df` (disk usage of images, containers, volumes and build cache), `GET /events`
 * (the event log between `since` and `until`, as JSON lines) and `POST /containers/{id}/update`
 * (new cgroup limits on a live container).
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { parseFilters } from './images.ts';
import { badRequest, baseHeaders, json } from './reply.ts';
import { canHold, heldResponse, holdReply, type EventCursor } from './held.ts';
import { containersNewestFirst, recordEvent, type ContainerRecord, type EngineState } from './state.ts';
import { summaryJson } from './containers.ts';
import { dirSize } from './size.ts';
import { SLOT, subMillisecondNanos } from './timefmt.ts';
import { parseClientTime } from './since.ts';
import { inUse, volumeDir, volumeJson } from './volumes.ts';
import { byCodePoint } from '../../core/format.ts';

export function systemDf(world: World, host: Host, state: EngineState): HttpResponse {
  const images = Object.values(state.images).sort((a, b) => b.created - a.created || byCodePoint(a.id, b.id));
  const layerUse: Record<string, number> = {};
  for (const i of images) for (const l of i.layers) layerUse[l] = (layerUse[l] ?? 0) + 1;
  const shared = (i: (typeof images)[number]): number => i.layers.filter((l) => (layerUse[l] ?? 0) > 1).reduce((n, l) => n + (state.layers[l]?.size ?? 0), 0);
  const layersSize = Object.values(state.layers).reduce((n, l) => n + l.size, 0);
  const containers = containersNewestFirst(state);
  return json(200, {
    LayersSize: layersSize,
    Images: images.map((i) => ({ Containers: containers.filter((c) => c.imageId === i.id).length, Created: Math.floor(i.created / 1000), Id: i.id, Labels: i.config.Labels ?? null, ParentId: i.parent, RepoDigests: i.repoDigests, RepoTags: i.repoTags, SharedSize: shared(i), Size: i.size })),
    Containers: containers.map((c) => summaryJson(host, state, c, world.clock.now, true)),
    Volumes: Object.values(state.volumes)
      .sort((a, b) => byCodePoint(a.name, b.name))
      .map((v) => ({ ...volumeJson(v), UsageData: { RefCount: inUse(state, v.name).length, Size: dirSize(host, volumeDir(v.name)) } })),
    BuildCache: [],
  });
}

function parseTime(text: string | undefined, now: number): number | undefined {
  return parseClientTime(text, now);
}

type EngineEvent = EngineState['events'][number];

/**
 * The nanoseconds below each event's millisecond (timefmt.ts), kept in the order the events
 * happened: a restarting container's die and start within one millisecond read in that order.
 */
function eventNanos(events: EngineEvent[]): number[] {
  const out: number[] = [];
  events.forEach((e, i) => {
    let n = subMillisecondNanos(`${e.id}/${e.action}@${e.at}`, SLOT.event);
    const prev = i > 0 && events[i - 1]?.at === e.at ? (out[i - 1] as number) : -1;
    if (n <= prev) n = Math.min(999_999, prev + 1 + (n % Math.max(1, 999_999 - prev)));
    out.push(n);
  });
  return out;
}

/** The events (all of `state.events`) with their nanoseconds, for `eventLine`. */
function timed(events: EngineEvent[]): { e: EngineEvent; nanos: number }[] {
  const nanos = eventNanos(events);
  return events.map((e, i) => ({ e, nanos: nanos[i] as number }));
}

function eventLine({ e, nanos }: { e: EngineEvent; nanos: number }): string {
  const json = JSON.stringify({ ...(e.type === 'container' ? { status: e.action, id: e.id, from: e.attributes['image'] ?? '' } : {}), Type: e.type, Action: e.action, Actor: { ID: e.id, Attributes: e.attributes }, scope: 'local', time: Math.floor(e.at / 1000), timeNano: 0 });
  // Unix nanoseconds pass 2^53: written out as digits, not as a (rounded) JS number.
  return json.replace('"timeNano":0}', `"timeNano":${e.at}${String(nanos).padStart(6, '0')}}`) + '\n';
}

function matches(e: EngineEvent, filters: Record<string, string[]>): boolean {
  return (!filters['type'] || filters['type'].includes(e.type)) && (!filters['event'] || filters['event'].includes(e.action)) && (!filters['container'] || (e.type === 'container' && filters['container'].some((c) => e.id.startsWith(c) || e.attributes['name'] === c)));
}

/** Events after `cursor` that the query's filters let through, and the cursor past them. */
export function eventsSince(state: EngineState, cursor: EventCursor, query: [string, string][]): { lines: string[]; last: EventCursor } {
  const filters = parseFilters(query.find(([k]) => k === 'filters')?.[1]) ?? {};
  let skip = cursor.seen;
  const fresh = timed(state.events).filter(({ e }) => e.at > cursor.at || (e.at === cursor.at && skip-- <= 0));
  const last = fresh.length === 0 ? cursor : { at: fresh[fresh.length - 1]!.e.at, seen: state.events.filter((e) => e.at === fresh[fresh.length - 1]!.e.at).length };
  return { lines: fresh.filter(({ e }) => matches(e, filters)).map(eventLine), last };
}

export function eventsRoute(world: World, host: string, state: EngineState, req: HttpRequest): HttpResponse {
  const now = world.clock.now;
  const since = parseTime(queryGet(req, 'since'), now);
  const untilText = queryGet(req, 'until');
  const until = parseTime(untilText, now) ?? now;
  const filters = parseFilters(queryGet(req, 'filters'));
  if (filters === null) return badRequest('invalid filter');
  const lines = timed(state.events)
    .filter(({ e }) => (since === undefined || e.at >= since) && e.at <= until)
    .filter(({ e }) => matches(e, filters))
    .map(eventLine);
  // A client that can hold the reply gets what happens from now on, as dockerd streams it; without
  // --since it sees only that.
  if (canHold(req) && (untilText === undefined || until > now)) {
    const cursor = { at: now, seen: state.events.filter((e) => e.at === now).length };
    const token = holdReply(world, host, { kind: 'events', from: cursor, ...(untilText !== undefined ? { until } : {}), query: req.query });
    return heldResponse('application/json', since === undefined ? '' : lines.join(''), token);
  }
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: lines.join('') };
}

export function updateRoute(world: World, host: Host, state: EngineState, c: ContainerRecord, req: HttpRequest): HttpResponse {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body || '{}') as Record<string, unknown>;
  } catch {
    return badRequest('invalid JSON');
  }
  const keys = ['CpuShares', 'Memory', 'MemorySwap', 'NanoCpus', 'CpuPeriod', 'CpuQuota', 'CpusetCpus', 'BlkioWeight'];
  const memory = typeof body['Memory'] === 'number' ? (body['Memory'] as number) : 0;
  const swap = typeof body['MemorySwap'] === 'number' ? (body['MemorySwap'] as number) : 0;
  if (memory > 0 && swap > 0 && swap < memory) return badRequest('Minimum memoryswap limit should be larger than memory limit, see usage');
  for (const k of keys) {
    const v = body[k];
    if ((typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '')) c.hostConfig[k] = v;
  }
  const restart = body['RestartPolicy'] as { Name?: string } | undefined;
  if (restart?.Name) c.hostConfig['RestartPolicy'] = restart;
  const path = `/docker/${c.id}`;
  host.cgroupUpdate(path, (cg) => {
    if (typeof body['CpuShares'] === 'number' && body['CpuShares'] !== 0) cg.cpu.shares = body['CpuShares'] as number;
    if (memory > 0) cg.memory.limit = memory;
    if (swap > 0) cg.memory.memswLimit = swap;
    if (typeof body['NanoCpus'] === 'number' && body['NanoCpus'] !== 0) cg.cpu.quotaUs = Math.round((body['NanoCpus'] as number) / 10000);
    if (typeof body['CpuQuota'] === 'number' && body['CpuQuota'] !== 0) cg.cpu.quotaUs = body['CpuQuota'] as number;
    if (typeof body['CpusetCpus'] === 'string' && body['CpusetCpus'] !== '') cg.cpuset.cpus = body['CpusetCpus'] as string;
    if (typeof body['BlkioWeight'] === 'number' && body['BlkioWeight'] !== 0) cg.blkio.weight = body['BlkioWeight'] as number;
  });
  recordEvent(world, state, 'container', 'update', c.id, { image: c.image, name: c.name.slice(1) });
  return json(200, { Warnings: [] });
}
