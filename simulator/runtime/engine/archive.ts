/**
 * Tar in and out of the engine: `GET|HEAD|PUT /containers/{id}/archive` (docker cp), `GET
 * /containers/{id}/export`, `GET /images/{name}/get` (docker save, OCI layout with Docker's
 * manifest.json), `POST /images/load` and `POST /images/create?fromSrc=-` (docker import). Archive
 * bytes travel as latin1 strings, as files hold them on the VFS.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import { buildLayer, getLayer, putLayer, walkLayer, type LayerEntry } from '../../kernel/layers.ts';
import { normalizePath, type Vfs } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import { base64Encode } from '../../core/base64.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { utf8Encode } from '../../core/utf8.ts';
import { bytesToText, decodeTar, encodeTar, textToBytes, type TarEntry } from '../../programs/coreutils/tar-format.ts';
import type { FileSpec } from '../hub/catalog.ts';
import { familiarString, parseReference, withDefaultTag } from '../image/reference.ts';
import { findImage } from './images.ts';
import { baseHeaders, badRequest, json, notFound } from './reply.ts';
import { ensureLayers, publishImage } from './sandbox.ts';
import { recordEvent, type ContainerRecord, type EngineState, type ImageRecord } from './state.ts';

/** A view of the container's root: its mount namespace while running, else its overlay. */
export function containerFs(host: Host, c: ContainerRecord): Vfs {
  if ((c.state.status === 'running' || c.state.status === 'paused') && host.proc(c.state.pid)) return host.fsFor(c.state.pid);
  const ns = host.createNamespace('mnt', { empty: true });
  host.mount(ns, '/', { kind: 'overlay', id: c.id }, { fstype: 'overlay', device: 'overlay', options: 'rw' });
  return host.fsOfNamespace(ns);
}

function entryFor(name: string, node: { type: string; mode: number; mtime: number; data?: string; size?: number; prog?: string; target?: string }): TarEntry | undefined {
  const common = { mode: node.mode, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: Math.floor(node.mtime / 1000) };
  if (node.type === 'dir') return { name: `${name}/`, type: 'dir', ...common };
  if (node.type === 'symlink') return { name, type: 'symlink', linkname: node.target ?? '', ...common };
  if (node.type === 'file') return { name, type: 'file', data: node.data ?? '', ...(node.size !== undefined ? { size: node.size } : {}), ...(node.prog ? { prog: node.prog } : {}), ...common };
  return undefined;
}

/** Tar entries of `path` in a filesystem view, named from its basename down (what docker cp sends). */
export function treeEntries(fs: Vfs, path: string, as: string): TarEntry[] {
  const out: TarEntry[] = [];
  const walk = (abs: string, name: string): void => {
    const node = fs.stat(abs, false);
    const e = entryFor(name, node);
    if (e) out.push(e);
    if (node.type === 'dir') for (const child of fs.readdir(abs)) walk(`${abs === '/' ? '' : abs}/${child}`, name === '' ? child : `${name}/${child}`);
  };
  walk(path, as);
  return out.filter((e) => e.name !== '/' && e.name !== '');
}

/** Writes tar entries under `dir` in a filesystem view. */
export function extractEntries(fs: Vfs, dir: string, entries: TarEntry[]): void {
  for (const e of entries) {
    const path = normalizePath(e.name, dir);
    if (e.type === 'dir') {
      if (!fs.tryStat(path)) fs.mkdir(path, { parents: true });
    } else if (e.type === 'symlink') {
      if (!fs.tryStat(path, false)) fs.symlink(e.linkname ?? '', path);
    } else if (e.type === 'file') {
      fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { parents: true });
      fs.writeFile(path, e.data ?? '', { mode: e.mode, ...(e.prog ? { prog: e.prog } : {}), ...(e.size !== undefined ? { size: e.size } : {}) });
    }
  }
}

function tarReply(entries: TarEntry[], extra: Record<string, string> = {}): HttpResponse {
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/x-tar', ...extra }, body: bytesToText(encodeTar(entries, { format: 'ustar', record: false })) };
}

export function archiveRoute(world: World, host: Host, state: EngineState, c: ContainerRecord, req: HttpRequest): HttpResponse {
  void world;
  void state;
  const path = queryGet(req, 'path') ?? '';
  const fs = containerFs(host, c);
  const abs = normalizePath(path, c.config.WorkingDir || '/');
  if (req.method === 'PUT') {
    const node = fs.tryStat(abs);
    if (!node) return notFound(`Could not find the file ${path} in container ${c.name.slice(1)}`);
    if (node.type !== 'dir') return badRequest(`extraction point is not a directory`);
    try {
      extractEntries(fs, abs, decodeTar(textToBytes(req.body)));
    } catch (e) {
      return json(500, { message: e instanceof Error ? e.message : 'failed to extract' });
    }
    return { status: 200, headers: baseHeaders(), body: '' };
  }
  const node = fs.tryStat(abs, false);
  if (!node) return notFound(`Could not find the file ${path} in container ${c.name.slice(1)}`);
  const name = abs === '/' ? '' : abs.slice(abs.lastIndexOf('/') + 1);
  const stat = { name, size: node.size ?? (node.data ?? '').length, mode: node.mode + (node.type === 'dir' ? 2147483648 : 0), mtime: new Date(node.mtime).toISOString(), linkTarget: node.target ?? '' };
  const header = { 'X-Docker-Container-Path-Stat': base64Encode(utf8Encode(JSON.stringify(stat))) };
  if (req.method === 'HEAD') return { status: 200, headers: { ...baseHeaders(), ...header }, body: '' };
  return tarReply(treeEntries(fs, abs, name), header);
}

export function exportRoute(host: Host, c: ContainerRecord): HttpResponse {
  const fs = containerFs(host, c);
  return tarReply(treeEntries(fs, '/', '').filter((e) => !/^(proc|sys|dev)\/./.test(e.name)));
}

// --- save / load / import -------------------------------------------------------------------------

function layerTar(world: World, state: EngineState, diffId: string): string {
  const fs = getLayer(world, diffId);
  const entries: TarEntry[] = [];
  if (fs) {
    for (const { path, node, whiteout } of walkLayer(fs)) {
      if (whiteout) {
        const dir = path.slice(0, path.lastIndexOf('/'));
        entries.push({ name: `${dir.slice(1)}${dir ? '/' : ''}.wh.${path.slice(path.lastIndexOf('/') + 1)}`, type: 'file', data: '', mode: 0, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
        continue;
      }
      const e = entryFor(path.slice(1), node);
      if (e) entries.push(e);
    }
  }
  void state;
  return bytesToText(encodeTar(entries, { format: 'ustar', record: false }));
}

export function saveRoute(world: World, state: EngineState, names: string[]): HttpResponse {
  const entries: TarEntry[] = [];
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const seenBlobs = new Set<string>();
  const common = { mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 };
  entries.push({ name: 'blobs/', type: 'dir', ...common, mode: 0o755 }, { name: 'blobs/sha256/', type: 'dir', ...common, mode: 0o755 });
  for (const name of names) {
    const image = findImage(state, name);
    if (!image) return notFound(`reference does not exist`);
    ensureLayers(world, state, image.id);
    const layerPaths: string[] = [];
    for (const diffId of image.layers) {
      const tar = layerTar(world, state, diffId);
      const hex = sha256Hex(tar);
      layerPaths.push(`blobs/sha256/${hex}`);
      if (!seenBlobs.has(hex)) {
        seenBlobs.add(hex);
        entries.push({ name: `blobs/sha256/${hex}`, type: 'file', data: tar, ...common });
      }
    }
    const config = JSON.stringify({ architecture: 'amd64', config: image.config, created: image.created, history: image.history, os: 'linux', rootfs: { type: 'layers', diff_ids: image.layers }, id: image.id, size: image.size });
    const cfgHex = image.id.slice(7);
    entries.push({ name: `blobs/sha256/${cfgHex}`, type: 'file', data: config, ...common });
    const parsed = /^(sha256:)?[0-9a-f]{12,64}$/.test(name) ? undefined : parseReference(name);
    const wanted = parsed?.ok ? familiarString(withDefaultTag(parsed.ref)) : undefined;
    const tags = wanted && image.repoTags.includes(wanted) ? [wanted] : [];
    manifest.push({ Config: `blobs/sha256/${cfgHex}`, RepoTags: tags.length ? tags : image.repoTags, Layers: layerPaths });
    for (const t of tags.length ? tags : image.repoTags) {
      const i = t.lastIndexOf(':');
      (repositories[t.slice(0, i)] ??= {})[t.slice(i + 1)] = cfgHex;
    }
  }
  entries.push({ name: 'index.json', type: 'file', data: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }) + '\n', ...common });
  entries.push({ name: 'manifest.json', type: 'file', data: JSON.stringify(manifest) + '\n', ...common });
  entries.push({ name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion": "1.0.0"}', ...common });
  entries.push({ name: 'repositories', type: 'file', data: JSON.stringify(repositories) + '\n', ...common });
  return tarReply(entries);
}

function layerFromTar(world: World, state: EngineState, tar: string, created: number): string {
  const entries = decodeTar(textToBytes(tar));
  const diffId = `sha256:${sha256Hex(tar)}`;
  if (!state.layers[diffId]) {
    const layerEntries: LayerEntry[] = entries.map((e) =>
      e.type === 'dir' ? { path: '/' + e.name, type: 'dir', mode: e.mode } : e.type === 'symlink' ? { path: '/' + e.name, type: 'symlink', target: e.linkname ?? '' } : { path: '/' + e.name, type: 'file', data: e.data ?? '', mode: e.mode, ...(e.prog ? { prog: e.prog } : {}), ...(e.size !== undefined ? { size: e.size } : {}) },
    );
    putLayer(world, diffId, buildLayer(layerEntries, created));
    const files: Record<string, FileSpec> = {};
    for (const e of entries) {
      if (e.type === 'file') files['/' + e.name] = e.prog ? { prog: e.prog } : e.data ?? '';
      else if (e.type === 'symlink') files['/' + e.name] = { link: e.linkname ?? '' };
      else if (e.type === 'dir') files['/' + e.name.replace(/\/$/, '')] = { dir: true, mode: e.mode };
    }
    state.layers[diffId] = { diffId, digest: `sha256:${sha256Hex(`blob\n${diffId}`)}`, size: entries.reduce((n, e) => n + (e.size ?? (e.data ?? '').length), 0), files };
  }
  return diffId;
}

export function loadRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  let entries: TarEntry[];
  try {
    entries = decodeTar(textToBytes(req.body));
  } catch {
    return json(500, { message: 'unexpected EOF' });
  }
  const file = (name: string): string | undefined => entries.find((e) => e.name === name)?.data;
  const manifestText = file('manifest.json');
  if (!manifestText) return json(500, { message: 'open /var/lib/docker/tmp/docker-import/manifest.json: no such file or directory' });
  const manifest = JSON.parse(manifestText) as { Config: string; RepoTags: string[] | null; Layers: string[] }[];
  const out: string[] = [];
  for (const m of manifest) {
    const cfg = JSON.parse(file(m.Config) ?? '{}') as { config: ImageRecord['config']; created: number; history: ImageRecord['history']; rootfs: { diff_ids: string[] }; id?: string; size?: number };
    const id = cfg.id ?? `sha256:${m.Config.split('/').pop()}`;
    for (let i = 0; i < m.Layers.length; i++) {
      const diffId = cfg.rootfs.diff_ids[i] as string;
      if (state.layers[diffId]) continue;
      const tar = file(m.Layers[i] as string) ?? '';
      const made = layerFromTar(world, state, tar, cfg.created);
      state.layers[diffId] = { ...state.layers[made]!, diffId };
      putLayer(world, diffId, getLayer(world, made)!);
    }
    const image: ImageRecord = state.images[id] ?? (state.images[id] = { id, repoTags: [], repoDigests: [], created: cfg.created, config: cfg.config, history: cfg.history, layers: cfg.rootfs.diff_ids, size: cfg.size ?? 0, parent: '', comment: '', author: '', dockerVersion: '' });
    for (const t of m.RepoTags ?? []) {
      for (const other of Object.values(state.images)) if (other.id !== id) other.repoTags = other.repoTags.filter((x) => x !== t);
      if (!image.repoTags.includes(t)) image.repoTags.push(t);
      out.push(JSON.stringify({ stream: `Loaded image: ${t}\n` }));
    }
    if (!m.RepoTags || m.RepoTags.length === 0) out.push(JSON.stringify({ stream: `Loaded image ID: ${id}\n` }));
    publishImage(world, host, state, id);
    recordEvent(world, state, 'image', 'load', id, { name: id });
  }
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: out.map((l) => l + '\r\n').join('') };
}

export function importRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  let tar = req.body;
  try {
    decodeTar(textToBytes(tar));
  } catch {
    tar = bytesToText(encodeTar([], { format: 'ustar', record: false }));
  }
  const diffId = layerFromTar(world, state, tar, world.clock.now);
  const config = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] };
  const history = [{ created: world.clock.now, createdBy: '', size: state.layers[diffId]!.size, comment: 'Imported from -', emptyLayer: false }];
  const id = `sha256:${sha256Hex(JSON.stringify({ config, diffId, at: world.clock.now }))}`;
  const image: ImageRecord = { id, repoTags: [], repoDigests: [], created: world.clock.now, config, history, layers: [diffId], size: state.layers[diffId]!.size, parent: '', comment: 'Imported from -', author: '', dockerVersion: '28.2.2' };
  state.images[id] = image;
  const repo = queryGet(req, 'repo') ?? '';
  if (repo !== '') {
    const tag = queryGet(req, 'tag') ?? '';
    const parsed = parseReference(tag ? `${repo}:${tag}` : repo);
    if (parsed.ok) {
      const name = familiarString(withDefaultTag(parsed.ref));
      for (const other of Object.values(state.images)) other.repoTags = other.repoTags.filter((x) => x !== name);
      image.repoTags.push(name);
    }
  }
  publishImage(world, host, state, id);
  recordEvent(world, state, 'image', 'import', id, { name: id });
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ status: id }) + '\r\n' };
}
