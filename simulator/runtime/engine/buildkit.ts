/**
 * `POST /build?version=2`: the daemon's BuildKit builder (what `docker build` uses when the buildx
 * plugin drives the default `docker` builder). The Dockerfile becomes a chain of vertices — the
 * internal loads, `[n/m] FROM/RUN/COPY/ADD/WORKDIR`, `exporting to image` — each with its start and
 * end on the virtual clock, its statuses (`transferring dockerfile: 137B`, `naming to ...`) and, for
 * RUN, the program's output as timed log lines; the CLI draws BuildKit's displays from that trace.
 *
 * BuildKit keeps its own cache (not the classic builder's intermediate images): a step whose key —
 * the parent's key and the instruction with what it depends on — was built before is CACHED and
 * reuses that layer, so a rebuild of the same file writes the very same image id. The image config
 * is real-shaped (`created_by: RUN /bin/sh -c ... # buildkit`, `comment: buildkit.dockerfile.v0`,
 * no parent image) and its id is the sha256 of that config, as moby's exporter writes it.
 *
 * Stages: with more than one FROM, vertices are `[name n/m]` (`stage-N` for an unnamed stage) and
 * only the target (`--target`, else the last) and the stages it needs (FROM a stage, COPY --from)
 * are built; a stage FROM scratch or FROM another stage has no FROM vertex of its own.
 *
 * Podbook's wire: the context travels as the classic tar (BuildKit's session and gRPC transport are
 * not modelled) and the trace is one `moby.buildkit.trace` message whose `aux` is the status as JSON
 * (times in virtual ms) rather than base64 protobuf.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import { cloneFs, hasLayer, layerSize, putLayer } from '../../kernel/layers.ts';
import type { World } from '../../kernel/world.ts';
import { byCodePoint } from '../../core/format.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { decodeTar, textToBytes, type TarEntry } from '../../programs/coreutils/tar-format.ts';
import type { ImageConfigSpec } from '../hub/catalog.ts';
import type { HubHistory } from '../hub/index.ts';
import { familiarString, fullString, parseReference, withDefaultTag, type ImageRef } from '../image/reference.ts';
import { copyFromContext, treeEntries } from './build.ts';
import { containerRoutes } from './containers.ts';
import { findImage, pullImage } from './images.ts';
import { removeContainer } from './lifecycle.ts';
import { baseHeaders } from './reply.ts';
import { publishImage } from './sandbox.ts';
import { healthcheckHistory, parseHealthcheck } from './health.ts';
import type { EngineState, ImageRecord } from './state.ts';

export interface BkStatus {
  id: string;
  current: number;
  total: number;
  started: number;
  completed: number;
}

export interface BkLog {
  at: number;
  data: string;
}

export interface BkVertex {
  digest: string;
  name: string;
  /** Virtual ms; absent for a vertex of the graph that never started (after a failed step). */
  started?: number;
  completed?: number;
  cached: boolean;
  error: string;
  statuses: BkStatus[];
  logs: BkLog[];
  /** Dockerfile lint warnings (`JSONArgsRecommended: ... (line 4)`), on the build definition. */
  warnings?: string[];
}

/** Where a failing instruction is in the Dockerfile (BuildKit's source map), for the snippet. */
export interface BkSource {
  filename: string;
  data: string;
  start: number;
  end: number;
}

export interface BkTrace {
  vertexes: BkVertex[];
}

/** A layer BuildKit made, kept by cache key. */
interface CacheRecord {
  diffId: string;
  size: number;
  created: number;
}

interface BuildkitState {
  cache: Record<string, CacheRecord>;
}

function bkState(state: EngineState): BuildkitState {
  const holder = state as EngineState & { buildkit?: BuildkitState };
  return (holder.buildkit ??= { cache: {} });
}

export interface Instruction {
  word: string;
  args: string;
  /** The instruction as written, continuations joined (what a vertex is named after). */
  text: string;
  line: number;
  endLine: number;
}

/** BuildKit's Dockerfile parser, as far as Podbook needs it: lines, comments, continuations. */
export function parseInstructions(text: string): Instruction[] | string {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let pending = '';
  let startLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (/^\s*#/.test(line)) continue;
    if (pending === '' && line.trim() === '') continue;
    if (pending === '') startLine = i + 1;
    if (/\\\s*$/.test(line)) {
      pending += line.replace(/\\\s*$/, '');
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const m = /^(\S+)\s*(.*)$/s.exec(full) as RegExpExecArray;
    const word = (m[1] as string).toUpperCase();
    if (!KNOWN.has(word)) {
      const lower = (m[1] as string).toLowerCase();
      const near = suggest(lower, [...KNOWN].map((k) => k.toLowerCase()));
      return `dockerfile parse error on line ${startLine}: unknown instruction: ${lower}${near ? ` (did you mean ${near}?)` : ''}`;
    }
    out.push({ word, args: (m[2] as string).trim(), text: full, line: startLine, endLine: i + 1 });
  }
  if (pending.trim() !== '') {
    const full = pending.trim();
    const m = /^(\S+)\s*(.*)$/s.exec(full) as RegExpExecArray;
    out.push({ word: (m[1] as string).toUpperCase(), args: (m[2] as string).trim(), text: full, line: startLine, endLine: lines.length });
  }
  return out;
}

/** BuildKit's suggestion: the closest name within edit distance 2. */
function suggest(value: string, options: string[]): string | undefined {
  let best: string | undefined;
  let min = 3;
  for (const opt of options) {
    const d = levenshtein(value, opt);
    if (d < min) {
      best = opt;
      min = d;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length] as number;
}

const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** Fixed costs on the virtual clock (ms): BuildKit's bookkeeping steps take a few milliseconds. */
const COST = { load: 12, status: 8, metadataLocal: 20, metadataRemote: 600, from: 10, context: 15, exec: 180, file: 40, exportLayers: 90, write: 8, name: 6 } as const;

/** Bytes fsutil counts while streaming files: protobuf packets (STAT per entry, DATA, FIN). */
function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function field(bytes: number): number {
  return 1 + varintLength(bytes) + bytes;
}

export function transferSize(files: { path: string; size: number; mode: number; mtime: number; dir: boolean }[]): number {
  let total = 2; // the closing FIN packet
  for (const f of files) {
    const goMode = f.dir ? 0x80000000 + (f.mode & 0o7777) : f.mode & 0o7777;
    const stat = field(f.path.length) + 1 + varintLength(goMode) + (f.size > 0 && !f.dir ? 1 + varintLength(f.size) : 0) + 1 + varintLength(f.mtime * 1e6);
    total += field(stat);
    if (!f.dir) {
      if (f.size > 0) total += 2 + field(f.size);
      total += 2;
    }
  }
  return total;
}

/** `EXPOSE map[80/tcp:{}]`, `VOLUME [/data]`: Go's %v of a map or slice. */
function goMap(keys: string[]): string {
  return `map[${[...keys].sort(byCodePoint).map((k) => `${k}:{}`).join(' ')}]`;
}

/** Go's %q of a string slice: `["httpd" "-DFOREGROUND"]`. */
function goQuoted(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

function shellOrJson(text: string, shell: string[]): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch {
      // Not JSON: shell form.
    }
  }
  return [...shell, t];
}

/** `KEY=value KEY2="two words"` or the legacy `KEY value` form. */
function keyValues(text: string): [string, string][] {
  const t = text.trim();
  if (!/^[^\s=]+=/.test(t)) {
    const m = /^(\S+)\s*(.*)$/s.exec(t);
    return m ? [[m[1] as string, (m[2] as string).trim()]] : [];
  }
  const out: [string, string][] = [];
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    let v = m[2] as string;
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (v.startsWith("'")) v = v.slice(1, -1);
    out.push([m[1] as string, v]);
  }
  return out;
}

function parseBuildArgs(text: string | undefined): Record<string, string> {
  try {
    return JSON.parse(text || '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * The Dockerfile checks BuildKit 0.22 runs by default that Podbook's Dockerfiles can trip, in
 * `Rule: message (line N)` form; buildx shows them under the build definition and sums them up.
 */
export function lint(instructions: Instruction[]): string[] {
  const out: string[] = [];
  const shell = instructions.some((i) => i.word === 'SHELL');
  for (const ins of instructions) {
    const at = ` (line ${ins.line})`;
    if (ins.word === 'FROM') {
      // `FROM image AS name`: the keywords' casing should agree and the name be lowercase.
      const words = ins.text.split(/\s+/).filter((w) => !w.startsWith('--'));
      const from = words[0] as string;
      const as = words[2];
      if (as !== undefined && as.toLowerCase() === 'as') {
        if ((from === from.toLowerCase() ? as !== as.toLowerCase() : as !== as.toUpperCase())) out.push(`FromAsCasing: '${as}' and '${from}' keywords' casing do not match${at}`);
        const name = words[3];
        if (name !== undefined && name !== name.toLowerCase()) out.push(`StageNameCasing: Stage name '${name}' should be lowercase${at}`);
      }
    }
    if (ins.word === 'MAINTAINER') out.push(`MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label${at}`);
    if ((ins.word === 'CMD' || ins.word === 'ENTRYPOINT') && !shell && !ins.args.trim().startsWith('[')) out.push(`JSONArgsRecommended: JSON arguments recommended for ${ins.word} to prevent unintended behavior related to OS signals${at}`);
    if ((ins.word === 'ENV' || ins.word === 'LABEL') && !/^[^\s=]+=/.test(ins.args.trim())) out.push(`LegacyKeyValueFormat: "${ins.word} key=value" should be used instead of legacy "${ins.word} key value" format${at}`);
  }
  return out;
}

interface StageState {
  base: ImageRecord;
  config: ImageConfigSpec;
  author: string;
  layers: string[];
  size: number;
  history: (HubHistory & { fresh: boolean })[];
  key: string;
  shell: string[];
}

/** A FROM and its instructions, as the plan of the build knows them. */
interface PlannedStage {
  from: Instruction;
  steps: Instruction[];
  /** `AS name`, lowercased (stage names are case-insensitive). */
  asName?: string;
  kind: { ref: ImageRef; refText: string } | { scratch: true } | { stage: number };
  index: number;
  /**
   * A stage BuildKit adds for `COPY --from=<image>` (an image no stage is named): after the
   * Dockerfile's stages, with no name and no count, so its one vertex is a bare `FROM <image>`.
   */
  implicit?: true;
  /** What its vertices are prefixed with in a multi-stage build (`build`, `stage-1`). */
  name: string;
  total: number;
  cmdIndex: number;
}

function internal(method: string, path: string, body = ''): HttpRequest {
  return { method, path, query: [], headers: body === '' ? {} : { 'Content-Type': 'application/json' }, body };
}

export function buildkitRoute(world: World, host: Host, state: EngineState, req: HttpRequest): HttpResponse {
  const vertexes: BkVertex[] = [];
  const out: string[] = [];
  const tags = [...new Set(req.query.filter(([k]) => k === 't').map(([, v]) => v))];
  const finish = (error?: { message: string; source?: BkSource }): HttpResponse => {
    out.push(JSON.stringify({ id: 'moby.buildkit.trace', aux: { vertexes } satisfies BkTrace }));
    if (error) out.push(JSON.stringify({ errorDetail: { message: error.message, ...(error.source ? { source: error.source } : {}) }, error: error.message }));
    return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: out.map((l) => l + '\r\n').join('') };
  };
  const vertex = (name: string, started = world.clock.now): BkVertex => {
    const v: BkVertex = { digest: `sha256:${sha256Hex(`${vertexes.length}\n${name}`)}`, name, started, cached: false, error: '', statuses: [], logs: [] };
    vertexes.push(v);
    return v;
  };
  const complete = (v: BkVertex, ms = 0): void => {
    if (ms > 0) world.advance(ms);
    v.completed = world.clock.now;
  };
  const status = (v: BkVertex, id: string, current: number, ms: number = COST.status): void => {
    const started = world.clock.now;
    world.advance(ms);
    v.statuses.push({ id, current, total: 0, started, completed: world.clock.now });
  };

  let entries: TarEntry[];
  try {
    entries = decodeTar(textToBytes(req.body));
  } catch {
    return finish({ message: 'failed to read the build context' });
  }
  const file = (name: string): TarEntry | undefined => entries.find((e) => e.name.replace(/^\.\//, '') === name.replace(/^\.\//, ''));
  const dockerfileName = queryGet(req, 'dockerfile') || 'Dockerfile';
  const shownName = queryGet(req, 'dockerfilename') || dockerfileName;
  const noCache = queryGet(req, 'nocache') === '1' || queryGet(req, 'nocache') === 'true';
  const buildArgs = parseBuildArgs(queryGet(req, 'buildargs'));

  // [internal] load build definition: the Dockerfile alone is streamed to the daemon.
  const dockerfile = file(dockerfileName);
  const defn = vertex(`[internal] load build definition from ${shownName}`);
  world.advance(2);
  status(defn, 'transferring dockerfile:', dockerfile ? transferSize([{ path: shownName, size: (dockerfile.data ?? '').length, mode: dockerfile.mode, mtime: dockerfile.mtime * 1000, dir: false }]) : 2);
  complete(defn, 2);
  if (!dockerfile) return finish({ message: `failed to read dockerfile: open ${shownName}: no such file or directory` });
  const source = (ins: Instruction): BkSource => ({ filename: shownName, data: dockerfile.data ?? '', start: ins.line, end: ins.endLine });
  const parsed = parseInstructions(dockerfile.data ?? '');
  if (typeof parsed === 'string') {
    const line = Number(/on line (\d+)/.exec(parsed)?.[1] ?? 0);
    return finish({ message: parsed, ...(line ? { source: { filename: shownName, data: dockerfile.data ?? '', start: line, end: line } } : {}) });
  }
  if (parsed.length === 0) return finish({ message: 'the Dockerfile cannot be empty' });
  const warnings = lint(parsed);
  if (warnings.length) defn.warnings = warnings;

  // Global ARGs (before FROM) can be used in FROM.
  const args: Record<string, string> = {};
  let index = 0;
  for (; index < parsed.length && (parsed[index] as Instruction).word === 'ARG'; index++) {
    for (const [k, v] of keyValues((parsed[index] as Instruction).args)) args[k] = buildArgs[k] ?? v;
  }
  const firstFrom = parsed[index];
  if (!firstFrom || firstFrom.word !== 'FROM') return finish({ message: 'no build stage in current context', ...(firstFrom ? { source: source(firstFrom) } : {}) });
  const expand = (text: string, env: Record<string, string>): string => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b) as string] ?? '');

  // The stages: each FROM with the instructions up to the next one.
  const stages: PlannedStage[] = [];
  for (const ins of parsed.slice(index)) {
    if (ins.word !== 'FROM') {
      (stages.at(-1) as PlannedStage).steps.push(ins);
      continue;
    }
    const words = expand(ins.args, args).split(/\s+/).filter((w) => w !== '' && !w.startsWith('--platform='));
    if (words.length !== 1 && !(words.length === 3 && (words[1] as string).toLowerCase() === 'as')) return finish({ message: 'FROM requires either one or three arguments', source: source(ins) });
    const refText = words[0] as string;
    const asName = words[2]?.toLowerCase();
    const i = stages.length;
    const parent = stages.findIndex((st) => st.asName !== undefined && st.asName === refText.toLowerCase());
    let kind: PlannedStage['kind'];
    if (refText.toLowerCase() === 'scratch') kind = { scratch: true };
    else if (parent >= 0) kind = { stage: parent };
    else {
      const r = parseReference(refText);
      if (!r.ok) return finish({ message: `failed to parse stage name "${refText}": invalid reference format`, source: source(ins) });
      kind = { ref: withDefaultTag(r.ref), refText };
    }
    stages.push({ from: ins, steps: [], ...(asName !== undefined ? { asName } : {}), kind, index: i, name: '', total: 0, cmdIndex: 0 });
  }
  const implicitStages: Record<string, number> = {};
  const stageIndex = (text: string): number => (/^\d+$/.test(text) ? Number(text) : implicitStages[text] ?? stages.findIndex((st) => st.asName === text.toLowerCase()));
  // COPY --from=<image>: the image becomes a stage of its own, resolved and pulled as a FROM is.
  for (const st of [...stages]) {
    for (const ins of st.steps) {
      const fromFlag = ins.word === 'COPY' ? /(?:^|\s)--from=(\S+)/.exec(expand(ins.args, args))?.[1] : undefined;
      if (fromFlag === undefined || /^\d+$/.test(fromFlag) || stageIndex(fromFlag) >= 0) continue;
      const r = parseReference(fromFlag);
      if (!r.ok) return finish({ message: `failed to parse stage name "${fromFlag}": invalid reference format`, source: source(ins) });
      implicitStages[fromFlag] = stages.length;
      stages.push({ from: ins, steps: [], kind: { ref: withDefaultTag(r.ref), refText: fromFlag }, index: stages.length, implicit: true, name: '', total: 0, cmdIndex: 0 });
    }
  }
  const target = queryGet(req, 'target');
  // BuildKit picks the target before it adds the implicit stages: by default the Dockerfile's last.
  const targetIndex = target ? stages.findIndex((st) => st.asName === target.toLowerCase()) : stages.filter((st) => !st.implicit).length - 1;
  if (targetIndex < 0) return finish({ message: `target stage "${target}" could not be found` });
  // Only the target and the stages it needs are built (FROM a stage, COPY --from).
  const needed = new Set<number>();
  const need = (i: number): string | undefined => {
    if (needed.has(i)) return undefined;
    needed.add(i);
    const st = stages[i] as PlannedStage;
    if ('stage' in st.kind) need(st.kind.stage);
    for (const ins of st.steps) {
      const fromFlag = /(?:^|\s)--from=(\S+)/.exec(ins.args)?.[1];
      if (ins.word !== 'COPY' || fromFlag === undefined) continue;
      const j = stageIndex(fromFlag);
      if (j < 0 || j >= stages.length || stages[j]?.implicit && /^\d+$/.test(fromFlag)) return `invalid stage index ${j}`;
      const problem = need(j);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = need(targetIndex);
  if (problem) return finish({ message: problem });
  const order = stages.filter((st) => needed.has(st.index));
  // An implicit stage counts among the stages (a lone Dockerfile stage is then `stage-0`) but has no name or count.
  for (const st of stages) {
    if (st.implicit) continue;
    st.name = stages.length > 1 ? (st.asName ?? `stage-${st.index}`) : '';
    st.total = ('ref' in st.kind ? 1 : 0) + st.steps.filter((x) => x.word === 'RUN' || x.word === 'COPY' || x.word === 'ADD' || x.word === 'WORKDIR').length;
  }
  const prefix = (st: PlannedStage, text: string): string => (st.total === 0 ? text : `[${st.name ? `${st.name} ` : ''}${String(++st.cmdIndex).padStart(Math.floor(1 + Math.log10(st.total)))}/${st.total}] ${text}`);

  // [internal] load metadata, for each base image: a local image answers at once, otherwise the registry is asked.
  const bases: Record<number, { base: ImageRecord; local: boolean; pulled?: ReturnType<typeof pullImage>; resolvedAt: number; baseName: string }> = {};
  let allLocal = true;
  let lastResolved = 0;
  for (const st of order) {
    if (!('ref' in st.kind)) continue;
    const { ref, refText } = st.kind;
    const baseName = fullString(ref);
    // One image named twice (a FROM and a COPY --from) is resolved once.
    const twin = order.find((o) => o.index < st.index && bases[o.index]?.baseName === baseName);
    if (twin) {
      bases[st.index] = bases[twin.index] as (typeof bases)[number];
      continue;
    }
    const meta = vertex(`[internal] load metadata for ${baseName}`);
    const found = findImage(state, familiarString(ref));
    if (found) {
      complete(meta, COST.metadataLocal);
      bases[st.index] = { base: found, local: true, resolvedAt: 0, baseName };
      continue;
    }
    allLocal = false;
    world.advance(COST.metadataRemote);
    const resolvedAt = world.clock.now;
    lastResolved = resolvedAt;
    const pulled = pullImage(world, host, state, ref);
    if (!pulled.ok) {
      // The registry's answer ends the build before any step starts.
      meta.error = `${refText}: failed to resolve source metadata for ${baseName}: ${pulled.message}`;
      meta.completed = resolvedAt;
      return finish({ message: meta.error, source: source(st.from) });
    }
    meta.completed = resolvedAt;
    bases[st.index] = { base: pulled.image, local: false, pulled, resolvedAt, baseName };
  }
  const ignoreAt = allLocal ? world.clock.now : lastResolved;
  const ignore = vertex('[internal] load .dockerignore', ignoreAt + 2);
  ignore.statuses.push({ id: 'transferring context:', current: 2, total: 0, started: ignoreAt + 4, completed: ignoreAt + 4 + COST.status });
  ignore.completed = ignoreAt + 6 + COST.status;
  if (allLocal) world.advance(6 + COST.status);

  // Every vertex of the graph is known from the start (the display counts them all).
  const needsContext = order.some((st) => st.steps.some((x) => (x.word === 'COPY' && !/(?:^|\s)--from=/.test(x.args)) || x.word === 'ADD'));
  const planned: { ins: Instruction; v: BkVertex }[] = [];
  const fromVertexes: Record<number, BkVertex> = {};
  let contextVertex: BkVertex | undefined;
  const shownEnv: Record<number, Record<string, string>> = {};
  const planFrom = (st: PlannedStage): void => {
    const b = bases[st.index];
    if (!b || fromVertexes[st.index]) return;
    const digestRef = b.base.repoDigests[0]?.split('@')[1];
    const v = vertex(prefix(st, `FROM ${b.baseName}${!b.local && digestRef ? `@${digestRef}` : ''}`));
    delete v.started;
    fromVertexes[st.index] = v;
  };
  for (const st of order) {
    // An implicit stage's FROM shows where the COPY that needs it comes.
    if (st.implicit) continue;
    planFrom(st);
    if (needsContext && !contextVertex) {
      contextVertex = vertex('[internal] load build context');
      delete contextVertex.started;
    }
    const shown: Record<string, string> = { ...args, ...('stage' in st.kind ? shownEnv[st.kind.stage] : {}) };
    for (const e of bases[st.index]?.base.config.Env ?? []) {
      const eq = e.indexOf('=');
      shown[e.slice(0, eq)] = e.slice(eq + 1);
    }
    for (const ins of st.steps) {
      if (ins.word === 'ENV') for (const [k, v] of keyValues(expand(ins.args, shown))) shown[k] = v;
      if (ins.word === 'ARG') for (const [k, v] of keyValues(ins.args)) shown[k] = buildArgs[k] ?? shown[k] ?? v;
      if (ins.word === 'RUN' || ins.word === 'COPY' || ins.word === 'ADD' || ins.word === 'WORKDIR') {
        const fromFlag = ins.word === 'COPY' ? /(?:^|\s)--from=(\S+)/.exec(expand(ins.args, args))?.[1] : undefined;
        const source = fromFlag === undefined ? undefined : stages[stageIndex(fromFlag)];
        if (source?.implicit) planFrom(source);
        const words = ins.text.split(/\s+/);
        const name = [(words[0] as string).toUpperCase(), ...words.slice(1)].join(' ');
        const v = vertex(prefix(st, ins.word === 'RUN' ? name.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, x: string | undefined, y: string | undefined) => shown[(x ?? y) as string] ?? m) : expand(name, shown)));
        delete v.started;
        planned.push({ ins, v });
      }
    }
    shownEnv[st.index] = shown;
  }

  /** [n/m] FROM: the base image's layers (pulled first when not here); the stage starts from them. */
  const fromImage = (st: PlannedStage): StageState => {
    const b = bases[st.index] as (typeof bases)[number];
    const fromVertex = fromVertexes[st.index] as BkVertex;
    const base = b.base;
    const digestRef = base.repoDigests[0]?.split('@')[1];
    fromVertex.started = b.local ? world.clock.now : Math.max(world.clock.now, ignore.completed as number);
    if (b.pulled?.ok && !b.local) {
      const resolveAt = fromVertex.started;
      fromVertex.statuses.push({ id: `resolve ${b.baseName}@${digestRef ?? ''}`, current: 0, total: 0, started: resolveAt, completed: resolveAt + 5 });
      for (const diffId of base.layers) {
        const layer = state.layers[diffId];
        if (!layer) continue;
        fromVertex.statuses.push({ id: layer.digest, current: layer.size, total: layer.size, started: resolveAt + 5, completed: resolveAt + 5 + Math.max(10, Math.round(layer.size / 20000)) });
      }
      for (const diffId of base.layers) {
        const layer = state.layers[diffId];
        if (!layer) continue;
        const at = resolveAt + 10 + Math.max(10, Math.round(layer.size / 20000));
        fromVertex.statuses.push({ id: `extracting ${layer.digest}`, current: 0, total: 0, started: at, completed: at + Math.max(10, Math.round(layer.size / 40000)) });
      }
      const end = Math.max(world.clock.now, ...fromVertex.statuses.map((x) => x.completed));
      world.advance(end - world.clock.now);
    }
    complete(fromVertex, COST.from);
    return {
      base,
      config: JSON.parse(JSON.stringify(base.config)) as ImageConfigSpec,
      author: base.author,
      layers: [...base.layers],
      size: base.size,
      history: base.history.map((h) => ({ ...h, fresh: false })),
      key: `from\n${base.id}`,
      shell: ['/bin/sh', '-c'],
    };
  };
  /** FROM scratch: no layers, no history, only the PATH BuildKit always sets. */
  const fromScratch = (): StageState => {
    const config: ImageConfigSpec = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] };
    const base: ImageRecord = { id: 'scratch', repoTags: [], repoDigests: [], created: 0, config, history: [], layers: [], size: 0, parent: '', comment: '', author: '', dockerVersion: '' };
    return { base, config: { ...config, Env: [...(config.Env ?? [])] }, author: '', layers: [], size: 0, history: [], key: 'from\nscratch', shell: ['/bin/sh', '-c'] };
  };
  const loadContext = (): void => {
    if (!contextVertex || contextVertex.started !== undefined) return;
    contextVertex.started = world.clock.now;
    const files = entries.filter((e) => e.name !== '.dockerfile.podbook' && e.name !== dockerfileName).map((e) => ({ path: e.name.replace(/\/$/, ''), size: (e.data ?? '').length, mode: e.mode, mtime: e.mtime * 1000, dir: e.type === 'dir' }));
    status(contextVertex, 'transferring context:', transferSize(files));
    complete(contextVertex, 2);
  };
  const results: Record<number, StageState> = {};
  let stage: StageState = fromScratch();

  /** ARGs declared inside the stage: only they reach RUN (and its `|n K=v` history prefix). */
  const declared = new Set<string>();
  let cmdSet: boolean;
  const temps: string[] = [];
  const cleanup = (): void => {
    for (const id of temps) delete state.images[id];
  };
  /** A throwaway image of the stage so far, for a container to run a step in. */
  const tempImage = (): ImageRecord => {
    const id = `sha256:${sha256Hex(`buildkit-temp\n${stage.key}`)}`;
    state.images[id] = { id, repoTags: [], repoDigests: [], created: world.clock.now, config: stage.config, history: [], layers: [...stage.layers], size: stage.size, parent: '', comment: '', author: '', dockerVersion: '' };
    temps.push(id);
    return state.images[id] as ImageRecord;
  };
  const stageEnv = (): Record<string, string> => {
    const e: Record<string, string> = { ...args };
    for (const kv of stage.config.Env ?? []) {
      const eq = kv.indexOf('=');
      e[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return e;
  };
  const addLayer = (key: string, createdBy: string, make: () => CacheRecord | string, v: BkVertex): string | undefined => {
    const cache = bkState(state).cache;
    const hit = noCache ? undefined : cache[key];
    let rec: CacheRecord;
    if (hit && hasLayer(world, hit.diffId) && state.layers[hit.diffId]) {
      v.cached = true;
      rec = hit;
    } else {
      const made = make();
      if (typeof made === 'string') return made;
      rec = made;
      cache[key] = rec;
    }
    stage.layers.push(rec.diffId);
    stage.size += rec.size;
    stage.history.push({ created: rec.created, createdBy, size: rec.size, comment: 'buildkit.dockerfile.v0', emptyLayer: false, fresh: true });
    stage.key = key;
    return undefined;
  };
  const meta0 = (createdBy: string): void => void stage.history.push({ created: 0, createdBy, size: 0, comment: 'buildkit.dockerfile.v0', emptyLayer: true, fresh: true });
  /** Runs `work` in a container of the stage so far and keeps its writable layer. */
  const inContainer = (key: string, cmd: string[] | undefined, work: (id: string) => string | undefined, v: BkVertex): CacheRecord | string => {
    world.advance(cmd ? COST.exec : COST.file);
    const temp = tempImage();
    const body = { Image: temp.id, Cmd: cmd ?? ['/bin/sh', '-c', '#(nop)'], Entrypoint: [], Env: Object.entries(args).filter(([k]) => declared.has(k)).map(([k, v]) => `${k}=${v}`), Labels: {}, WorkingDir: stage.config.WorkingDir ?? '', User: stage.config.User ?? '' };
    const created = containerRoutes(world, host, state, internal('POST', '/create', JSON.stringify(body)), '/create');
    if (!created || created.status !== 201) return created ? (JSON.parse(created.body) as { message: string }).message : 'create failed';
    const id = (JSON.parse(created.body) as { Id: string }).Id;
    const c = state.containers[id]!;
    const problem = work(id);
    if (problem !== undefined) {
      for (const l of c.logs) v.logs.push({ at: l.at, data: l.text });
      removeContainer(world, host, state, c);
      return problem;
    }
    for (const l of c.logs) v.logs.push({ at: l.at, data: l.text });
    const upper = cloneFs(host.overlay(c.id).upper.state);
    const size = layerSize(upper);
    const diffId = `sha256:${sha256Hex(`buildkit\n${key}\n${world.clock.now}\n${JSON.stringify(upper)}`)}`;
    putLayer(world, diffId, upper);
    state.layers[diffId] ??= { diffId, digest: `sha256:${sha256Hex(`blob\n${diffId}`)}`, size, files: {} };
    removeContainer(world, host, state, c);
    return { diffId, size, created: world.clock.now };
  };

  /** The files under `paths` in a finished stage, as entries to copy (read through a container of it). */
  const stageFiles = (source: StageState, paths: string[]): TarEntry[] | string => {
    const saved = stage;
    stage = source;
    const temp = tempImage();
    stage = saved;
    const created = containerRoutes(world, host, state, internal('POST', '/create', JSON.stringify({ Image: temp.id, Cmd: ['/bin/sh', '-c', '#(nop)'], Entrypoint: [], Labels: {} })), '/create');
    if (!created || created.status !== 201) return created ? (JSON.parse(created.body) as { message: string }).message : 'create failed';
    const id = (JSON.parse(created.body) as { Id: string }).Id;
    const { entries, missing } = treeEntries(host.overlayView(id, true), paths);
    removeContainer(world, host, state, state.containers[id]!);
    return missing === undefined ? entries : `failed to calculate checksum of ref: "${missing}": not found`;
  };
  const cloneStage = (from: StageState): StageState => ({ ...from, config: JSON.parse(JSON.stringify(from.config)) as ImageConfigSpec, layers: [...from.layers], history: from.history.map((h) => ({ ...h })), shell: [...from.shell] });

  let step = 0;
  for (const st of order) {
    if (st.implicit) continue;
    stage = 'ref' in st.kind ? fromImage(st) : 'stage' in st.kind ? cloneStage(results[st.kind.stage] as StageState) : fromScratch();
    loadContext();
    declared.clear();
    cmdSet = false;
  for (const ins of st.steps) {
    const env = stageEnv();
    // COPY --from=<image>: the image's own FROM (pulled when not here) runs before the copy starts.
    const copyFrom = ins.word === 'COPY' ? /(?:^|\s)--from=(\S+)/.exec(expand(ins.args, env))?.[1] : undefined;
    const implicit = copyFrom === undefined ? undefined : stages[stageIndex(copyFrom)];
    if (implicit?.implicit) results[implicit.index] ??= fromImage(implicit);
    const planEntry = planned[step];
    const v = planEntry && planEntry.ins === ins ? planEntry.v : undefined;
    if (v) {
      step++;
      v.started = world.clock.now;
    }
    const fail = (message: string): HttpResponse => {
      if (v) {
        v.error = message;
        v.completed = world.clock.now;
      }
      cleanup();
      return finish({ message, source: source(ins) });
    };
    const argPairs = Object.entries(args).filter(([k]) => declared.has(k));
    switch (ins.word) {
      case 'RUN': {
        const argv = shellOrJson(ins.args, stage.shell);
        const runEnv = argPairs.length ? `|${argPairs.length} ${argPairs.map(([k, val]) => `${k}=${val}`).join(' ')} ` : '';
        const createdBy = `RUN ${runEnv}${argv.join(' ')} # buildkit`;
        const key = `${stage.key}\nrun\n${JSON.stringify(argv)}\n${JSON.stringify(stage.config.Env ?? [])}\n${stage.config.WorkingDir ?? ''}\n${stage.config.User ?? ''}\n${runEnv}`;
        const problem = addLayer(key, createdBy, () => inContainer(key, argv, (id) => {
          const started = containerRoutes(world, host, state, internal('POST', `/${id}/start`), `/${id}/start`);
          const c = state.containers[id]!;
          if (started && started.status >= 400) return (JSON.parse(started.body) as { message: string }).message;
          if (c.state.exitCode !== 0) return `process "${argv.join(' ')}" did not complete successfully: exit code: ${c.state.exitCode}`;
          return undefined;
        }, v as BkVertex), v as BkVertex);
        if (problem !== undefined) return fail(problem);
        break;
      }
      case 'COPY':
      case 'ADD': {
        const words = expand(ins.args, env).split(/\s+/).filter((w) => !w.startsWith('--'));
        const createdBy = `${ins.word} ${words.join(' ')} # buildkit`;
        // A relative destination is under the working directory.
        const dest = words.at(-1) ?? '.';
        if (!dest.startsWith('/')) words[words.length - 1] = `${(stage.config.WorkingDir ?? '/').replace(/\/$/, '')}/${dest === '.' || dest === './' ? '' : dest}`;
        const fromFlag = /(?:^|\s)--from=(\S+)/.exec(ins.args)?.[1];
        if (fromFlag !== undefined) {
          const src = results[stageIndex(fromFlag)];
          if (!src) return fail(`cannot copy from stage "${fromFlag}", it needs to be defined before current stage "${st.name}"`);
          const key = `${stage.key}\nCOPY\n${words.join(' ')}\nfrom\n${src.key}`;
          const problem = addLayer(key, createdBy, () => {
            const files = stageFiles(src, words.slice(0, -1));
            if (typeof files === 'string') return files;
            return inContainer(key, undefined, (id) => {
              copyFromContext(host, id, files, words.map((w, k) => (k < words.length - 1 ? w.replace(/^\/+/, '') || '.' : w)).join(' '));
              return undefined;
            }, v as BkVertex);
          }, v as BkVertex);
          if (problem !== undefined) return fail(problem);
          break;
        }
        const srcs = words.slice(0, -1);
        const digest = sha256Hex(entries.filter((e) => srcs.some((s) => s === '.' || e.name.replace(/^\.\//, '').replace(/\/$/, '') === s.replace(/^\.\//, '').replace(/\/$/, '') || e.name.startsWith(s.replace(/^\.\//, '').replace(/\/$/, '') + '/'))).map((e) => `${e.name}\n${e.mode}\n${e.data ?? ''}`).join('\n'));
        const key = `${stage.key}\n${ins.word}\n${words.join(' ')}\n${digest}`;
        const problem = addLayer(key, createdBy, () => inContainer(key, undefined, (id) => {
          const missing = copyFromContext(host, id, entries, words.join(' '));
          return missing === undefined ? undefined : `failed to calculate checksum of ref: "/${(missing.split('stat ')[1] ?? '').replace(/: file does not exist$/, '')}": not found`;
        }, v as BkVertex), v as BkVertex);
        if (problem !== undefined) return fail(problem);
        break;
      }
      case 'WORKDIR': {
        const dir = expand(ins.args, env);
        const wd = dir.startsWith('/') ? dir : `${(stage.config.WorkingDir ?? '/').replace(/\/$/, '')}/${dir}`;
        stage.config.WorkingDir = wd;
        if (wd === '/') {
          meta0(`WORKDIR ${wd}`);
          break;
        }
        const key = `${stage.key}\nworkdir\n${wd}\n${stage.config.User ?? ''}`;
        const problem = addLayer(key, `WORKDIR ${wd}`, () => inContainer(key, undefined, (id) => {
          const ov = host.overlay(id);
          const segs = wd.split('/').filter(Boolean);
          for (let k = 1; k <= segs.length; k++) if (!ov.lookup(segs.slice(0, k))) ov.mkdir(segs.slice(0, k), 0o755, 0, 0);
          return undefined;
        }, v as BkVertex), v as BkVertex);
        if (problem !== undefined) return fail(problem);
        stage.history[stage.history.length - 1]!.createdBy = `WORKDIR ${wd}`;
        break;
      }
      case 'ENV': {
        const pairs = keyValues(expand(ins.args, env));
        for (const [k, val] of pairs) stage.config.Env = [...(stage.config.Env ?? []).filter((e) => !e.startsWith(`${k}=`)), `${k}=${val}`];
        meta0(`ENV ${pairs.map(([k, val]) => `${k}=${val}`).join(' ')}`);
        break;
      }
      case 'LABEL': {
        const pairs = keyValues(expand(ins.args, env));
        stage.config.Labels = { ...(stage.config.Labels ?? {}) };
        for (const [k, val] of pairs) stage.config.Labels[k] = val;
        meta0(`LABEL ${pairs.map(([k, val]) => `${k}=${val}`).join(' ')}`);
        break;
      }
      case 'MAINTAINER':
        stage.author = ins.args;
        meta0(`MAINTAINER ${ins.args}`);
        break;
      case 'CMD':
      case 'ENTRYPOINT': {
        const list = shellOrJson(ins.args, stage.shell);
        if (ins.word === 'CMD') {
          stage.config.Cmd = list;
          cmdSet = true;
        } else {
          stage.config.Entrypoint = list;
          if (!cmdSet) delete stage.config.Cmd;
        }
        meta0(`${ins.word} ${goQuoted(list)}`);
        break;
      }
      case 'EXPOSE': {
        const ports = expand(ins.args, env).split(/\s+/).filter(Boolean).map((p) => (p.includes('/') ? p : `${p}/tcp`));
        stage.config.ExposedPorts = [...new Set([...(stage.config.ExposedPorts ?? []), ...ports])];
        meta0(`EXPOSE ${goMap(ports)}`);
        break;
      }
      case 'USER':
        stage.config.User = expand(ins.args, env);
        meta0(`USER ${stage.config.User}`);
        break;
      case 'VOLUME': {
        const vols = ins.args.trim().startsWith('[') ? shellOrJson(ins.args, []) : expand(ins.args, env).split(/\s+/).filter(Boolean);
        stage.config.Volumes = [...new Set([...(stage.config.Volumes ?? []), ...vols])];
        meta0(`VOLUME [${vols.join(' ')}]`);
        break;
      }
      case 'STOPSIGNAL':
        stage.config.StopSignal = ins.args.trim();
        meta0(`STOPSIGNAL ${ins.args.trim()}`);
        break;
      case 'SHELL':
        stage.shell = shellOrJson(ins.args, []);
        meta0(`SHELL [${stage.shell.join(' ')}]`);
        break;
      case 'ARG': {
        const pairs = keyValues(ins.args);
        const shown: string[] = [];
        for (const kv of ins.args.trim().split(/\s+/)) {
          const eq = kv.indexOf('=');
          const k = eq >= 0 ? kv.slice(0, eq) : kv;
          declared.add(k);
          if (buildArgs[k] !== undefined) args[k] = buildArgs[k] as string;
          else if (eq >= 0) args[k] = (pairs.find(([pk]) => pk === k)?.[1] ?? '');
          shown.push(args[k] !== undefined ? `${k}=${args[k]}` : k);
        }
        meta0(`ARG ${shown.join(' ')}`);
        break;
      }
      case 'ONBUILD':
        break;
      case 'HEALTHCHECK': {
        const hc = parseHealthcheck(ins.args);
        if (typeof hc === 'string') return fail(hc);
        stage.config.Healthcheck = hc;
        meta0(`HEALTHCHECK ${healthcheckHistory(hc)}`);
        break;
      }
      default:
        break;
    }
    if (v) complete(v, v.cached ? 0 : 2);
  }
    results[st.index] = stage;
  }
  stage = results[targetIndex] as StageState;

  // exporting to image: the config (and with it the image id) is a function of the layers and
  // history, so an all-cached rebuild writes the same image.
  const exp = vertex('exporting to image');
  const freshLayers = stage.history.some((h) => h.fresh && !h.emptyLayer);
  status(exp, 'exporting layers', 0, freshLayers ? COST.exportLayers : COST.status);
  const history = fillCreated(stage.history);
  const created = history.reduce((t, h) => (h.created ? h.created : t), 0);
  const config = { architecture: 'amd64', config: { ...stage.config }, created, history: history.map((h) => ({ created: h.created, createdBy: h.createdBy, comment: h.comment, emptyLayer: h.emptyLayer })), os: 'linux', rootfs: { type: 'layers', diff_ids: stage.layers } };
  const id = `sha256:${sha256Hex(JSON.stringify(config))}`;
  status(exp, `writing image ${id}`, 0, COST.write);
  cleanup();
  const image: ImageRecord = (state.images[id] ??= { id, repoTags: [], repoDigests: [], created, config: stage.config, history: history.map(({ created: c, createdBy, size, comment, emptyLayer }) => ({ created: c, createdBy, size, comment, emptyLayer })), layers: stage.layers, size: stage.size, parent: '', comment: history.at(-1)?.comment ?? '', author: stage.author, dockerVersion: '' });
  publishImage(world, host, state, id);
  for (const t of tags) {
    const parsedTag = parseReference(t);
    if (!parsedTag.ok) continue;
    const tagRef = withDefaultTag(parsedTag.ref);
    const name = familiarString(tagRef);
    for (const other of Object.values(state.images)) other.repoTags = other.repoTags.filter((x) => x !== name);
    image.repoTags.push(name);
    status(exp, `naming to ${fullString(tagRef)}`, 0, COST.name);
  }
  complete(exp, 2);
  out.push(JSON.stringify({ id: 'moby.buildkit.trace', aux: { vertexes } satisfies BkTrace }));
  out.push(JSON.stringify({ id: 'moby.image.id', aux: { ID: id } }));
  return { status: 200, headers: { ...baseHeaders(), 'Content-Type': 'application/json' }, body: out.map((l) => l + '\r\n').join('') };
}

/**
 * moby's exporter fills the times BuildKit leaves out: a metadata step takes the time of the first
 * new layer after it, or the previous entry's (so a file with no new layer shows the base's time).
 */
function fillCreated(history: (HubHistory & { fresh: boolean })[]): HubHistory[] {
  const has = (h: HubHistory & { fresh: boolean }): boolean => !(h.fresh && h.emptyLayer);
  let created = 0;
  let gap = false;
  for (const h of history) {
    if (has(h)) {
      created = h.created;
      if (gap) break;
    } else gap = true;
  }
  gap = false;
  return history.map((h) => {
    if (has(h)) {
      if (gap) created = h.created;
      return { created: h.created, createdBy: h.createdBy, size: h.size, comment: h.comment, emptyLayer: h.emptyLayer };
    }
    gap = true;
    return { created, createdBy: h.createdBy, size: h.size, comment: h.comment, emptyLayer: h.emptyLayer };
  });
}
