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
import { box, label, lineHeight, lines } from './shared/shapes.ts';
import { group, rect, slug } from './shared/svg.ts';
import { textWidth, wrap } from './shared/text.ts';
import { FONT, type Tone } from './shared/theme.ts';
import { fill, layoutWidth, strings, type DiagramOptions } from './shared/types.ts';

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

const MAX_CHANGES = 6;
/** Lines of a build step shown per layer (the rest is cut with an ellipsis, in the picture and its text). */
const STEP_LINES = 2;

export function imageLayers(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'image-layers';
  const W = layoutWidth(opts);
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
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);
  const margin = 12;
  // Wide: the names of the parts (R/W, R/O, bootfs) in a column on the left. Narrow: over each part.
  const wide = W >= 480;
  const side = wide ? 100 : 0;
  const left = margin + side;
  const stackW = W - left - margin;
  const inner = stackW - 24;
  const barMax = wide ? 130 : 56;
  const sizeScale = scaleSqrt().domain([0, Math.max(1, ...rows.map((r) => r.size))]).range([2, barMax]);

  const body: string[] = [];
  const titleText = isStatic ? t.titleStatic : fill(t.title, { image: imageName });
  const title = lines(margin, 24, titleText, W - 2 * margin, { weight: true, size: FONT.heading });
  body.push(title.svg);
  let y = 24 + (title.count - 1) * lineHeight(FONT.heading) + 16;

  /** The name of a part: beside it (wide) or over it (narrow); returns where the part's box starts. */
  const part = (name: string, note: string, mono: boolean): number => {
    if (wide) {
      body.push(label(margin, y + 20, name, side - 12, { weight: true }));
      if (note) body.push(lines(margin, y + 20 + LHS + 2, note, side - 14, { size: S, cls: 'pbd-muted', mono }).svg);
      return y;
    }
    const heading = note ? `${name} · ${note}` : name;
    const head = lines(margin, y + 12, heading, W - 2 * margin, { weight: true });
    body.push(head.svg);
    return y + 12 + (head.count - 1) * LH + 8;
  };
  const sideHeight = (note: string, mono: boolean): number => (wide && note ? 20 + LHS * (1 + wrap(note, side - 14, S, mono).length) + 6 : 0);

  // The container's R/W layer.
  const rwTone: Tone = 'green';
  // The container's name beside R/W when it fits there (its box's heading names it anyway).
  const rwNote = container && (!wide || textWidth(containerName(container), S, true) <= side - 14) ? containerName(container) : '';
  const rwTop = part('R/W', rwNote, true);
  const rwRows: string[] = [];
  let ry = rwTop + 20;
  if (container) {
    const size = humanSize(sizeRw);
    const sizeW = textWidth(size, FONT.body, true);
    const head = lines(left + 12, ry, fill(t.rw, { name: containerName(container) }), inner - sizeW - 12, { tone: rwTone, weight: true });
    rwRows.push(head.svg, label(left + stackW - 12, ry, size, sizeW, { tone: rwTone, anchor: 'end', mono: true }));
    ry += (head.count - 1) * LH + 8;
    if (changes.length === 0) {
      const none = lines(left + 12, ry + LHS, t.noChanges, inner, { tone: rwTone, size: S });
      rwRows.push(none.svg);
      ry += none.count * LHS + 8;
    }
    const badgeW = Math.max(...(['copied', 'added', 'deleted'] as const).map((k) => textWidth(t[k], S) * 1.08)) + 12;
    changes.slice(0, MAX_CHANGES).forEach((ch) => {
      const tone: Tone = ch.kind === 'copied' ? 'orange' : ch.kind === 'deleted' ? 'red' : 'green';
      const rowW = inner + 4;
      // The path beside its badge where it fits, else on the lines under it.
      const beside = badgeW + textWidth(ch.path, S, true) + 8 <= rowW - 8;
      const pathLines = beside ? [ch.path] : wrap(ch.path, rowW - 20, S, true);
      const h = 6 + LHS * (beside ? 1 : 1 + pathLines.length);
      const base = ry + 3 + LHS - 4;
      rwRows.push(
        group(
          { id: `${id}-cow-${slug(ch.path)}`, class: `pbd-cow-${ch.kind}` },
          rect(left + 10, ry, rowW, h, { rx: 3, class: `pbd-${tone}` }),
          label(left + 16, base, t[ch.kind], badgeW, { size: S, tone, weight: true }),
          ...pathLines.map((line, i) => label(beside ? left + 16 + badgeW : left + 24, beside ? base : base + LHS * (i + 1), line, rowW - 20, { mono: true, size: S, tone })),
        ),
      );
      ry += h + 4;
    });
    if (changes.length > MAX_CHANGES) {
      rwRows.push(label(left + stackW - 12, ry + LHS - 4, fill(t.more, { n: changes.length - MAX_CHANGES }), inner, { size: S, anchor: 'end', tone: rwTone }));
      ry += LHS;
    }
    ry += 6;
  } else {
    const none = lines(left + 12, ry, t.rwNone, inner, { tone: rwTone });
    rwRows.push(none.svg);
    ry += (none.count - 1) * LH + 14;
  }
  const rwH = Math.max(ry - rwTop, sideHeight(rwNote, true));
  body.push(box({ x: left, y: rwTop, w: stackW, h: rwH, tone: rwTone, dashed: !container, id: `${id}-rw` }, ...rwRows));
  y = rwTop + rwH + 14;

  // Read-only layers, top of the stack first: digest and size, the build step under or beside them.
  const roTop = part('R/O', t.ro, false);
  const infoW = wide ? 150 : 0;
  const stepW = inner - infoW;
  const drawn: string[] = [];
  let ly = roTop;
  [...rows].reverse().forEach((row) => {
    const n = rows.indexOf(row) + 1;
    const size = row.size === 0 ? `0B · ${t.empty}` : humanSize(row.size);
    const step = wrap(row.instruction, stepW, S, true, STEP_LINES);
    drawn[n - 1] = step.join(' ');
    const h = wide ? Math.max(2, step.length) * LHS + 18 : LH + 12 + step.length * LHS + 4;
    const head = `${n}. ${row.digest}`;
    const parts = [label(left + 10, ly + 4 + LH - 3, head, infoW || inner, { mono: true, tone: 'blue', weight: true })];
    if (wide) {
      parts.push(label(left + 10, ly + 4 + LH + LHS - 1, size, infoW, { size: S, tone: 'blue' }));
      parts.push(...step.map((line, i) => label(left + 12 + infoW, ly + 5 + LHS * (i + 1) - 1, line, stepW, { mono: true, size: S, tone: 'blue' })));
    } else {
      parts.push(label(left + 18 + textWidth(head, FONT.body, true) * 1.08, ly + 4 + LH - 3, size, inner, { size: S, tone: 'blue' }));
      parts.push(...step.map((line, i) => label(left + 10, ly + 6 + LH + LHS * (i + 1) - 2, line, stepW, { mono: true, size: S, tone: 'blue' })));
    }
    // The layer's size as a bar: under the size (wide), or at the end of the first line (narrow).
    if (wide) parts.push(rect(left + 10, ly + h - 8, sizeScale(row.size), 4, { rx: 2, class: 'pbd-fill-blue' }));
    else parts.push(rect(left + stackW - 10 - sizeScale(row.size), ly + 9, sizeScale(row.size), 10, { rx: 2, class: 'pbd-fill-blue' }));
    body.push(box({ x: left, y: ly, w: stackW, h, tone: 'blue', id: `${id}-layer-${n}-${slug(row.digest)}` }, ...parts));
    ly += h + 4;
  });
  y = Math.max(ly - 4, roTop + sideHeight(t.ro, false)) + 14;

  // The kernel is not in the image: every container shares the host's.
  const kTop = part('bootfs', '', false);
  const kernel = lines(left + 10, kTop + 20, t.kernel, inner, {});
  body.push(box({ x: left, y: kTop, w: stackW, h: 12 + kernel.count * LH, tone: 'gray', id: `${id}-kernel` }, kernel.svg));
  y = kTop + 12 + kernel.count * LH + 8;
  if (isStatic) {
    const note = lines(margin, y + LHS, t.static, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(note.svg);
    y += note.count * LHS + 8;
  }
  const height = y + 4;

  // Text alternative: the build steps as drawn.
  let desc: string;
  if (isStatic || !image) desc = t.descStatic;
  else {
    const list = rows.map((r, i) => `${i + 1}. ${r.digest} ${humanSize(r.size)} ${drawn[i] ?? ''}`.trim()).join('; ');
    desc = fill(t.desc, { image: imageName, id: shortHex(image.id), n: rows.length, layers: list });
    if (container) {
      const ch = changes.length ? fill(t.descChanges, { list: changes.map((c) => `${c.path} (${t[c.kind]})`).join(', ') }) : t.descNoChanges;
      desc += ' ' + fill(t.descRw, { name: containerName(container), size: humanSize(sizeRw), changes: ch });
    } else desc += ' ' + t.descNoRw;
  }
  return frame({ id, name: 'image-layers', width: W, height, title: titleText, desc, isStatic, body: body.join('') });
}

export default imageLayers;
