/**
 * Reading a lab's state for diagrams. The state is the simulator's plain JSON (`lab.view()` natively,
 * `client.state()` in the page); the shapes below are the parts diagrams read, mirroring the
 * engine's `simulator/runtime/engine/state.ts` (`ext['docker/<host>']`), the kernel's `HostState.sys`
 * and `procs`, and the network's `ext['net']`. Every read is defensive: a layer that is not there
 * yet (or an older snapshot) gives `undefined`, and the diagram falls back to its static model.
 */
import type { WorldState } from '../../simulator/index.ts';

export interface EngineLayer {
  diffId: string;
  digest: string;
  size: number;
  files?: Record<string, unknown>;
}

export interface EngineHistory {
  created: number;
  createdBy: string;
  size: number;
  comment: string;
  emptyLayer: boolean;
}

export interface EngineImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: number;
  history: EngineHistory[];
  layers: string[];
  size: number;
}

export interface EngineEndpoint {
  networkId: string;
  ip: string;
  prefixLen: number;
  gateway: string;
  mac: string;
}

export interface EngineContainer {
  id: string;
  name: string;
  created: number;
  image: string;
  imageId: string;
  config: { Hostname?: string; Cmd?: string[] | null; Entrypoint?: string[] | null };
  hostConfig: Record<string, unknown>;
  state: { status: string; pid: number; exitCode: number; startedAt: number };
  networks: Record<string, EngineEndpoint>;
  ports: Record<string, { HostIp: string; HostPort: string }[]>;
  layerId: string;
}

export interface EngineNetwork {
  id: string;
  name: string;
  driver: string;
  ipam: { subnet: string; gateway: string }[];
  options: Record<string, string>;
}

export interface EngineVolume {
  name: string;
  driver: string;
  anonymous: boolean;
}

export interface EngineView {
  images: Record<string, EngineImage>;
  layers: Record<string, EngineLayer>;
  containers: Record<string, EngineContainer>;
  networks: Record<string, EngineNetwork>;
  volumes: Record<string, EngineVolume>;
}

export type LabState = Readonly<WorldState> | null | undefined;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The host a Docker diagram shows by default: the lab's first host. */
export function defaultHost(state: LabState): string {
  if (!state || !isObject(state.hosts)) return 'localhost';
  return Object.keys(state.hosts).sort()[0] ?? 'localhost';
}

/** The Docker engine's state on `host`, when the lab has one. */
export function engineOf(state: LabState, host: string): EngineView | undefined {
  const raw = state && isObject(state.ext) ? state.ext[`docker/${host}`] : undefined;
  if (!isObject(raw)) {
    // dockerd listening on its socket but nothing asked of it yet: an engine with no objects.
    const h = state && isObject(state.hosts) ? (state.hosts[host] as unknown) : undefined;
    const listening = isObject(h) && isObject(h['listeners']) && Object.values(h['listeners']).includes('dockerd');
    return listening ? { images: {}, layers: {}, containers: {}, networks: {}, volumes: {} } : undefined;
  }
  const part = <T>(key: string): Record<string, T> => (isObject(raw[key]) ? (raw[key] as Record<string, T>) : {});
  return {
    images: part<EngineImage>('images'),
    layers: part<EngineLayer>('layers'),
    containers: part<EngineContainer>('containers'),
    networks: part<EngineNetwork>('networks'),
    volumes: part<EngineVolume>('volumes'),
  };
}

/** Containers oldest first (a stable reading order for pictures), ties by id. */
export function containersOldestFirst(engine: EngineView): EngineContainer[] {
  return Object.values(engine.containers).sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Images by their first name (then id), untagged ones last. */
export function imagesByName(engine: EngineView): EngineImage[] {
  const key = (i: EngineImage): string => (i.repoTags[0] ?? '\uffff' + i.id);
  return Object.values(engine.images).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function containerName(c: EngineContainer): string {
  return c.name.replace(/^\//, '');
}

export function shortHex(id: string, n = 12): string {
  return id.replace(/^sha256:/, '').slice(0, n);
}

export function imageLabel(i: EngineImage): string {
  return i.repoTags[0] ?? `<none> ${shortHex(i.id)}`;
}

/** Finds a container by name or id prefix. */
export function findContainer(engine: EngineView, ref: string | undefined): EngineContainer | undefined {
  if (ref === undefined || ref === '') return undefined;
  const all = containersOldestFirst(engine);
  return all.find((c) => containerName(c) === ref.replace(/^\//, '')) ?? all.find((c) => c.id.startsWith(ref));
}

/** Finds an image by `repo:tag` (tag `latest` when left out) or id prefix. */
export function findImage(engine: EngineView, ref: string | undefined): EngineImage | undefined {
  if (ref === undefined || ref === '') return undefined;
  const tagged = /:[^/]+$/.test(ref) ? ref : `${ref}:latest`;
  const all = imagesByName(engine);
  return all.find((i) => i.repoTags.includes(tagged)) ?? all.find((i) => shortHex(i.id, 64).startsWith(ref.replace(/^sha256:/, '')));
}

// ---- kernel ---------------------------------------------------------------------------------

export interface ProcView {
  pid: number;
  ppid: number;
  nsPids?: number[];
  argv: string[];
  ns: Record<string, number>;
  cgroups: Record<string, string>;
  cpuMs?: number;
  mem?: { rss: number; vsz: number };
}

export interface CgroupView {
  cpu: { shares: number; periodUs: number; quotaUs: number; usageNs: number };
  memory: { limit: number; memswLimit: number; maxUsage: number };
  blkio?: { weight: number };
  pidsMax?: number;
}

export interface FsInode {
  type: string;
  entries?: Record<string, number>;
  rdev?: [number, number];
  size?: number;
  data?: string;
  /** A symlink's target. */
  target?: string;
}

export interface FsView {
  inodes: Record<number, FsInode>;
  root: number;
}

export interface KernelView {
  procs: Record<number, ProcView>;
  namespaces: Record<number, { id: number; type: string; hostname?: string }>;
  cgroups: Record<string, CgroupView>;
  overlays: Record<string, { lowers: string[]; upper: FsView }>;
  rates: Record<number, number>;
  /** Whether the kernel runs a CPU scheduler model (then an absent rate means idle). */
  hasSched: boolean;
  cpus: number;
  memTotal: number;
}

/** Inode numbers of the initial namespaces of a CentOS 7 (3.10) kernel. */
export const HOST_NS: Readonly<Record<string, number>> = {
  ipc: 4026531839,
  mnt: 4026531840,
  net: 4026531956,
  pid: 4026531836,
  user: 4026531837,
  uts: 4026531838,
};

export function kernelOf(state: LabState, host: string): KernelView | undefined {
  const h = state && isObject(state.hosts) ? (state.hosts[host] as unknown) : undefined;
  if (!isObject(h)) return undefined;
  const procs = isObject(h['procs']) && isObject(h['procs']['procs']) ? (h['procs']['procs'] as Record<number, ProcView>) : {};
  const sys = isObject(h['sys']) ? h['sys'] : {};
  const cg = isObject(sys['cgroups']) && isObject(sys['cgroups']['nodes']) ? (sys['cgroups']['nodes'] as Record<string, CgroupView>) : {};
  const sched = isObject(sys['sched']) && isObject(sys['sched']['rates']) ? (sys['sched']['rates'] as Record<number, number>) : {};
  return {
    procs,
    namespaces: isObject(sys['namespaces']) ? (sys['namespaces'] as KernelView['namespaces']) : {},
    cgroups: cg,
    overlays: isObject(sys['overlays']) ? (sys['overlays'] as KernelView['overlays']) : {},
    rates: sched,
    hasSched: isObject(sys['sched']),
    cpus: typeof sys['cpus'] === 'number' ? sys['cpus'] : 1,
    memTotal: typeof sys['memTotal'] === 'number' ? sys['memTotal'] : 0,
  };
}

/** A process's namespace inode of each type (the host's when it shares it). */
export function nsOf(proc: ProcView | undefined, type: string): number {
  return proc?.ns?.[type] ?? (HOST_NS[type] as number);
}

/** The paths of files an overlay's upper layer holds, with whiteouts (deletions) marked. */
export function upperChanges(upper: FsView | undefined): { path: string; deleted: boolean; size: number }[] {
  const out: { path: string; deleted: boolean; size: number }[] = [];
  if (!upper || !isObject(upper.inodes)) return out;
  const walk = (ino: number, path: string, depth: number): void => {
    const node = upper.inodes[ino];
    if (!node || depth > 32) return;
    if (node.type === 'dir') {
      for (const name of Object.keys(node.entries ?? {}).sort()) walk((node.entries as Record<string, number>)[name] as number, `${path}/${name}`, depth + 1);
      return;
    }
    const whiteout = node.type === 'chardev' && (node.rdev === undefined || (node.rdev[0] === 0 && node.rdev[1] === 0));
    // What the layer holds on disk, as `docker ps -s` counts it: file bytes and link targets.
    const size = node.type === 'file' ? (node.size ?? (node.data ?? '').length) : node.type === 'symlink' ? (node.target ?? '').length : 0;
    out.push({ path: path || '/', deleted: whiteout, size });
  };
  walk(upper.root, '', 0);
  return out;
}

// ---- network --------------------------------------------------------------------------------

export interface LinkView {
  ifindex: number;
  name: string;
  kind: string;
  mac: string;
  master?: string;
  peer?: { host: string; netns: number; ifindex: number };
  addrs: { ip: string; prefix: number }[];
}

export interface RuleView {
  protocol?: string;
  inIface?: string;
  inIfaceNeg?: boolean;
  matches: { module: string; options: [string, string, boolean][] }[];
  target?: string;
  targetOptions: [string, string][];
}

export interface NetnsView {
  id: number;
  links: Record<string, LinkView>;
  tables?: { nat?: Record<string, { rules: RuleView[] }> };
}

export function netOf(state: LabState, host: string): Record<string, NetnsView> | undefined {
  const net = state && isObject(state.ext) ? state.ext['net'] : undefined;
  if (!isObject(net) || !isObject(net['hosts'])) return undefined;
  const hn = net['hosts'][host];
  if (!isObject(hn) || !isObject(hn['namespaces'])) return undefined;
  return hn['namespaces'] as Record<string, NetnsView>;
}

/** The interfaces of a namespace, by interface index. */
export function linksOf(ns: NetnsView | undefined): LinkView[] {
  if (!ns || !isObject(ns.links)) return [];
  return Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex);
}

/** Sizes as Docker prints them (`148MB`). */
export { humanSize } from '../../simulator/core/format.ts';
