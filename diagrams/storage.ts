/**
 * Where a container's data lives on the host: named and anonymous volumes under
 * /var/lib/docker/volumes, bind mounts of any host path, and the container's own writable layer
 * under /var/lib/docker/overlay2 (gone with `docker rm`). Each host path is linked to the mount
 * points of the containers that use it, so sharing one volume or directory between containers shows.
 */
import { linkHorizontal } from 'd3';
import { frame } from './shared/frame.ts';
import { containerName, containersOldestFirst, defaultHost, engineOf, type EngineContainer, type EngineView, type LabState } from './shared/lab.ts';
import { box, dot, label, roundPath } from './shared/shapes.ts';
import { el, slug } from './shared/svg.ts';
import type { Tone } from './shared/theme.ts';
import { fill, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Container storage on {host}',
    hostSide: 'Host filesystem ({host})',
    containers: 'Containers',
    volume: 'volume {name}',
    anon: 'anonymous volume',
    bind: 'bind mount',
    layer: 'writable layer of {name} (removed with it)',
    none: 'No containers yet.',
    hostNone: 'Nothing stored for containers yet.',
    more: '+{n} more containers',
    legendVolume: 'volume (managed by Docker)',
    legendBind: 'bind mount (any host path)',
    legendLayer: 'container layer (copy-on-write)',
    static: 'Example only: the lab has no Docker engine state yet.',
    desc: 'Storage of the containers on host {host}.',
    descMount: '{name} mounts {source} ({kind}) at {target}{ro}.',
    descLayer: "{name}'s own changes go to its writable layer {path}.",
    ro: ', read-only',
    descNone: 'There are no containers yet.',
    descStatic: 'No Docker engine state is in the lab yet, so an example is shown: container web with the volume myvol (/var/lib/docker/volumes/myvol/_data) at /usr/local/apache2/htdocs, container site with the host directory /root/site bind-mounted read-only at the same place, and each container writing its own changes to its layer under /var/lib/docker/overlay2.',
  },
  'zh-cn': {
    title: '{host} 上的容器存储',
    hostSide: '主机文件系统（{host}）',
    containers: '容器',
    volume: '卷 {name}',
    anon: '匿名卷',
    bind: '绑定挂载',
    layer: '{name} 的可写层（随容器删除）',
    none: '还没有容器。',
    hostNone: '还没有为容器存放任何数据。',
    more: '还有 {n} 个容器',
    legendVolume: '卷（由 Docker 管理）',
    legendBind: '绑定挂载（任意主机路径）',
    legendLayer: '容器层（写时复制）',
    static: '仅为示例：实验环境中还没有 Docker 引擎的状态。',
    desc: '主机 {host} 上容器的存储。',
    descMount: '{name} 把 {source}（{kind}）挂载到 {target}{ro}。',
    descLayer: '{name} 自己的修改写入它的可写层 {path}。',
    ro: '，只读',
    descNone: '还没有容器。',
    descStatic: '实验环境中还没有 Docker 引擎的状态，所以这里显示一个示例：容器 web 把卷 myvol（/var/lib/docker/volumes/myvol/_data）挂载到 /usr/local/apache2/htdocs，容器 site 把主机目录 /root/site 以只读方式绑定挂载到同一位置，每个容器自己的修改都写入 /var/lib/docker/overlay2 下它的层。',
  },
};

type Kind = 'volume' | 'bind' | 'layer';

export interface MountView {
  kind: Kind;
  /** Volume name (empty for bind mounts and layers). */
  name: string;
  source: string;
  target: string;
  readOnly: boolean;
}

const TONE: Record<Kind, Tone> = { volume: 'purple', bind: 'orange', layer: 'green' };

function volumePath(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}

/** A container's mounts, from what the engine records (inspect-style `mounts`, `Binds`, `Mounts`). */
export function mountsOf(c: EngineContainer): MountView[] {
  const out: MountView[] = [];
  const seen = new Set<string>();
  const add = (m: MountView): void => {
    if (seen.has(m.target)) return;
    seen.add(m.target);
    out.push(m);
  };
  const recorded = (c as unknown as { mounts?: unknown }).mounts;
  if (Array.isArray(recorded)) {
    for (const m of recorded as Record<string, unknown>[]) {
      const type = String(m['Type'] ?? m['type'] ?? '');
      const target = String(m['Destination'] ?? m['Target'] ?? m['target'] ?? '');
      if (!target || (type !== 'volume' && type !== 'bind')) continue;
      const name = String(m['Name'] ?? m['name'] ?? '');
      add({ kind: type, name, source: String(m['Source'] ?? m['source'] ?? (name ? volumePath(name) : '')), target, readOnly: m['RW'] === false || m['readOnly'] === true });
    }
  }
  const binds = c.hostConfig['Binds'];
  if (Array.isArray(binds)) {
    for (const b of binds) {
      if (typeof b !== 'string') continue;
      const [src = '', target = '', mode = ''] = b.split(':');
      if (!target) continue;
      const ro = mode.split(',').includes('ro');
      if (src.startsWith('/')) add({ kind: 'bind', name: '', source: src, target, readOnly: ro });
      else add({ kind: 'volume', name: src, source: volumePath(src), target, readOnly: ro });
    }
  }
  const mounts = c.hostConfig['Mounts'];
  if (Array.isArray(mounts)) {
    for (const m of mounts as Record<string, unknown>[]) {
      const type = String(m['Type'] ?? '');
      const target = String(m['Target'] ?? '');
      if (!target || (type !== 'volume' && type !== 'bind')) continue;
      const src = String(m['Source'] ?? '');
      add({ kind: type, name: type === 'volume' ? src : '', source: type === 'volume' ? volumePath(src) : src, target, readOnly: m['ReadOnly'] === true });
    }
  }
  out.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  out.push({ kind: 'layer', name: '', source: `/var/lib/docker/overlay2/${c.layerId}/diff`, target: '/', readOnly: false });
  return out;
}

interface Item {
  name: string;
  running: boolean;
  mounts: MountView[];
}

function fromEngine(engine: EngineView): Item[] {
  const all = containersOldestFirst(engine).map((c) => ({ name: containerName(c), running: c.state.status === 'running', mounts: mountsOf(c) }));
  // Containers with volumes or bind mounts come first: they are what this picture is about.
  return [...all.filter((i) => i.mounts.length > 1), ...all.filter((i) => i.mounts.length <= 1)];
}

const EXAMPLE: Item[] = [
  { name: 'web', running: true, mounts: [{ kind: 'volume', name: 'myvol', source: volumePath('myvol'), target: '/usr/local/apache2/htdocs', readOnly: false }, { kind: 'layer', name: '', source: '/var/lib/docker/overlay2/3f2a…/diff', target: '/', readOnly: false }] },
  { name: 'site', running: true, mounts: [{ kind: 'bind', name: '', source: '/root/site', target: '/usr/local/apache2/htdocs', readOnly: true }, { kind: 'layer', name: '', source: '/var/lib/docker/overlay2/9c41…/diff', target: '/', readOnly: false }] },
];

const W = 760;
const MAX_CONTAINERS = 4;
const ROW = 38;

/** Host paths with a 64-hex id (layers, anonymous volumes) shortened to 12 hex, as Docker shows ids. */
function shortPath(path: string): string {
  return path.replace(/\/([0-9a-f]{12})[0-9a-f]{52}\//, '/$1…/');
}

export function storage(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'storage';
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const isStatic = engine === undefined;
  const items = engine ? fromEngine(engine) : EXAMPLE;
  // Docker names an anonymous volume with 64 hex digits and marks it so.
  const anonymous = (name: string): boolean => engine?.volumes[name]?.anonymous ?? /^[0-9a-f]{64}$/.test(name);
  const shown = items.slice(0, MAX_CONTAINERS);

  // Host-side rows: one per distinct host path, volumes first, then bind sources, then layers.
  const order: Record<Kind, number> = { volume: 0, bind: 1, layer: 2 };
  const hostRows: { key: string; kind: Kind; path: string; caption: string }[] = [];
  for (const item of shown) {
    for (const m of item.mounts) {
      const key = `${m.kind}:${m.source}`;
      if (hostRows.some((r) => r.key === key)) continue;
      const caption = m.kind === 'volume' ? (m.name && !anonymous(m.name) ? fill(t.volume, { name: m.name }) : t.anon) : m.kind === 'bind' ? t.bind : fill(t.layer, { name: item.name });
      hostRows.push({ key, kind: m.kind, path: m.source, caption });
    }
  }
  hostRows.sort((a, b) => order[a.kind] - order[b.kind]);

  const top = 40;
  const hostX = 16;
  const hostW = 340;
  const conX = 450;
  const conW = W - conX - 16;
  const hostH = 34 + Math.max(1, hostRows.length) * ROW + 8;
  const conRows = shown.reduce((n, i) => n + i.mounts.length, 0);
  // With no container the box still holds its one line of text, as the host side does.
  const conH = 34 + (shown.length === 0 ? ROW : shown.length * 30 + conRows * ROW) + (items.length > shown.length ? 20 : 0) + 8;
  const legendY = top + Math.max(hostH, conH) + 22;
  const height = legendY + 16 + (isStatic ? 24 : 4);

  const body: string[] = [];
  body.push(label(16, 24, fill(t.title, { host }), W - 32, { weight: true, size: 14 }));
  const hostRowY: Record<string, number> = {};
  const rows: string[] = [label(hostX + 12, top + 20, fill(t.hostSide, { host }), hostW - 24, { weight: true })];
  if (hostRows.length === 0) rows.push(label(hostX + 12, top + 50, t.hostNone, hostW - 24, { cls: 'pbd-muted' }));
  hostRows.forEach((r, i) => {
    const y = top + 34 + i * ROW;
    hostRowY[r.key] = y + (ROW - 6) / 2;
    rows.push(
      box({ x: hostX + 8, y, w: hostW - 16, h: ROW - 6, tone: TONE[r.kind], id: `${id}-host-${slug(r.kind + '-' + r.path)}` },
        label(hostX + 16, y + 14, shortPath(r.path), hostW - 32, { mono: true, size: 10.5, tone: TONE[r.kind], weight: true }),
        label(hostX + 16, y + 27, r.caption, hostW - 32, { size: 10.5, tone: TONE[r.kind] }),
      ),
    );
  });
  body.push(box({ x: hostX, y: top, w: hostW, h: hostH, tone: 'gray', id: `${id}-host` }, ...rows));

  const conParts: string[] = [label(conX + 12, top + 20, t.containers, conW - 24, { weight: true })];
  const links: string[] = [];
  const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
  let y = top + 34;
  if (shown.length === 0) conParts.push(label(conX + 12, y + 16, t.none, conW - 24, { cls: 'pbd-muted' }));
  for (const item of shown) {
    conParts.push(dot(conX + 16, y + 12, 4.5, item.running ? 'green' : 'gray'), label(conX + 26, y + 17, item.name, conW - 40, { mono: true, weight: true }));
    y += 26;
    for (const m of item.mounts) {
      const tone = TONE[m.kind];
      const target = m.kind === 'layer' ? '/ (rootfs)' : `${m.target}${m.readOnly ? ' :ro' : ''}`;
      conParts.push(box({ x: conX + 8, y, w: conW - 16, h: ROW - 6, tone, id: `${id}-${slug(item.name)}-${slug(m.target)}` }, label(conX + 16, y + 20, target, conW - 32, { mono: true, size: 11, tone, weight: m.readOnly })));
      const from = hostRowY[`${m.kind}:${m.source}`];
      if (from !== undefined) {
        const d = link({ source: [hostX + hostW - 8, from], target: [conX + 8, y + (ROW - 6) / 2] });
        links.push(el('path', { d: roundPath(d ?? ''), class: `pbd-line pbd-stroke-${tone}${m.readOnly ? ' pbd-dashed' : ''}`, 'marker-end': `url(#${id}-arrow)` }));
      }
      y += ROW;
    }
    y += 4;
  }
  if (items.length > shown.length) conParts.push(label(conX + 12, y + 12, fill(t.more, { n: items.length - shown.length }), conW - 24, { size: 11, cls: 'pbd-muted' }));
  body.push(box({ x: conX, y: top, w: conW, h: conH, tone: 'gray', id: `${id}-containers` }, ...conParts));
  body.push(...links);

  // Legend.
  const legend: [Kind, string][] = [['volume', t.legendVolume], ['bind', t.legendBind], ['layer', t.legendLayer]];
  legend.forEach(([kind, text], i) => {
    const lx = 16 + i * 248;
    body.push(el('rect', { x: lx, y: legendY - 10, width: 14, height: 12, rx: 2, class: `pbd-${TONE[kind]}` }), label(lx + 20, legendY, text, 224, { size: 11 }));
  });
  if (isStatic) body.push(label(16, height - 10, t.static, W - 32, { size: 11, cls: 'pbd-muted' }));

  let desc: string;
  if (isStatic) desc = t.descStatic;
  else if (items.length === 0) desc = `${fill(t.desc, { host })} ${t.descNone}`;
  else {
    const parts = [fill(t.desc, { host })];
    for (const item of items) {
      for (const m of item.mounts) {
        if (m.kind === 'layer') parts.push(fill(t.descLayer, { name: item.name, path: m.source }));
        else parts.push(fill(t.descMount, { name: item.name, source: m.source, kind: m.kind === 'volume' ? (m.name && !anonymous(m.name) ? fill(t.volume, { name: m.name }) : t.anon) : t.bind, target: m.target, ro: m.readOnly ? t.ro : '' }));
      }
    }
    desc = parts.join(' ');
  }
  return frame({ id, name: 'storage', width: W, height, title: fill(t.title, { host }), desc, isStatic, body: body.join('') });
}

export default storage;
