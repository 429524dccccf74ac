/**
 * Image routes: pull (`POST /images/create`, a JSON-lines progress stream), list, inspect, tag,
 * history, remove and search. Pulls come from the simulated hub; the stream's timing follows a
 * model of three parallel downloads and in-order extraction, and the virtual clock moves with it.
 */
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryAll, queryGet } from '../../kernel/http.ts';
import { part } from '../../lazy/index.ts';
import type { World } from '../../kernel/world.ts';
import type { Host } from '../../kernel/host.ts';
import { base64Decode } from '../../core/base64.ts';
import { utf8Decode } from '../../core/utf8.ts';
import { byCodePoint, humanSize, rfc3339Nano } from '../../core/format.ts';
import { shortId } from '../../core/ids.ts';
import { layerDirId, unpublishImageLayers } from './graphdriver.ts';
import { publishImage } from './sandbox.ts';
import { healthConfigJson } from './health.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { daemonTime, subMillisecondNanos } from './timefmt.ts';
import { hubRepoHasBlob, pushedBlobSource, pushedLookup, pushedRepo, recordPush } from '../hub/store.ts';
import { hubHasRepo, hubLookup, hubMissingNote, hubLookupDigest, SEARCH_INDEX, type HubImage } from '../hub/index.ts';
import { familiarName, familiarString, parseReference, withDefaultTag, HUB_DOMAIN, type ImageRef } from '../image/reference.ts';
import { badRequest, baseHeaders, conflict, goJson, json, notFound } from './reply.ts';
import { recordEvent, type EngineState, type ImageRecord } from './state.ts';

/** Resolves what a user typed (`httpd`, `httpd:2.4`, an id or id prefix) to a local image. */
export function findImage(state: EngineState, text: string): ImageRecord | undefined {
  const images = Object.values(state.images);
  const byId = text.startsWith('sha256:') ? text : `sha256:${text}`;
  if (/^(sha256:)?[0-9a-f]{64}$/.test(text)) return state.images[byId];
  const parsed = parseReference(text);
  if (parsed.ok) {
    const ref = parsed.ref;
    if (ref.digest !== undefined) {
      const want = `${familiarName(ref)}@${ref.digest}`;
      const found = images.find((i) => i.repoDigests.includes(want));
      if (found) return found;
    } else {
      const want = familiarString(withDefaultTag(ref));
      const found = images.find((i) => i.repoTags.includes(want));
      if (found) return found;
    }
  }
  if (/^[0-9a-f]{1,63}$/.test(text.replace(/^sha256:/, ''))) {
    const matches = images.filter((i) => i.id.startsWith(byId));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

interface Line {
  at: number;
  msg: Record<string, unknown>;
}

const DOWNLOAD_BPS = 12_000_000;
const EXTRACT_BPS = 60_000_000;
const PARALLEL = 3;

/** The progress bar dockerd puts in each message (only a terminal client draws it). */
function bar(current: number, total: number): string {
  const width = 50;
  const filled = Math.floor((current / total) * width);
  const arrow = filled >= width ? '='.repeat(width) : '='.repeat(filled) + '>' + ' '.repeat(width - filled - 1);
  return `[${arrow}]  ${humanSize(current)}/${humanSize(total)}`;
}

/** The progress messages of pulling `image` onto a host that already has `present` layers. */
function pullLines(start: number, tag: string, image: HubImage, present: (diffId: string) => boolean): { lines: Line[]; end: number } {
  const lines: Line[] = [{ at: start, msg: { status: `Pulling from ${image.repo}`, id: tag } }];
  const todo = image.layers.filter((l) => !present(l.diffId));
  for (const layer of image.layers) {
    const id = shortId(layer.digest);
    lines.push({ at: start, msg: present(layer.diffId) ? { status: 'Already exists', progressDetail: {}, id } : { status: 'Pulling fs layer', progressDetail: {}, id } });
  }
  todo.slice(PARALLEL).forEach((layer) => lines.push({ at: start + 1, msg: { status: 'Waiting', progressDetail: {}, id: shortId(layer.digest) } }));
  // Downloads: at most three at a time, each at its own steady rate.
  const slots: number[] = Array.from({ length: PARALLEL }, () => start + 20);
  const done: Record<string, number> = {};
  for (const layer of todo) {
    slots.sort((a, b) => a - b);
    const begin = slots[0] as number;
    const id = shortId(layer.digest);
    const total = layer.compressedSize;
    const duration = Math.max(30, Math.round((total / DOWNLOAD_BPS) * 1000));
    for (let step = 1; step <= 3; step++) {
      const current = Math.round((total * step) / 4);
      lines.push({ at: begin + Math.round((duration * step) / 4), msg: { status: 'Downloading', progressDetail: { current, total }, progress: bar(current, total), id } });
    }
    lines.push({ at: begin + duration, msg: { status: 'Verifying Checksum', progressDetail: {}, id } });
    lines.push({ at: begin + duration, msg: { status: 'Download complete', progressDetail: {}, id } });
    done[layer.diffId] = begin + duration;
    slots[0] = begin + duration;
  }
  // Extraction: in layer order, each once its download is complete and the one below is applied.
  let cursor = start;
  for (const layer of todo) {
    const id = shortId(layer.digest);
    const begin = Math.max(cursor, done[layer.diffId] as number);
    const duration = Math.max(20, Math.round((layer.size / EXTRACT_BPS) * 1000));
    const total = layer.compressedSize;
    lines.push({ at: begin + Math.round(duration / 2), msg: { status: 'Extracting', progressDetail: { current: Math.round(total / 2), total }, progress: bar(Math.round(total / 2), total), id } });
    lines.push({ at: begin + duration, msg: { status: 'Pull complete', progressDetail: {}, id } });
    cursor = begin + duration;
  }
  lines.sort((a, b) => a.at - b.at);
  return { lines, end: Math.max(cursor, start + 1) + 10 };
}

/** Adds a pulled hub image to the local store under `repo:tag`, moving the tag off any older image. */
export function storeImage(state: EngineState, image: HubImage, ref: ImageRef): ImageRecord {
  const tagName = familiarString(ref);
  for (const other of Object.values(state.images)) {
    if (other.id !== image.id) other.repoTags = other.repoTags.filter((t) => t !== tagName);
  }
  for (const layer of image.layers) state.layers[layer.diffId] ??= { diffId: layer.diffId, digest: layer.digest, size: layer.size, files: layer.files };
  const record = (state.images[image.id] ??= {
    id: image.id,
    repoTags: [],
    repoDigests: [],
    created: image.created,
    createdNanos: image.createdNanos,
    config: image.config,
    history: image.history,
    layers: image.layers.map((l) => l.diffId),
    size: image.size,
    parent: '',
    comment: '',
    author: '',
    dockerVersion: '',
  });
  if (!record.repoTags.includes(tagName)) record.repoTags.push(tagName);
  const digestName = `${familiarName(ref)}@${image.digest}`;
  if (!record.repoDigests.includes(digestName)) record.repoDigests.push(digestName);
  return record;
}

export type PullOutcome = { ok: true; lines: Line[]; image: ImageRecord } | { ok: false; status: number; message: string };

/** Pulls `ref` from its registry into the engine; advances the clock by the time it takes. */
export function pullImage(world: World, host: Host, state: EngineState, ref: ImageRef): PullOutcome {
  const name = familiarName(ref);
  const tag = ref.tag ?? 'latest';
  if (ref.domain !== HUB_DOMAIN) {
    const outcome = part('extras').pullFromRegistry(world, host, state, ref, tag);
    if (outcome.ok) publishImage(world, host, state, outcome.image.id);
    return outcome;
  }
  // What readers pushed to the Hub comes first: a pushed tag replaces the catalog's.
  const image = pushedLookup(world, ref.path, ref.digest ?? tag) ?? (ref.digest !== undefined ? hubLookupDigest(ref.path, ref.digest) : hubLookup(ref.path, tag));
  if (!image) {
    // The registry's own error, and a line saying what Podbook's hub holds when the real one has it.
    const note = ref.digest === undefined && !pushedRepo(world, ref.path) ? hubMissingNote(ref.path, tag) : undefined;
    const noted = (message: string): string => (note ? `${message}\n${note}` : message);
    if (!hubHasRepo(ref.path) && !pushedRepo(world, ref.path)) {
      return { ok: false, status: 404, message: noted(`pull access denied for ${name}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`) };
    }
    return { ok: false, status: 404, message: noted(`manifest for ${name}:${tag} not found: manifest unknown: manifest unknown`) };
  }
  const start = world.clock.now;
  const had = state.images[image.id];
  const tagged = had?.repoTags.includes(familiarString({ ...ref, tag })) ?? false;
  const label = ref.digest ?? tag;
  let lines: Line[];
  let end: number;
  if (had && (tagged || ref.digest !== undefined)) {
    lines = [{ at: start, msg: { status: `Pulling from ${image.repo}`, id: label } }];
    end = start + 400;
  } else {
    ({ lines, end } = pullLines(start, label, image, (diffId) => diffId in state.layers));
  }
  lines.push({ at: end, msg: { status: `Digest: ${image.digest}` } });
  const shown = ref.digest !== undefined ? `${name}@${ref.digest}` : `${name}:${tag}`;
  lines.push({ at: end, msg: { status: had && (tagged || ref.digest !== undefined) ? `Status: Image is up to date for ${shown}` : `Status: Downloaded newer image for ${shown}` } });
  world.advance(end - start);
  const record = storeImage(state, image, ref.digest !== undefined ? { ...ref } : { ...ref, tag });
  publishImage(world, host, state, record.id);
  recordEvent(world, state, 'image', 'pull', `${name}:${label}`, { name });
  return { ok: true, lines, image: record };
}

function pullRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const from = queryGet(req, 'fromImage') ?? '';
  const tag = queryGet(req, 'tag') ?? '';
  if (queryGet(req, 'fromSrc') !== undefined) return part('extras').importRoute(world, host, state, req);
  const text = tag === '' ? from : tag.startsWith('sha256:') ? `${from}@${tag}` : `${from}:${tag}`;
  const parsed = parseReference(text);
  if (!parsed.ok) return badRequest(parsed.error);
  const outcome = pullImage(world, host, state, withDefaultTag(parsed.ref));
  if (!outcome.ok) return json(outcome.status, { message: outcome.message });
  const chunks = outcome.lines.map((l) => ({ at: l.at, data: JSON.stringify(l.msg) + '\r\n' }));
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: chunks.map((c) => c.data).join(''), chunks };
}

function summary(image: ImageRecord, containers: number): Record<string, unknown> {
  return {
    Containers: containers,
    Created: Math.floor(image.created / 1000),
    Id: image.id,
    Labels: image.config.Labels ?? null,
    ParentId: image.parent,
    RepoDigests: image.repoDigests,
    RepoTags: image.repoTags,
    SharedSize: -1,
    Size: image.size,
  };
}

/** The filters `GET /images/json` accepts (the graph-driver image service's list). */
const IMAGE_FILTERS = new Set(['dangling', 'label', 'before', 'since', 'reference', 'until']);

function listRoute(state: EngineState, req: HttpRequest): HttpResponse {
  const all = queryGet(req, 'all') === '1' || queryGet(req, 'all') === 'true';
  const filters = parseFilters(queryGet(req, 'filters'));
  if (filters === null) return badRequest('invalid filter');
  for (const key of Object.keys(filters)) if (!IMAGE_FILTERS.has(key)) return badRequest(`invalid filter '${key}'`);
  const danglingValues = filters['dangling'] ?? [];
  // Go's GetBoolOrDefault: exactly one of true/1 or false/0, or the filter is invalid.
  if (filters['dangling'] && danglingValues.some((v) => v === 'true' || v === '1') === danglingValues.some((v) => v === 'false' || v === '0')) return badRequest(`invalid filter 'dangling=[${danglingValues.join(' ')}]'`);
  let images = Object.values(state.images).filter((i) => all || i.repoTags.length > 0 || !isIntermediate(state, i));
  const dangling = danglingValues.some((v) => v === 'true' || v === '1') ? 'true' : danglingValues.length > 0 ? 'false' : undefined;
  if (dangling === 'true') images = images.filter((i) => i.repoTags.length === 0);
  if (dangling === 'false') images = images.filter((i) => i.repoTags.length > 0);
  const refs = filters['reference'];
  if (refs) images = images.filter((i) => i.repoTags.some((t) => refs.some((r) => matchReference(r, t))));
  images.sort((a, b) => b.created - a.created || (a.id < b.id ? -1 : 1));
  return json(200, images.map((i) => summary(i, -1)));
}

function matchReference(pattern: string, tag: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
  const repo = tag.slice(0, tag.lastIndexOf(':'));
  return re.test(tag) || re.test(repo);
}

function isIntermediate(state: EngineState, image: ImageRecord): boolean {
  return Object.values(state.images).some((other) => other.parent === image.id);
}

/** `filters` query parameter: `{"dangling":{"true":true}}` or the older `{"dangling":["true"]}`. */
export function parseFilters(text: string | undefined): Record<string, string[]> | null {
  if (text === undefined || text === '') return {};
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const out: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(raw)) {
      out[key] = Array.isArray(value) ? value.map(String) : Object.keys(value as Record<string, unknown>);
    }
    return out;
  } catch {
    return null;
  }
}

export function imageInspect(_state: EngineState, image: ImageRecord, host: string): Record<string, unknown> {
  const c = image.config;
  const layers = image.layers.map((d) => layerDirId(d));
  void host;
  const dir = (l: string): string => `/var/lib/docker/overlay2/${l}`;
  const top = layers[layers.length - 1] ?? 'none';
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: image.parent,
    Comment: image.comment,
    Created: image.createdNanos !== undefined ? rfc3339Nano(image.created, image.createdNanos) : daemonTime(image.created, image.id),
    DockerVersion: image.dockerVersion,
    Author: image.author,
    Config: {
      ...(c.User ? { User: c.User } : {}),
      ...(c.ExposedPorts ? { ExposedPorts: Object.fromEntries(c.ExposedPorts.map((p) => [p, {}])) } : {}),
      Env: c.Env ?? null,
      ...(c.Entrypoint ? { Entrypoint: c.Entrypoint } : {}),
      Cmd: c.Cmd ?? null,
      ...(c.Volumes ? { Volumes: Object.fromEntries(c.Volumes.map((p) => [p, {}])) } : {}),
      ...(c.WorkingDir ? { WorkingDir: c.WorkingDir } : {}),
      ...(c.Labels ? { Labels: c.Labels } : {}),
      ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
      ...(c.Healthcheck ? { Healthcheck: healthConfigJson(c.Healthcheck) } : {}),
    },
    Architecture: 'amd64',
    Os: 'linux',
    Size: image.size,
    GraphDriver: {
      Data: {
        ...(layers.length > 1 ? { LowerDir: layers.slice(0, -1).reverse().map((l) => `${dir(l)}/diff`).join(':') } : {}),
        MergedDir: `${dir(top)}/merged`,
        UpperDir: `${dir(top)}/diff`,
        WorkDir: `${dir(top)}/work`,
      },
      Name: 'overlay2',
    },
    RootFS: { Type: 'layers', Layers: image.layers },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

function historyRoute(image: ImageRecord): HttpResponse {
  const entries = [...image.history].reverse().map((h, i) => ({
    Comment: h.comment,
    Created: Math.floor(h.created / 1000),
    CreatedBy: h.createdBy,
    Id: i === 0 ? image.id : '<missing>',
    Size: h.size,
    Tags: i === 0 ? image.repoTags : null,
  }));
  return json(200, entries);
}

function tagRoute(world: World, state: EngineState, image: ImageRecord, req: HttpRequest): HttpResponse {
  const repo = queryGet(req, 'repo') ?? '';
  const tag = queryGet(req, 'tag') ?? '';
  const parsed = parseReference(tag === '' ? repo : `${repo}:${tag}`);
  if (!parsed.ok) return badRequest(parsed.error);
  const ref = withDefaultTag(parsed.ref);
  const name = familiarString(ref);
  for (const other of Object.values(state.images)) other.repoTags = other.repoTags.filter((t) => t !== name);
  image.repoTags.push(name);
  recordEvent(world, state, 'image', 'tag', image.id, { name });
  return { status: 201, headers: baseHeaders(), body: '' };
}

function deleteRoute(world: World, host: Host, state: EngineState, text: string, image: ImageRecord, req: HttpRequest): HttpResponse {
  const force = ['1', 'true'].includes(queryGet(req, 'force') ?? '');
  const users = Object.values(state.containers).filter((c) => c.imageId === image.id);
  const parsed = parseReference(text);
  const byName = parsed.ok && !/^(sha256:)?[0-9a-f]{1,64}$/.test(text) ? familiarString(withDefaultTag(parsed.ref)) : undefined;
  const out: Record<string, string>[] = [];
  if (byName && image.repoTags.length > 1) {
    // Only the tag goes; the image stays under its other names.
    image.repoTags = image.repoTags.filter((t) => t !== byName);
    out.push({ Untagged: byName });
    recordEvent(world, state, 'image', 'untag', image.id, { name: byName });
    return json(200, out);
  }
  if (!byName && image.repoTags.length > 1 && !force) {
    return conflict(`conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`);
  }
  const user = users[0];
  if (user && !force) {
    const what = byName ? `remove repository reference "${text}" (must force)` : `delete ${shortId(image.id)} (must be forced)`;
    return conflict(`conflict: unable to ${what} - container ${shortId(user.id)} is using its referenced image ${shortId(image.id)}`);
  }
  const running = users.find((c) => c.state.status === 'running' || c.state.status === 'paused');
  if (running && !byName) {
    return conflict(`conflict: unable to delete ${shortId(image.id)} (cannot be forced) - image is being used by running container ${shortId(running.id)}`);
  }
  for (const tag of image.repoTags) out.push({ Untagged: tag });
  for (const digest of image.repoDigests) out.push({ Untagged: digest });
  if (user) {
    image.repoTags = [];
    image.repoDigests = [];
    return json(200, out);
  }
  delete state.images[image.id];
  out.push({ Deleted: image.id });
  // Layers no other image uses go too, top first, as the daemon reports them.
  const inUse = new Set(Object.values(state.images).flatMap((i) => i.layers));
  for (const diffId of [...image.layers].reverse()) {
    if (inUse.has(diffId)) continue;
    delete state.layers[diffId];
    unpublishImageLayers(host, [diffId]);
    out.push({ Deleted: `sha256:${layerChainId(image.layers, diffId)}` });
  }
  recordEvent(world, state, 'image', 'delete', image.id, { name: image.id });
  return json(200, out);
}

/** A stand-in for the chain id of a layer (the digest of it and everything below). */
function layerChainId(layers: string[], diffId: string): string {
  const index = layers.indexOf(diffId);
  return index === 0 ? diffId.slice(7) : shortChain(layers.slice(0, index + 1));
}

function shortChain(layers: string[]): string {
  let acc = (layers[0] as string).slice(7);
  for (const l of layers.slice(1)) acc = hexMix(acc, l.slice(7));
  return acc;
}

function hexMix(a: string, b: string): string {
  let out = '';
  for (let i = 0; i < 64; i++) out += ((parseInt(a[i] as string, 16) * 7 + parseInt(b[i] as string, 16) * 13 + i) % 16).toString(16);
  return out;
}

function searchRoute(req: HttpRequest): HttpResponse {
  const term = (queryGet(req, 'term') ?? '').toLowerCase();
  const limit = Number(queryGet(req, 'limit') ?? '25') || 25;
  if (term === '') return badRequest('term is required');
  const hits = SEARCH_INDEX.filter((e) => e.name.includes(term) || e.description.toLowerCase().includes(term));
  hits.sort((a, b) => b.stars - a.stars);
  return json(200, hits.slice(0, limit).map((e) => ({ star_count: e.stars, is_official: e.official, name: e.name, is_automated: false, description: e.description })));
}

function pruneRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const filters = parseFilters(queryGet(req, 'filters'));
  if (filters === null) return badRequest('invalid filter');
  const danglingOnly = (filters['dangling']?.[0] ?? 'true') !== 'false';
  const used = new Set(Object.values(state.containers).map((c) => c.imageId));
  const deleted: Record<string, string>[] = [];
  let reclaimed = 0;
  for (const image of Object.values(state.images).sort((a, b) => b.created - a.created)) {
    if (used.has(image.id)) continue;
    if (danglingOnly && image.repoTags.length > 0) continue;
    for (const tag of image.repoTags) deleted.push({ Untagged: tag });
    for (const digest of image.repoDigests) deleted.push({ Untagged: digest });
    delete state.images[image.id];
    deleted.push({ Deleted: image.id });
    const inUse = new Set(Object.values(state.images).flatMap((i) => i.layers));
    for (const diffId of [...image.layers].reverse()) {
      if (inUse.has(diffId) || !state.layers[diffId]) continue;
      reclaimed += state.layers[diffId].size;
      delete state.layers[diffId];
      unpublishImageLayers(host, [diffId]);
      deleted.push({ Deleted: `sha256:${layerChainId(image.layers, diffId)}` });
    }
    recordEvent(world, state, 'image', 'delete', image.id, { name: image.id });
  }
  return json(200, { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed });
}

/** Dispatches `/images/...` routes; `rest` is the path after `/images`. */
export function imageRoutes(world: World, state: EngineState, req: HttpRequest, rest: string, hostView: Host): HttpResponse | undefined {
  const host = hostView.name;
  if (rest === '/create' && req.method === 'POST') return pullRoute(world, hostView, state, req);
  if (rest === '/json' && req.method === 'GET') return listRoute(state, req);
  if (rest === '/search' && req.method === 'GET') return searchRoute(req);
  if (rest === '/prune' && req.method === 'POST') return pruneRoute(world, hostView, state, req);
  if (rest === '/load' && req.method === 'POST') return part('extras').loadRoute(world, hostView, state, req);
  if (rest === '/get' && req.method === 'GET') return part('extras').saveRoute(world, state, queryAll(req, 'names'));
  const m = /^\/(.+?)(\/json|\/history|\/tag|\/push|\/get)?$/.exec(rest);
  if (!m) return undefined;
  const name = decodeURIComponent(m[1] as string);
  const image = findImage(state, name);
  const missing = (): HttpResponse => notFound(`No such image: ${displayMissing(name)}`);
  if (m[2] === '/push' && req.method === 'POST') {
    const tagged = findImage(state, `${name}:${queryGet(req, 'tag') || 'latest'}`);
    return tagged ? pushRoute(world, hostView, state, name, tagged, req) : notFound(`An image does not exist locally with the tag: ${name}`);
  }
  switch (`${req.method} ${m[2] ?? ''}`) {
    case 'GET /json':
      return image ? json(200, imageInspect(state, image, host)) : missing();
    case 'GET /get':
      return image ? part('extras').saveRoute(world, state, [name]) : missing();
    case 'GET /history':
      return image ? historyRoute(image) : missing();
    case 'POST /tag':
      return image ? tagRoute(world, state, image, req) : missing();
    case 'DELETE ':
      return image ? deleteRoute(world, hostView, state, name, image, req) : missing();
    case 'POST /push': {
      const tagged = findImage(state, `${name}:${queryGet(req, 'tag') || 'latest'}`);
      return tagged ? pushRoute(world, hostView, state, name, tagged, req) : notFound(`An image does not exist locally with the tag: ${name}`);
    }
    default:
      return undefined;
  }
}

function stream(lines: { at: number; msg: Record<string, unknown> }[]): HttpResponse {
  const chunks = lines.map((l) => ({ at: l.at, data: JSON.stringify(l.msg) + '\r\n' }));
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: chunks.map((c) => c.data).join(''), chunks };
}

/** Who the client says it is (the `X-Registry-Auth` header: base64 of JSON credentials). */
function registryUser(req: HttpRequest): string {
  const raw = req.headers['X-Registry-Auth'] ?? req.headers['x-registry-auth'] ?? '';
  const bytes = base64Decode(raw.replace(/-/g, '+').replace(/_/g, '/'));
  if (!bytes) return '';
  try {
    return (JSON.parse(utf8Decode(bytes)) as { username?: string }).username ?? '';
  } catch {
    return '';
  }
}

/** The Docker Hub repository (`library/centos`) a layer was pulled from, or '' for a layer made on this host. */
function hubSourceOf(state: EngineState, diffId: string): string {
  for (const id of Object.keys(state.images).sort(byCodePoint)) {
    const img = state.images[id]!;
    if (!img.layers.includes(diffId)) continue;
    for (const d of img.repoDigests) {
      const repo = d.slice(0, d.indexOf('@'));
      const first = repo.split('/')[0]!;
      if (repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) continue;
      return repo.includes('/') ? repo : `library/${repo}`;
    }
  }
  return '';
}

function pushRoute(world: World, host: Host, state: EngineState, name: string, image: ImageRecord, req: HttpRequest): HttpResponse {
  const tag = queryGet(req, 'tag') || 'latest';
  const parsed = parseReference(name.includes(':') && !/:\d+$/.test(name) && name.lastIndexOf(':') > name.lastIndexOf('/') ? name.slice(0, name.lastIndexOf(':')) : name);
  if (!parsed.ok) return badRequest(parsed.error);
  const ref = parsed.ref;
  if (ref.domain === HUB_DOMAIN) {
    const user = registryUser(req);
    const lines: { at: number; msg: Record<string, unknown> }[] = [{ at: world.clock.now, msg: { status: `The push refers to repository [docker.io/${ref.path}]` } }];
    for (const diffId of [...image.layers].reverse()) lines.push({ at: world.clock.now, msg: { status: 'Preparing', progressDetail: {}, id: shortId(diffId) } });
    if (user === '' || !ref.path.startsWith(`${user}/`)) {
      lines.push({ at: world.clock.now + 300, msg: { errorDetail: { message: 'denied: requested access to the resource is denied' }, error: 'denied: requested access to the resource is denied' } });
      return stream(lines);
    }
    for (const diffId of [...image.layers].reverse()) {
      const digest = state.layers[diffId]?.digest ?? diffId;
      // The repository has the blob already; else another repository has it (mounted); else upload.
      const status = hubRepoHasBlob(world, ref.path, digest) ? 'Layer already exists' : (() => {
        const from = hubSourceOf(state, diffId) || pushedBlobSource(world, digest, ref.path);
        return from ? `Mounted from ${from}` : 'Pushed';
      })();
      lines.push({ at: world.clock.now + 500, msg: { status, progressDetail: {}, id: shortId(diffId) } });
    }
    const digest = `sha256:${sha256Hex(`push\n${ref.path}\n${tag}\n${image.id}`)}`;
    const size = 529 + image.layers.length * 213;
    lines.push({ at: world.clock.now + 800, msg: { status: `${tag}: digest: ${digest} size: ${size}` } });
    lines.push({ at: world.clock.now + 800, msg: { progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: size } } });
    const layers = image.layers.map((d) => ({ diffId: d, digest: state.layers[d]?.digest ?? d, size: state.layers[d]?.size ?? 0 }));
    const files = Object.fromEntries(image.layers.map((d) => [d, state.layers[d]?.files ?? {}]));
    recordPush(world, ref.path, tag, { id: image.id, digest, created: image.created, createdNanos: image.createdNanos ?? subMillisecondNanos(`${image.id}@${image.created}`), config: image.config, history: image.history, layers, size: image.size }, files);
    const name = `${familiarName(ref)}@${digest}`;
    if (!image.repoDigests.includes(name)) image.repoDigests.push(name);
    recordEvent(world, state, 'image', 'push', `${familiarName(ref)}:${tag}`, { name: familiarName(ref) });
    world.advance(800);
    return stream(lines);
  }
  const result = part('extras').pushImage(world, host, state, image, ref, tag);
  if (!result.ok) return stream([{ at: world.clock.now, msg: { status: `The push refers to repository [${ref.domain}/${ref.path}]` } }, { at: world.clock.now, msg: { errorDetail: { message: result.message }, error: result.message } }]);
  return stream(result.lines);
}

/** How the daemon names an image it cannot find: references get their default tag. */
export function displayMissing(name: string): string {
  if (/^(sha256:)?[0-9a-f]{1,64}$/.test(name)) return name;
  const parsed = parseReference(name);
  return parsed.ok ? familiarString(withDefaultTag(parsed.ref)) : name;
}

export { goJson };
