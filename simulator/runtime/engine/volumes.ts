/**
 * Volumes and mounts: named and anonymous volumes kept under /var/lib/docker/volumes/<name>/_data
 * on the host, bind mounts from `Binds` (`/host:/ctr:ro`, `vol:/data`) and `Mounts`
 * (`--mount type=bind,...`), `VolumesFrom`, and the `/volumes` routes.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import { normalizePath } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import { dirSize } from './size.ts';
import { rfc3339 } from '../../core/format.ts';
import { byCodePoint } from '../../core/format.ts';
import { parseFilters } from './images.ts';
import { badRequest, conflict, json, noContent, notFound } from './reply.ts';
import { readJsonBody } from './jsonbody.ts';
import { findContainer, recordEvent, type ContainerRecord, type EngineState, type VolumeRecord } from './state.ts';

export interface MountRecord {
  Type: 'bind' | 'volume';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export function volumeDir(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}

export function volumeJson(v: VolumeRecord): Record<string, unknown> {
  return { CreatedAt: rfc3339(v.created), Driver: v.driver, Labels: Object.keys(v.labels).length || v.sent?.labels ? v.labels : null, Mountpoint: volumeDir(v.name), Name: v.name, Options: v.sent?.options ?? null, Scope: 'local' };
}

export function ensureVolume(world: World, host: Host, state: EngineState, name: string, anonymous = false, labels: Record<string, string> = {}): VolumeRecord {
  const existing = state.volumes[name];
  if (existing) return existing;
  const v: VolumeRecord = { name, driver: 'local', created: world.clock.now, labels, anonymous };
  state.volumes[name] = v;
  host.fs.mkdir(volumeDir(name), { parents: true });
  recordEvent(world, state, 'volume', 'create', name, { driver: 'local' });
  return v;
}

/** Mounts of a new container from its create request; a string is the daemon's error. */
export function planMounts(world: World, host: Host, state: EngineState, hostConfig: Record<string, unknown>, volumes: string[]): MountRecord[] | string {
  const out: MountRecord[] = [];
  const add = (m: MountRecord): void => {
    const i = out.findIndex((x) => x.Destination === m.Destination);
    if (i >= 0) out.splice(i, 1);
    out.push(m);
  };
  for (const ref of (hostConfig['VolumesFrom'] as string[] | null) ?? []) {
    const [name, mode] = ref.split(':') as [string, string | undefined];
    const from = findContainer(state, name);
    if (!from || 'ambiguous' in from) return `No such container: ${name}`;
    for (const m of from.mounts ?? []) add({ ...m, RW: mode === 'ro' ? false : m.RW, Mode: mode === 'ro' ? 'ro' : m.Mode });
  }
  for (const dest of volumes) {
    if (out.some((m) => m.Destination === dest)) continue;
    const name = world.rng.hex(64);
    ensureVolume(world, host, state, name, true);
    add({ Type: 'volume', Name: name, Source: volumeDir(name), Destination: dest, Driver: 'local', Mode: '', RW: true, Propagation: '' });
  }
  for (const bind of (hostConfig['Binds'] as string[] | null) ?? []) {
    const parts = bind.split(':');
    if (parts.length < 2 || parts.length > 3) return `invalid volume specification: '${bind}'`;
    const [src, dest, mode = ''] = parts as [string, string, string?];
    if (!dest.startsWith('/')) return `invalid volume specification: '${bind}': invalid mount config for type "bind": invalid mount path: '${dest}' mount path must be absolute`;
    const ro = mode.split(',').includes('ro');
    if (src.startsWith('/')) {
      const path = normalizePath(src);
      if (!host.fs.exists(path)) host.fs.mkdir(path, { parents: true });
      add({ Type: 'bind', Source: path, Destination: dest, Mode: mode, RW: !ro, Propagation: 'rprivate' });
    } else {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(src)) return `create ${src}: "${src}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
      ensureVolume(world, host, state, src);
      add({ Type: 'volume', Name: src, Source: volumeDir(src), Destination: dest, Driver: 'local', Mode: mode === '' ? 'z' : mode, RW: !ro, Propagation: '' });
    }
  }
  for (const m of (hostConfig['Mounts'] as { Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }[] | null | undefined) ?? []) {
    const target = m.Target ?? '';
    if (target === '') return 'invalid mount config: Target must not be empty';
    if (m.Type === 'bind') {
      const path = normalizePath(m.Source ?? '');
      if (!host.fs.exists(path)) return `invalid mount config for type "bind": bind source path does not exist: ${path}`;
      add({ Type: 'bind', Source: path, Destination: target, Mode: '', RW: m.ReadOnly !== true, Propagation: 'rprivate' });
    } else if (m.Type === 'volume' || m.Type === undefined) {
      const name = m.Source || world.rng.hex(64);
      ensureVolume(world, host, state, name, !m.Source);
      add({ Type: 'volume', Name: name, Source: volumeDir(name), Destination: target, Driver: 'local', Mode: 'z', RW: m.ReadOnly !== true, Propagation: '' });
    } else return `mount type ${m.Type} is not simulated`;
  }
  return out;
}

/** Bind-mounts a container's volumes into its mount namespace (at each start). */
export function mountVolumes(host: Host, mntNs: number, c: ContainerRecord): void {
  for (const m of c.mounts ?? []) host.bindMount(mntNs, m.Destination, m.Source, { readOnly: !m.RW });
}

export function inUse(state: EngineState, name: string): ContainerRecord[] {
  return Object.values(state.containers).filter((c) => (c.mounts ?? []).some((m) => m.Name === name));
}

export function removeVolume(world: World, host: Host, state: EngineState, name: string): void {
  delete state.volumes[name];
  try {
    host.fs.remove(`/var/lib/docker/volumes/${name}`, { recursive: true });
  } catch {
    // Already gone.
  }
  recordEvent(world, state, 'volume', 'destroy', name, { driver: 'local' });
}

export function volumeRoutes(world: World, host: Host, state: EngineState, req: HttpRequest, rest: string): HttpResponse | undefined {
  if ((rest === '' || rest === '/') && req.method === 'GET') {
    const filters = parseFilters(queryGet(req, 'filters'));
    if (filters === null) return badRequest('invalid filter');
    let list = Object.values(state.volumes).sort((a, b) => byCodePoint(a.name, b.name));
    if (filters['dangling']?.[0] === 'true') list = list.filter((v) => inUse(state, v.name).length === 0);
    if (filters['name']) list = list.filter((v) => filters['name']!.some((n) => v.name.includes(n)));
    return json(200, { Volumes: list.map(volumeJson), Warnings: null });
  }
  if (rest === '/create' && req.method === 'POST') {
    const read = readJsonBody<{ Name?: string; Driver?: string; Labels?: Record<string, string> | null; DriverOpts?: Record<string, string> | null }>(req);
    if (!read.ok) return read.error;
    const body: { Name?: string; Driver?: string; Labels?: Record<string, string> | null; DriverOpts?: Record<string, string> | null } = read.value ?? {};
    const name = body.Name || world.rng.hex(64);
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return badRequest(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    if (body.Driver && body.Driver !== 'local') return notFound(`create ${name}: error looking up volume plugin ${body.Driver}: plugin "${body.Driver}" not found`);
    const existed = name in state.volumes;
    const v = ensureVolume(world, host, state, name, !body.Name, body.Labels ?? {});
    if (!existed) v.sent = { labels: body.Labels != null, options: body.DriverOpts ?? null };
    return json(201, volumeJson(v));
  }
  if (rest === '/prune' && req.method === 'POST') {
    const filters = parseFilters(queryGet(req, 'filters'));
    const all = filters?.['all']?.[0] === 'true' || filters?.['all']?.[0] === '1';
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const v of Object.values(state.volumes).sort((a, b) => byCodePoint(a.name, b.name))) {
      if (inUse(state, v.name).length || (!all && !v.anonymous)) continue;
      deleted.push(v.name);
      reclaimed += dirSize(host, volumeDir(v.name));
      removeVolume(world, host, state, v.name);
    }
    return json(200, { VolumesDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed });
  }
  const m = /^\/([^/]+)$/.exec(rest);
  if (!m) return undefined;
  const name = decodeURIComponent(m[1] as string);
  const v = state.volumes[name];
  if (req.method === 'GET') return v ? json(200, volumeJson(v)) : notFound(`get ${name}: no such volume`);
  if (req.method === 'DELETE') {
    if (!v) return notFound(`get ${name}: no such volume`);
    const users = inUse(state, name);
    if (users.length) return conflict(`remove ${name}: volume is in use - [${users.map((c) => c.id).join(', ')}]`);
    removeVolume(world, host, state, name);
    return noContent();
  }
  return undefined;
}
