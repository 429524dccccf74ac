/**
 * Where a container's data lives on the host: named and anonymous volumes under
 * /var/lib/docker/volumes, bind mounts of any host path, and the container's own writable layer
 * under /var/lib/docker/overlay2 (gone with `docker rm`). Each host path is linked to the mount
 * points of the containers that use it, so sharing one volume or directory between containers shows.
 */
import { linkHorizontal } from 'd3';
import { frame } from './shared/frame.ts';
import { containerName, containersOldestFirst, defaultHost, engineOf, type EngineContainer, type EngineView, type LabState } from './shared/lab.ts';
import { flow } from './shared/layout.ts';
import { box, dot, label, lineHeight, lines, roundPath } from './shared/shapes.ts';
import { el, slug } from './shared/svg.ts';
import { textWidth, wrap } from './shared/text.ts';
import { FONT, type Tone } from './shared/theme.ts';
import { fill, layoutWidth, strings, type DiagramOptions } from './shared/types.ts';

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
  { name: 'web', running: true, mounts: [{ kind: 'volume', name: 'myvol', source: volumePath('myvol'), target: '/usr/local/apache2/htdocs', readOnly: false }, { kind: 'layer', name: '', source: '/var/lib/docker/overlay2/3f2a8c1e9b7d…/diff', target: '/', readOnly: false }] },
  { name: 'site', running: true, mounts: [{ kind: 'bind', name: '', source: '/root/site', target: '/usr/local/apache2/htdocs', readOnly: true }, { kind: 'layer', name: '', source: '/var/lib/docker/overlay2/9c41d07a5e36…/diff', target: '/', readOnly: false }] },
];

const MAX_CONTAINERS = 4;

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
  const captionOf = (m: MountView, owner: string): string =>
    m.kind === 'volume' ? (m.name && !anonymous(m.name) ? fill(t.volume, { name: m.name }) : t.anon) : m.kind === 'bind' ? t.bind : fill(t.layer, { name: owner });
  const targetOf = (m: MountView): string => (m.kind === 'layer' ? '/ (rootfs)' : `${m.target}${m.readOnly ? ' :ro' : ''}`);

  // Host-side rows: one per distinct host path, volumes first, then bind sources, then layers.
  const order: Record<Kind, number> = { volume: 0, bind: 1, layer: 2 };
  const hostRows: { key: string; kind: Kind; path: string; caption: string }[] = [];
  for (const item of shown) {
    for (const m of item.mounts) {
      const key = `${m.kind}:${m.source}`;
      if (hostRows.some((r) => r.key === key)) continue;
      hostRows.push({ key, kind: m.kind, path: m.source, caption: captionOf(m, item.name) });
    }
  }
  hostRows.sort((a, b) => order[a.kind] - order[b.kind]);

  const W = layoutWidth(opts);
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);
  const margin = 12;
  const body: string[] = [];
  const title = lines(margin, 24, fill(t.title, { host }), W - 2 * margin, { weight: true, size: FONT.heading });
  body.push(title.svg);
  const top = 24 + (title.count - 1) * lineHeight(FONT.heading) + 16;
  let bottom: number;
  if (W >= 560) {
    // Host paths on the left, containers on the right, a link from each path to where it is mounted.
    const hostX = margin;
    const hostW = Math.round((W - 2 * margin - 40) * 0.53);
    const conX = hostX + hostW + 40;
    const conW = W - margin - conX;

    const hostRowY: Record<string, number> = {};
    const hostHead = lines(hostX + 12, top + 20, fill(t.hostSide, { host }), hostW - 24, { weight: true });
    const rows: string[] = [hostHead.svg];
    let hy = top + 20 + (hostHead.count - 1) * LH + 12;
    if (hostRows.length === 0) {
      const none = lines(hostX + 12, hy + LH, t.hostNone, hostW - 24, { cls: 'pbd-muted' });
      rows.push(none.svg);
      hy += none.count * LH + 10;
    }
    for (const r of hostRows) {
      const path = wrap(shortPath(r.path), hostW - 36, S, true);
      const caption = wrap(r.caption, hostW - 36, S);
      const h = 8 + (path.length + caption.length) * LHS + 2;
      hostRowY[r.key] = hy + h / 2;
      rows.push(
        box({ x: hostX + 8, y: hy, w: hostW - 16, h, tone: TONE[r.kind], id: `${id}-host-${slug(r.kind + '-' + r.path)}` },
          ...path.map((line, i) => label(hostX + 18, hy + 4 + LHS * (i + 1) - 3, line, hostW - 36, { mono: true, size: S, tone: TONE[r.kind], weight: true })),
          ...caption.map((line, i) => label(hostX + 18, hy + 4 + LHS * (path.length + i + 1) - 3, line, hostW - 36, { size: S, tone: TONE[r.kind] })),
        ),
      );
      hy += h + 6;
    }
    const hostH = hy - top + 4;

    const conHead = lines(conX + 12, top + 20, t.containers, conW - 24, { weight: true });
    const conParts: string[] = [conHead.svg];
    const links: string[] = [];
    const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
    let y = top + 20 + (conHead.count - 1) * LH + 12;
    if (shown.length === 0) {
      const none = lines(conX + 12, y + LH, t.none, conW - 24, { cls: 'pbd-muted' });
      conParts.push(none.svg);
      y += none.count * LH + 10;
    }
    for (const item of shown) {
      const name = wrap(item.name, conW - 40, FONT.body, true);
      conParts.push(dot(conX + 16, y + LH - 7, 4.5, item.running ? 'green' : 'gray'), ...name.map((line, i) => label(conX + 26, y + LH - 3 + i * LH, line, conW - 40, { mono: true, weight: true })));
      y += name.length * LH + 6;
      for (const m of item.mounts) {
        const tone = TONE[m.kind];
        const target = wrap(targetOf(m), conW - 36, S, true);
        const h = 10 + target.length * LHS;
        conParts.push(box({ x: conX + 8, y, w: conW - 16, h, tone, id: `${id}-${slug(item.name)}-${slug(m.target)}` }, ...target.map((line, i) => label(conX + 18, y + 5 + LHS * (i + 1) - 3, line, conW - 36, { mono: true, size: S, tone, weight: m.readOnly }))));
        const from = hostRowY[`${m.kind}:${m.source}`];
        if (from !== undefined) {
          const d = link({ source: [hostX + hostW - 8, from], target: [conX + 8, y + h / 2] });
          links.push(el('path', { d: roundPath(d ?? ''), class: `pbd-line pbd-stroke-${tone}${m.readOnly ? ' pbd-dashed' : ''}`, 'marker-end': `url(#${id}-arrow)` }));
        }
        y += h + 6;
      }
      y += 6;
    }
    if (items.length > shown.length) {
      conParts.push(label(conX + 12, y + LHS - 4, fill(t.more, { n: items.length - shown.length }), conW - 24, { size: S, cls: 'pbd-muted' }));
      y += LHS + 2;
    }
    const conH = y - top + 2;
    body.push(box({ x: hostX, y: top, w: hostW, h: Math.max(hostH, conH), tone: 'gray', id: `${id}-host` }, ...rows));
    body.push(box({ x: conX, y: top, w: conW, h: Math.max(hostH, conH), tone: 'gray', id: `${id}-containers` }, ...conParts));
    body.push(...links);
    bottom = top + Math.max(hostH, conH);
  } else {
    // A phone's column: each container with its mounts, under each mount the host path it comes
    // from (a volume two containers share shows under both, with the same path).
    const inner = W - 2 * margin - 40;
    let y = top;
    if (shown.length === 0) {
      const none = lines(margin, y + LH, t.none, W - 2 * margin, { cls: 'pbd-muted' });
      body.push(none.svg);
      y += none.count * LH + 10;
    }
    for (const item of shown) {
      const name = wrap(item.name, W - 2 * margin - 40, FONT.body, true);
      const parts = [dot(margin + 14, y + LH - 3, 4.5, item.running ? 'green' : 'gray'), ...name.map((line, i) => label(margin + 26, y + LH + 1 + i * LH, line, W - 2 * margin - 40, { mono: true, weight: true }))];
      let cy = y + 8 + name.length * LH + 4;
      for (const m of item.mounts) {
        const tone = TONE[m.kind];
        const target = wrap(targetOf(m), inner, S, true);
        const from = wrap(`←\u00a0${shortPath(m.source)}`, inner, S, true);
        const caption = wrap(captionOf(m, item.name), inner, S);
        const h = 8 + (target.length + from.length + caption.length) * LHS + 2;
        const row = (texts: string[], start: number, o: { weight?: boolean; mono?: boolean }): string[] => texts.map((line, i) => label(margin + 20, cy + 4 + LHS * (start + i + 1) - 3, line, inner, { size: S, tone, ...o }));
        parts.push(
          box({ x: margin + 10, y: cy, w: W - 2 * margin - 20, h, tone, id: `${id}-${slug(item.name)}-${slug(m.target)}` },
            ...row(target, 0, { mono: true, weight: true }),
            ...row(from, target.length, { mono: true }),
            ...row(caption, target.length + from.length, {}),
          ),
        );
        cy += h + 6;
      }
      body.push(box({ x: margin, y, w: W - 2 * margin, h: cy - y + 4, tone: 'gray', id: `${id}-c-${slug(item.name)}` }, ...parts));
      y = cy + 14;
    }
    if (items.length > shown.length) {
      body.push(label(margin, y + LHS - 4, fill(t.more, { n: items.length - shown.length }), W - 2 * margin, { size: S, cls: 'pbd-muted' }));
      y += LHS + 4;
    }
    bottom = y - 10;
  }

  // Legend: a swatch and its meaning, as many to a row as fit.
  const legend: [Kind, string][] = [['volume', t.legendVolume], ['bind', t.legendBind], ['layer', t.legendLayer]];
  const legendTop = bottom + 14;
  const placed = flow(legend.map(([, text]) => ({ w: 22 + textWidth(text, S), h: LHS })), margin, legendTop, W - 2 * margin, 24, 4);
  legend.forEach(([kind, text], i) => {
    const b = placed.boxes[i] as (typeof placed.boxes)[number];
    body.push(el('rect', { x: b.x, y: b.y + 2, width: 14, height: 12, rx: 2, class: `pbd-${TONE[kind]}` }), label(b.x + 20, b.y + LHS - 3, text, b.w - 20, { size: S }));
  });
  let height = legendTop + placed.height + 10;
  if (isStatic) {
    const note = lines(margin, height + LHS - 4, t.static, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(note.svg);
    height += note.count * LHS + 4;
  }

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
