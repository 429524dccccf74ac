/**
 * `POST /build` with the classic builder: the context arrives as a tar, the Dockerfile's steps run
 * one by one — each in a container made from the previous step's image and committed, RUN really
 * running the simulated programs — with the classic `Step n/m : ...` stream and its build cache.
 * Every stage up to `--target` runs (FROM scratch prints ` ---> ` with no id; COPY --from reads a
 * finished stage's image); `q=1` keeps the steps back and answers with the image id alone.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { shortId } from '../../core/ids.ts';
import { decodeTar, textToBytes, type TarEntry } from '../../programs/coreutils/tar-format.ts';
import { familiarString, parseReference, withDefaultTag } from '../image/reference.ts';
import { commitContainer } from './commit.ts';
import { containerRoutes } from './containers.ts';
import { findImage, pullImage } from './images.ts';
import { removeContainer } from './lifecycle.ts';
import { baseHeaders } from './reply.ts';
import { buildkitRoute } from './buildkit.ts';
import { healthcheckHistory, parseHealthcheck } from './health.ts';
import type { EngineState, ImageRecord } from './state.ts';

interface Step {
  word: string;
  args: string;
}

/** Dockerfile lines: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Step[] | string {
  const steps: Step[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (pending === '' && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      pending += line.replace(/\\\s*$/, '') + ' ';
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const m = /^(\S+)\s*(.*)$/s.exec(full);
    if (!m) continue;
    steps.push({ word: (m[1] as string).toUpperCase(), args: (m[2] as string).trim() });
  }
  if (steps.length === 0) return 'the Dockerfile (Dockerfile) cannot be empty';
  const known = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
  for (const s of steps) if (!known.has(s.word)) return `dockerfile parse error on line 1: unknown instruction: ${s.word}`;
  if (steps.find((s) => s.word !== 'ARG')?.word !== 'FROM') return 'No build stage in current context';
  return steps;
}

/** `["a","b"]` as Go prints a string slice in history: `[a b]`. */
function goList(args: string): string {
  try {
    const list = JSON.parse(args) as string[];
    if (Array.isArray(list)) return `[${list.map((x) => `"${x}"`).join(' ')}]`;
  } catch {
    // Shell form.
  }
  return `["/bin/sh" "-c" "${args}"]`;
}

function internal(method: string, path: string, query: [string, string][] = [], body = ''): HttpRequest {
  return { method, path, query, headers: body === '' ? {} : { 'Content-Type': 'application/json' }, body };
}

export function buildRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  if (queryGet(req, 'version') === '2') return buildkitRoute(world, host, state, req);
  const out: string[] = [];
  const stream = (text: string): void => void out.push(JSON.stringify({ stream: text }));
  const fail = (message: string): HttpResponse => {
    dropScratch(state);
    out.push(JSON.stringify({ errorDetail: { message }, error: message }));
    return reply(out);
  };
  let entries: TarEntry[];
  try {
    entries = decodeTar(textToBytes(req.body));
  } catch {
    return fail('failed to read the build context');
  }
  const file = (name: string): TarEntry | undefined => entries.find((e) => e.name.replace(/^\.\//, '') === name.replace(/^\.\//, ''));
  const dockerfileName = queryGet(req, 'dockerfile') || 'Dockerfile';
  const dockerfile = file(dockerfileName);
  if (!dockerfile) return { status: 500, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ message: `Cannot locate specified Dockerfile: ${dockerfileName}` }) + '\n' };
  const steps = parseDockerfile(dockerfile.data ?? '');
  if (typeof steps === 'string') return { status: 400, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ message: steps }) + '\n' };
  // `--target`: the stages after it are not built (nor counted in `Step n/m`).
  const target = queryGet(req, 'target');
  if (target) {
    const at = steps.findIndex((st) => st.word === 'FROM' && stageName(st.args) === target.toLowerCase());
    if (at < 0) return { status: 500, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ message: `failed to reach build target ${target} in Dockerfile` }) + '\n' };
    const next = steps.findIndex((st, k) => k > at && st.word === 'FROM');
    if (next >= 0) steps.splice(next);
  }
  const total = steps.length;
  let image: ImageRecord | undefined;
  const args: Record<string, string> = {};
  /** Finished stages by name and by index, for FROM <stage> and COPY --from. */
  const stageImages: Record<string, ImageRecord> = {};
  let stageCount = 0;
  let currentName: string | undefined;
  const endStage = (): void => {
    if (!image) return;
    stageImages[String(stageCount - 1)] = image;
    if (currentName !== undefined) stageImages[currentName] = image;
  };
  /** FROM scratch: an empty image while the build runs (its children name no parent). */
  const scratch = (): ImageRecord => (state.images[SCRATCH_ID] ??= { id: SCRATCH_ID, repoTags: [], repoDigests: [], created: 0, config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] }, history: [], layers: [], size: 0, parent: '', comment: '', author: '', dockerVersion: '' });
  for (let i = 0; i < steps.length; i++) {
    const { word, args: text } = steps[i] as Step;
    const expanded = text.replace(/\$\{?(\w+)\}?/g, (m, k: string) => args[k] ?? (word === 'RUN' ? m : ''));
    stream(`Step ${i + 1}/${total} : ${word} ${text}\n`);
    if (word === 'ARG') {
      const [k, v] = text.split('=') as [string, string | undefined];
      args[k.trim()] = v ?? '';
      if (!image) continue;
    }
    if (word === 'FROM') {
      endStage();
      stageCount++;
      currentName = stageName(expanded);
      const refText = expanded.split(/\s+/)[0] as string;
      if (refText.toLowerCase() === 'scratch') {
        image = scratch();
        stream(' ---> \n');
        continue;
      }
      image = stageImages[refText.toLowerCase()];
      if (image) {
        stream(` ---> ${shortId(image.id)}\n`);
        continue;
      }
      const parsed = parseReference(refText);
      if (!parsed.ok) return fail(parsed.error);
      const ref = withDefaultTag(parsed.ref);
      image = findImage(state, familiarString(ref));
      if (!image) {
        const pulled = pullImage(world, host, state, ref);
        if (!pulled.ok) return fail(pulled.message);
        for (const l of pulled.lines) out.push(JSON.stringify(l.msg));
        image = pulled.image;
      }
      stream(` ---> ${shortId(image.id)}\n`);
      continue;
    }
    // COPY --from=<stage>: the files come out of that stage's image instead of the context.
    const fromFlag = word === 'COPY' ? /(?:^|\s)--from=(\S+)/.exec(expanded)?.[1] : undefined;
    let sources = entries;
    let copyArgs = expanded;
    if (word === 'COPY') copyArgs = expanded.split(/\s+/).filter((w) => !w.startsWith('--')).join(' ');
    if (fromFlag !== undefined) {
      const from = stageImages[fromFlag.toLowerCase()] ?? copySourceImage(world, host, state, fromFlag, out);
      if (typeof from === 'string') return fail(`invalid from flag value ${fromFlag}: ${from}`);
      const files = imageFiles(world, host, state, from, copyArgs.split(/\s+/).slice(0, -1));
      if (typeof files === 'string') return fail(files);
      sources = files;
      copyArgs = copyArgs.split(/\s+/).map((w, k, all) => (k < all.length - 1 ? w.replace(/^\/+/, '') || '.' : w)).join(' ');
    }
    if (!image) return fail('No build stage in current context');
    const health = word === 'HEALTHCHECK' ? parseHealthcheck(text) : undefined;
    if (typeof health === 'string') return fail(health);
    const createdBy = health ? `/bin/sh -c #(nop)  HEALTHCHECK ${healthcheckHistory(health)}` : word === 'RUN' ? `/bin/sh -c ${expanded}` : word === 'COPY' || word === 'ADD' ? `/bin/sh -c #(nop) ${word} ${copyDigest(sources, copyArgs)} in ${copyArgs.split(/\s+/).at(-1)} ` : `/bin/sh -c #(nop)  ${word} ${word === 'CMD' || word === 'ENTRYPOINT' ? goList(expanded) : expanded}`;
    const cacheKey = `${image.id}\n${createdBy}`;
    const noCache = queryGet(req, 'nocache') === '1' || queryGet(req, 'nocache') === 'true';
    const cached = noCache ? undefined : Object.values(state.images).find((im) => im.cacheKey === cacheKey);
    if (cached) {
      stream(' ---> Using cache\n');
      stream(` ---> ${shortId(cached.id)}\n`);
      image = cached;
      continue;
    }
    const cmd = word === 'RUN' ? ['/bin/sh', '-c', expanded] : ['/bin/sh', '-c', `#(nop) ${word} ${expanded}`];
    const created = containerRoutes(world, host, state, internal('POST', '/create', [], JSON.stringify({ Image: image.id, Cmd: cmd, Entrypoint: word === 'RUN' ? [] : null, Labels: {} })), '/create');
    if (!created || created.status !== 201) return fail(created ? (JSON.parse(created.body) as { message: string }).message : 'create failed');
    const id = (JSON.parse(created.body) as { Id: string }).Id;
    const c = state.containers[id]!;
    // COPY and ADD write into a layer of their own: dockerd makes no container for them, so says nothing of one.
    const copies = word === 'COPY' || word === 'ADD';
    if (!copies) stream(` ---> Running in ${shortId(id)}\n`);
    if (word === 'RUN') {
      const started = containerRoutes(world, host, state, internal('POST', `/${id}/start`), `/${id}/start`);
      for (const l of c.logs) stream(l.text);
      if (started && started.status >= 400) {
        removeContainer(world, host, state, c);
        return fail((JSON.parse(started.body) as { message: string }).message);
      }
      if (c.state.exitCode !== 0) {
        return fail(`The command '${cmd.join(' ')}' returned a non-zero code: ${c.state.exitCode}`);
      }
    } else if (word === 'COPY' || word === 'ADD') {
      const copied = copyFromContext(host, c.id, sources, copyArgs);
      if (copied !== undefined) {
        removeContainer(world, host, state, c);
        return fail(copied);
      }
    }
    const change = word === 'RUN' || word === 'COPY' || word === 'ADD' || word === 'ARG' || word === 'MAINTAINER' ? [] : [`${word} ${health ? text : expanded}`];
    const committed = commitContainer(world, host, state, c, { changes: change, createdBy, cacheKey, metadataOnly: !(word === 'RUN' || word === 'COPY' || word === 'ADD'), keepCmd: true });
    removeContainer(world, host, state, c);
    if (!copies) stream(` ---> Removed intermediate container ${shortId(id)}\n`);
    if (typeof committed === 'string') return fail(committed);
    image = committed;
    stream(` ---> ${shortId(image.id)}\n`);
  }
  if (!image) return fail('No build stage in current context');
  dropScratch(state);
  out.push(JSON.stringify({ aux: { ID: image.id } }));
  stream(`Successfully built ${shortId(image.id)}\n`);
  for (const t of [...new Set(req.query.filter(([k]) => k === 't').map(([, v]) => v))]) {
    const parsed = parseReference(t);
    if (!parsed.ok) return fail(parsed.error);
    const name = familiarString(withDefaultTag(parsed.ref));
    for (const other of Object.values(state.images)) other.repoTags = other.repoTags.filter((x) => x !== name);
    image.repoTags.push(name);
    stream(`Successfully tagged ${name}\n`);
  }
  // `q=1`: the steps went to a buffer the daemon sends only when the build fails; now just the id.
  if (queryGet(req, 'q') === '1' || queryGet(req, 'q') === 'true') return reply([JSON.stringify({ stream: `${image.id}\n` })]);
  return reply(out);
}

/**
 * Copies `SRC... DEST` from the context tar into a container's writable layer (COPY and ADD of
 * both builders); returns the classic builder's error text when a source is missing.
 */
export function copyFromContext(host: Host, containerId: string, entries: TarEntry[], args: string): string | undefined {
  const parts = args.split(/\s+/);
  const dest = parts.pop() as string;
  const ov = host.overlay(containerId);
  for (const src of parts) {
    const matches = entries.filter((e) => e.name.replace(/^\.\//, '').replace(/\/$/, '') === src.replace(/^\.\//, '').replace(/\/$/, '') || (src === '.' && e.type === 'file') || e.name.replace(/^\.\//, '').startsWith(src.replace(/^\.\//, '').replace(/\/$/, '') + '/'));
    if (matches.length === 0) return `COPY failed: file not found in build context or excluded by .dockerignore: stat ${src}: file does not exist`;
    for (const e of matches) {
      if (e.type !== 'file') continue;
      const rel = e.name.replace(/^\.\//, '');
      const base = src === '.' ? rel : rel.startsWith(src.replace(/\/$/, '') + '/') ? rel.slice(src.replace(/\/$/, '').length + 1) : rel.slice(rel.lastIndexOf('/') + 1);
      const target = dest.endsWith('/') || parts.length > 1 || src === '.' || rel !== src.replace(/^\.\//, '') ? `${dest.replace(/\/$/, '')}/${base}` : dest;
      const segs = target.split('/').filter(Boolean);
      for (let k = 1; k < segs.length; k++) if (!ov.lookup(segs.slice(0, k))) ov.mkdir(segs.slice(0, k), 0o755, 0, 0);
      ov.write(segs, e.data ?? '', { mode: e.mode, uid: 0, gid: 0, ...(e.prog ? { prog: e.prog } : {}), ...(e.size !== undefined ? { size: e.size } : {}) }, false);
    }
  }
  return undefined;
}

function copyDigest(entries: TarEntry[], args: string): string {
  const srcs = args.split(/\s+/).slice(0, -1);
  const data = entries.filter((e) => srcs.some((s) => e.name.replace(/^\.\//, '').startsWith(s.replace(/^\.\//, '')))).map((e) => `${e.name}\n${e.data ?? ''}`).join('\n');
  // One source that is a file is `file:`; a directory, `.` or several sources are `dir:`.
  const one = srcs.length === 1 ? (srcs[0] as string).replace(/^\.\//, '') : undefined;
  const isFile = one !== undefined && entries.some((e) => e.type === 'file' && e.name.replace(/^\.\//, '') === one);
  return `${isFile ? 'file' : 'dir'}:${sha256Hex(data)}`;
}

const SCRATCH_ID = `sha256:${sha256Hex('podbook classic builder scratch')}`;

/** The stand-in for scratch goes when the build ends; images built on it have no parent. */
function dropScratch(state: EngineState): void {
  delete state.images[SCRATCH_ID];
  for (const im of Object.values(state.images)) if (im.parent === SCRATCH_ID) im.parent = '';
}

/** `FROM image AS name`: the stage's name, lowercased (names are case-insensitive). */
function stageName(args: string): string | undefined {
  const words = args.trim().split(/\s+/);
  return words.length === 3 && (words[1] as string).toLowerCase() === 'as' ? (words[2] as string).toLowerCase() : undefined;
}

/**
 * The files under `paths` of a file system as tar entries, as both builders copy them out of an
 * image or a stage; `missing` is the first path that is not there.
 */
export function treeEntries(fs: Vfs, paths: string[]): { entries: TarEntry[]; missing?: string } {
  const entries: TarEntry[] = [];
  let missing: string | undefined;
  const walk = (abs: string): void => {
    const node = fs.tryStat(abs, false);
    if (!node) return;
    const name = abs.replace(/^\/+/, '');
    const common = { mode: node.mode, uid: 0, gid: 0, uname: '', gname: '', mtime: Math.floor(node.mtime / 1000) };
    if (node.type === 'dir') {
      if (name !== '') entries.push({ name: `${name}/`, type: 'dir', ...common });
      for (const child of fs.readdir(abs)) walk(`${abs === '/' ? '' : abs}/${child}`);
    } else if (node.type === 'symlink') entries.push({ name, type: 'symlink', linkname: node.target ?? '', ...common });
    else if (node.type === 'file') entries.push({ name, type: 'file', data: node.data ?? '', ...(node.size !== undefined ? { size: node.size } : {}), ...(node.prog ? { prog: node.prog } : {}), ...common });
  };
  for (const p of paths) {
    const abs = `/${p.replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/';
    if (!fs.tryStat(abs, false)) missing ??= abs;
    else walk(abs);
  }
  return missing === undefined ? { entries } : { entries, missing };
}

/** The files under `paths` in an image, as context-like entries (read through a container of it). */
function imageFiles(world: World, host: Host, state: EngineState, image: ImageRecord, paths: string[]): TarEntry[] | string {
  const created = containerRoutes(world, host, state, internal('POST', '/create', [], JSON.stringify({ Image: image.id, Cmd: ['/bin/sh', '-c', '#(nop)'], Labels: {} })), '/create');
  if (!created || created.status !== 201) return created ? (JSON.parse(created.body) as { message: string }).message : 'create failed';
  const id = (JSON.parse(created.body) as { Id: string }).Id;
  const { entries, missing } = treeEntries(host.overlayView(id, true), paths);
  removeContainer(world, host, state, state.containers[id]!);
  return missing === undefined ? entries : `COPY failed: stat ${missing}: file does not exist`;
}

/**
 * COPY --from=<name> that names no finished stage: a stage index past the ones built is an error;
 * anything else is an image, used when it is here and pulled (its progress in the build's output)
 * when it is not, as the classic builder's image sources prefer a local image.
 */
function copySourceImage(world: World, host: Host, state: EngineState, name: string, out: string[]): ImageRecord | string {
  if (/^-?\d+$/.test(name)) return `invalid stage index ${Number(name)}`;
  const parsed = parseReference(name);
  if (!parsed.ok) return parsed.error;
  const ref = withDefaultTag(parsed.ref);
  const local = findImage(state, familiarString(ref));
  if (local) return local;
  const pulled = pullImage(world, host, state, ref);
  if (!pulled.ok) return pulled.message;
  for (const l of pulled.lines) out.push(JSON.stringify(l.msg));
  return pulled.image;
}

function reply(lines: string[]): HttpResponse {
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: lines.map((l) => l + '\r\n').join('') };
}
