/**
 * An image's layer stack: the read-only layers of a real image in the lab (short digest, size and
 * the build instruction that made each, from the image's history), the container's read/write
 * layer on top, and the files that layer holds. A file the container changed that exists in a
 * lower layer is marked as copied up (copy-on-write); a deletion is a whiteout.
 */
import { scaleSqrt } from 'd3';
import { frame } from './shared/frame.ts';
import {
  containerName,
  containersOldestFirst,
  defaultHost,
  engineOf,
  findContainer,
  findImage,
  humanSize,
  imageLabel,
  imagesByName,
  kernelOf,
  shortHex,
  upperChanges,
  type EngineContainer,
  type EngineImage,
  type EngineView,
  type LabState,
} from './shared/lab.ts';
import { box, label } from './shared/shapes.ts';
import { group, rect, slug } from './shared/svg.ts';
import type { Tone } from './shared/theme.ts';
import { fill, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Image layers of {image}',
    titleStatic: 'Image layers (example)',
    rw: 'Container layer (read/write): {name}',
    rwNone: 'A container adds its own read/write layer here',
    ro: 'image, read-only',
    kernel: 'Host kernel (shared by every container)',
    copied: 'copied up',
    added: 'new',
    deleted: 'deleted (whiteout)',
    noChanges: 'no changes yet: every read comes from the layers below',
    more: '+{n} more',
    static: 'Example only: no image in the lab yet. Pull one (docker pull httpd) to see its real layers.',
    desc: 'Image {image} ({id}) is a stack of {n} read-only layers, bottom to top: {layers}.',
    descRw: 'Container {name} adds a read/write layer on top ({size}). {changes}',
    descChanges: 'Files in it: {list}.',
    descNoChanges: 'It holds no changes yet.',
    descNoRw: 'No container runs from this image yet; one would add a thin read/write layer on top.',
    descStatic: 'No image is in the lab yet, so an example stack is shown: a base layer, layers from RUN and COPY instructions, and a container read/write layer on top.',
    empty: 'empty layer',
  },
  'zh-cn': {
    title: '{image} 的镜像分层',
    titleStatic: '镜像分层（示例）',
    rw: '容器层（可读写）：{name}',
    rwNone: '容器会在这里加上自己的可读写层',
    ro: '镜像层，只读',
    kernel: '宿主机内核（所有容器共享）',
    copied: '写时复制',
    added: '新建',
    deleted: '已删除（whiteout）',
    noChanges: '还没有修改：读取都来自下面的层',
    more: '还有 {n} 个',
    static: '仅为示例：实验环境中还没有镜像。拉取一个（docker pull httpd）即可看到真实的分层。',
    desc: '镜像 {image}（{id}）由 {n} 个只读层叠成，自下而上：{layers}。',
    descRw: '容器 {name} 在最上面加了一个可读写层（{size}）。{changes}',
    descChanges: '其中的文件：{list}。',
    descNoChanges: '其中还没有修改。',
    descNoRw: '还没有容器从这个镜像运行；运行后会在最上面加一个很薄的可读写层。',
    descStatic: '实验环境中还没有镜像，所以这里显示一个示例：基础层、由 RUN 和 COPY 指令生成的层，以及最上面的容器可读写层。',
    empty: '空层',
  },
};

interface LayerRow {
  digest: string;
  size: number;
  instruction: string;
  /** Paths the layer holds (for finding where a copied-up file came from). */
  files: string[];
}

interface Change {
  path: string;
  kind: 'copied' | 'added' | 'deleted';
}

/** The build step as a reader would write it in a Dockerfile. */
export function instructionOf(createdBy: string): string {
  let s = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s+/, '').replace(/\s+# buildkit$/, '');
  if (s.startsWith('/bin/sh -c ')) s = `RUN ${s.slice('/bin/sh -c '.length)}`;
  s = s.replace(/^RUN \/bin\/sh -c /, 'RUN ');
  return s.replace(/\s+/g, ' ').trim();
}

function layerRows(engine: EngineView, image: EngineImage): LayerRow[] {
  const steps = image.history.filter((h) => !h.emptyLayer);
  return image.layers.map((diffId, i) => {
    const rec = engine.layers[diffId];
    const step = steps[i];
    return {
      digest: shortHex(rec?.digest ?? diffId),
      size: rec?.size ?? step?.size ?? 0,
      instruction: step ? instructionOf(step.createdBy) : '',
      files: Object.keys(rec?.files ?? {}),
    };
  });
}

const EXAMPLE: LayerRow[] = [
  { digest: 'base', size: 74_813_436, instruction: 'debian bookworm root filesystem', files: [] },
  { digest: 'run-1', size: 5_214_560, instruction: 'RUN apt-get install -y ca-certificates …', files: [] },
  { digest: 'run-2', size: 62_953_094, instruction: 'RUN build and install httpd', files: [] },
  { digest: 'copy', size: 138, instruction: 'COPY httpd-foreground /usr/local/bin/', files: [] },
];

/** The container whose R/W layer is drawn: the one asked for, else the newest of this image. */
function pickContainer(engine: EngineView, image: EngineImage, ref: string | undefined): EngineContainer | undefined {
  const asked = findContainer(engine, ref);
  if (asked) return asked;
  return containersOldestFirst(engine)
    .filter((c) => c.imageId === image.id)
    .at(-1);
}

function pickImage(engine: EngineView, opts: DiagramOptions): EngineImage | undefined {
  const asked = findImage(engine, opts.image);
  if (asked) return asked;
  const c = findContainer(engine, opts.container) ?? containersOldestFirst(engine).at(-1);
  if (c && engine.images[c.imageId]) return engine.images[c.imageId];
  return imagesByName(engine)[0];
}

/**
 * Paths the runtime mounts over the root (bind-mounted /etc files, /dev, /proc, /sys): Docker keeps
 * them in the container's init layer, so `docker diff` never lists them, and neither does this.
 */
const INIT_PATHS = ['/dev', '/proc', '/sys', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/.dockerenv'];

const W = 760;

function cut(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
const ROW = 40;
const MAX_CHANGES = 6;

export function imageLayers(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'image-layers';
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const image = engine ? pickImage(engine, opts) : undefined;
  const isStatic = !engine || !image;
  const rows = engine && image ? layerRows(engine, image) : EXAMPLE;
  const container = engine && image ? pickContainer(engine, image, opts.container) : undefined;

  // Files in the container's upper layer: from the kernel's overlay when the engine uses one.
  const changes: Change[] = [];
  let sizeRw = 0;
  if (container) {
    const kernel = kernelOf(state, host);
    const overlay = kernel?.overlays[container.id] ?? kernel?.overlays[container.layerId];
    const lowerFiles = new Set(rows.flatMap((r) => r.files));
    for (const ch of upperChanges(overlay?.upper)) {
      if (INIT_PATHS.some((m) => ch.path === m || ch.path.startsWith(`${m}/`))) continue;
      changes.push({ path: ch.path, kind: ch.deleted ? 'deleted' : lowerFiles.has(ch.path) ? 'copied' : 'added' });
      sizeRw += ch.size;
    }
  }

  const imageName = image ? imageLabel(image) : 'httpd:latest';
  const sizeScale = scaleSqrt().domain([0, Math.max(1, ...rows.map((r) => r.size))]).range([2, 110]);
  const left = 150;
  const stackW = W - left - 16;
  const rwH = container ? 36 + Math.max(1, Math.min(changes.length, MAX_CHANGES)) * 20 + (changes.length > MAX_CHANGES ? 14 : 0) : 40;
  const top = 40;
  const roTop = top + rwH + 14;
  const roH = rows.length * ROW;
  const kernelTop = roTop + roH + 14;
  const height = kernelTop + 34 + (isStatic ? 30 : 12);

  const body: string[] = [];
  body.push(label(16, 24, isStatic ? t.titleStatic : fill(t.title, { image: imageName }), W - 32, { weight: true, size: 14 }));

  // The container's R/W layer.
  const rwTone: Tone = 'green';
  const rwRows: string[] = [];
  if (container) {
    rwRows.push(label(left + 12, top + 20, fill(t.rw, { name: containerName(container) }), stackW - 130, { tone: rwTone, weight: true }));
    rwRows.push(label(left + stackW - 12, top + 20, humanSize(sizeRw), 110, { tone: rwTone, anchor: 'end', mono: true }));
    if (changes.length === 0) rwRows.push(label(left + 12, top + 40, t.noChanges, stackW - 24, { tone: rwTone, size: 11 }));
    changes.slice(0, MAX_CHANGES).forEach((ch, i) => {
      const x = left + 14;
      const y = top + 42 + i * 20;
      const tone: Tone = ch.kind === 'copied' ? 'orange' : ch.kind === 'deleted' ? 'red' : 'green';
      rwRows.push(
        group(
          { id: `${id}-cow-${slug(ch.path)}`, class: `pbd-cow-${ch.kind}` },
          rect(x - 4, y - 12, stackW - 28, 17, { rx: 3, class: `pbd-${tone}` }),
          label(x, y, t[ch.kind], 120, { size: 11, tone, weight: true }),
          label(x + 126, y, ch.path, stackW - 28 - 136, { mono: true, size: 11, tone }),
        ),
      );
    });
    if (changes.length > MAX_CHANGES) rwRows.push(label(left + stackW - 12, top + rwH - 6, fill(t.more, { n: changes.length - MAX_CHANGES }), 100, { size: 11, anchor: 'end', tone: rwTone }));
  } else {
    rwRows.push(label(left + 12, top + 24, t.rwNone, stackW - 24, { tone: rwTone }));
  }
  body.push(box({ x: left, y: top, w: stackW, h: rwH, tone: rwTone, dashed: !container, id: `${id}-rw` }, ...rwRows));
  body.push(label(16, top + 20, 'R/W', left - 28, { weight: true }));
  body.push(label(16, top + 36, container ? containerName(container) : '', left - 28, { mono: true, size: 11, cls: 'pbd-muted' }));

  // Read-only layers, top of the stack first.
  body.push(label(16, roTop + 20, 'R/O', left - 28, { weight: true }));
  body.push(label(16, roTop + 36, t.ro, left - 28, { size: 11, cls: 'pbd-muted' }));
  [...rows].reverse().forEach((row, i) => {
    const y = roTop + i * ROW;
    const n = rows.length - i;
    body.push(
      box(
        { x: left, y, w: stackW, h: ROW - 4, tone: 'blue', id: `${id}-layer-${n}-${slug(row.digest)}` },
        label(left + 10, y + 16, `${n}. ${row.digest}`, 140, { mono: true, tone: 'blue', weight: true }),
        label(left + 10, y + 30, row.size === 0 ? `0B · ${t.empty}` : humanSize(row.size), 140, { size: 11, tone: 'blue' }),
        label(left + 150, y + 22, row.instruction, stackW - 150 - 130, { mono: true, size: 11, tone: 'blue' }),
        rect(left + stackW - 10 - sizeScale(row.size), y + 12, sizeScale(row.size), 12, { rx: 2, class: 'pbd-fill-blue' }),
      ),
    );
  });
  // The kernel is not in the image: every container shares the host's.
  body.push(box({ x: left, y: kernelTop, w: stackW, h: 30, tone: 'gray', id: `${id}-kernel` }, label(left + 10, kernelTop + 20, t.kernel, stackW - 20, {})));
  body.push(label(16, kernelTop + 20, 'bootfs', left - 28, { weight: true }));
  if (isStatic) body.push(label(16, height - 12, t.static, W - 32, { size: 11, cls: 'pbd-muted' }));

  // Text alternative.
  let desc: string;
  if (isStatic || !image) desc = t.descStatic;
  else {
    const list = rows.map((r, i) => `${i + 1}. ${r.digest} ${humanSize(r.size)} ${cut(r.instruction, 80)}`.trim()).join('; ');
    desc = fill(t.desc, { image: imageName, id: shortHex(image.id), n: rows.length, layers: list });
    if (container) {
      const ch = changes.length ? fill(t.descChanges, { list: changes.map((c) => `${c.path} (${t[c.kind]})`).join(', ') }) : t.descNoChanges;
      desc += ' ' + fill(t.descRw, { name: containerName(container), size: humanSize(sizeRw), changes: ch });
    } else desc += ' ' + t.descNoRw;
  }
  return frame({ id, name: 'image-layers', width: W, height, title: isStatic ? t.titleStatic : fill(t.title, { image: imageName }), desc, isStatic, body: body.join('') });
}

export default imageLayers;
