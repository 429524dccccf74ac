/**
 * `GET /containers/{id}/changes` (the overlay's upper directory against the image) and
 * `POST /commit` (that upper directory becomes a new image layer on top of the container's image,
 * with `--change` instructions applied to the config and a history entry for the commit).
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryAll, queryGet } from '../../kernel/http.ts';
import { cloneFs, layerSize, putLayer } from '../../kernel/layers.ts';
import type { World } from '../../kernel/world.ts';
import { sha256Hex } from '../../core/sha256.ts';
import type { ImageConfigSpec } from '../hub/catalog.ts';
import { familiarString, parseReference, withDefaultTag } from '../image/reference.ts';
import { badRequest, json, notFound } from './reply.ts';
import { publishImage } from './sandbox.ts';
import { parseHealthcheck } from './health.ts';
import { findContainer, recordEvent, type ContainerRecord, type EngineState, type ImageRecord } from './state.ts';

const KIND: Record<'C' | 'A' | 'D', number> = { C: 0, A: 1, D: 2 };

/** Mount points runc makes in the root: the daemon's init layer hides them from diffs and commits. */
const MOUNT_POINTS = new Set(['/dev', '/proc', '/sys', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/.dockerenv']);

export function containerChanges(host: Host, c: ContainerRecord): { kind: 'A' | 'C' | 'D'; path: string }[] {
  const raw = host.overlay(c.id).diff().filter((d) => ![...MOUNT_POINTS].some((m) => d.path === m || d.path.startsWith(m + '/')));
  // A directory only "changed" because a mount point was made in it drops out with it.
  return raw.filter((d) => d.kind !== 'C' || raw.some((o) => o.path.startsWith(d.path + '/')) || !MOUNT_DIR_PARENTS.has(d.path));
}

const MOUNT_DIR_PARENTS = new Set(['/etc']);

export function changesRoute(host: Host, c: ContainerRecord): HttpResponse {
  const diff = containerChanges(host, c);
  return json(200, diff.length ? diff.map((d) => ({ Kind: KIND[d.kind], Path: d.path })) : null);
}

/** Applies Dockerfile-style `--change` lines (CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR, USER, LABEL, VOLUME, HEALTHCHECK). */
export function applyChanges(config: ImageConfigSpec, changes: string[]): ImageConfigSpec | string {
  const out: ImageConfigSpec = JSON.parse(JSON.stringify(config)) as ImageConfigSpec;
  const list = (text: string): string[] => {
    const t = text.trim();
    if (t.startsWith('[')) {
      try {
        return JSON.parse(t) as string[];
      } catch {
        return ['/bin/sh', '-c', t];
      }
    }
    return ['/bin/sh', '-c', t];
  };
  for (const line of changes) {
    const m = /^\s*(\w+)\s+(.*)$/s.exec(line);
    if (!m) return `dockerfile parse error on line 1: unknown instruction: ${line.trim().toUpperCase()}`;
    const [, word, rest] = m as unknown as [string, string, string];
    switch (word.toUpperCase()) {
      case 'CMD':
        out.Cmd = list(rest);
        break;
      case 'HEALTHCHECK': {
        const hc = parseHealthcheck(rest);
        if (typeof hc === 'string') return hc;
        out.Healthcheck = hc;
        break;
      }
      case 'ENTRYPOINT':
        out.Entrypoint = list(rest);
        break;
      case 'ENV': {
        const eq = rest.indexOf('=');
        const [k, v] = eq >= 0 ? [rest.slice(0, eq), rest.slice(eq + 1)] : (rest.split(/\s+/, 2) as [string, string]);
        out.Env = [...(out.Env ?? []).filter((e) => !e.startsWith(`${k}=`)), `${k}=${(v ?? '').replace(/^"|"$/g, '')}`];
        break;
      }
      case 'EXPOSE':
        out.ExposedPorts = [...new Set([...(out.ExposedPorts ?? []), ...rest.split(/\s+/).map((p) => (p.includes('/') ? p : `${p}/tcp`))])];
        break;
      case 'WORKDIR':
        out.WorkingDir = rest.trim();
        break;
      case 'USER':
        out.User = rest.trim();
        break;
      case 'VOLUME':
        out.Volumes = [...new Set([...(out.Volumes ?? []), ...list(rest).filter((v) => v !== '/bin/sh' && v !== '-c')])];
        break;
      case 'LABEL': {
        const [k, v] = rest.split('=') as [string, string | undefined];
        out.Labels = { ...(out.Labels ?? {}), [k.trim()]: (v ?? '').replace(/^"|"$/g, '') };
        break;
      }
      default:
        return `${word.toUpperCase()} is not a valid change command`;
    }
  }
  return out;
}

/** Turns a container's writable layer into an image; returns the new image. */
export function commitContainer(world: World, host: Host, state: EngineState, c: ContainerRecord, opts: { repo?: string; comment?: string; author?: string; changes?: string[]; createdBy?: string; metadataOnly?: boolean; keepCmd?: boolean; cacheKey?: string }): ImageRecord | string {
  const base = state.images[c.imageId];
  if (!base) return `No such image: ${c.imageId}`;
  const start = opts.keepCmd ? base.config : { ...base.config, Env: c.config.Env, Cmd: c.config.Cmd ?? undefined, ...(c.config.Entrypoint ? { Entrypoint: c.config.Entrypoint } : {}), ...(c.config.Healthcheck ? { Healthcheck: c.config.Healthcheck } : {}) };
  const config = applyChanges(start, opts.changes ?? []);
  if (typeof config === 'string') return config;
  let layers = base.layers;
  let size = 0;
  if (!opts.metadataOnly) {
    const upper = cloneFs(host.overlay(c.id).upper.state);
    size = layerSize(upper);
    const diffId = `sha256:${sha256Hex(`commit\n${c.id}\n${world.clock.now}\n${JSON.stringify(upper)}`)}`;
    putLayer(world, diffId, upper);
    state.layers[diffId] = { diffId, digest: `sha256:${sha256Hex(`blob\n${diffId}`)}`, size, files: {} };
    layers = [...base.layers, diffId];
  }
  const history = [...base.history, { created: world.clock.now, createdBy: opts.createdBy ?? [c.path, ...c.args].join(' '), size, comment: opts.comment ?? '', emptyLayer: opts.metadataOnly === true }];
  const id = `sha256:${sha256Hex(JSON.stringify({ config, history, layers, at: world.clock.now }))}`;
  const image: ImageRecord = { id, repoTags: [], repoDigests: [], created: world.clock.now, config, history, layers, size: base.size + size, parent: base.id, comment: opts.comment ?? '', author: opts.author ?? '', dockerVersion: '28.2.2', ...(opts.cacheKey ? { cacheKey: opts.cacheKey } : {}) };
  state.images[id] = image;
  publishImage(world, host, state, id);
  if (opts.repo) {
    for (const other of Object.values(state.images)) other.repoTags = other.repoTags.filter((t) => t !== opts.repo);
    image.repoTags.push(opts.repo);
  }
  recordEvent(world, state, 'container', 'commit', c.id, { comment: opts.comment ?? '', imageID: id, imageRef: opts.repo ?? '', name: c.name.slice(1) });
  return image;
}

export function commitRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const ref = queryGet(req, 'container') ?? '';
  const found = findContainer(state, ref);
  if (!found || 'ambiguous' in found) return notFound(`No such container: ${ref}`);
  const repo = queryGet(req, 'repo') ?? '';
  const tag = queryGet(req, 'tag') ?? '';
  let name: string | undefined;
  if (repo !== '') {
    const parsed = parseReference(tag ? `${repo}:${tag}` : repo);
    if (!parsed.ok) return badRequest(parsed.error);
    name = familiarString(withDefaultTag(parsed.ref));
  }
  const result = commitContainer(world, host, state, found, { ...(name ? { repo: name } : {}), comment: queryGet(req, 'comment') ?? '', author: queryGet(req, 'author') ?? '', changes: queryAll(req, 'changes') });
  if (typeof result === 'string') return badRequest(result);
  return json(201, { Id: result.id });
}
