/**
 * The Docker engine's state on one host, as plain data in the world snapshot under
 * `docker/<host>`: images and their layers, containers, networks, volumes and the event log.
 * Behaviour lives in the route modules; this file only defines the shapes and finds things by
 * the names and id prefixes the daemon accepts.
 */
import type { HealthConfig, HealthState } from './health.ts';
import type { World } from '../../kernel/world.ts';
import type { FileSpec, ImageConfigSpec } from '../hub/catalog.ts';
import type { HubHistory } from '../hub/index.ts';
import type { MountRecord } from './volumes.ts';

export interface LayerRecord {
  diffId: string;
  digest: string;
  size: number;
  files: Record<string, FileSpec>;
}

export interface ImageRecord {
  id: string;
  /** Familiar `repo:tag` names, as the API returns them. */
  repoTags: string[];
  /** Familiar `repo@sha256:...` of the registries it came from. */
  repoDigests: string[];
  created: number;
  /** Nanoseconds below the millisecond of `created`; absent: derived from the id (see timefmt.ts). */
  createdNanos?: number;
  config: ImageConfigSpec;
  history: HubHistory[];
  /** Diff ids, base first. */
  layers: string[];
  size: number;
  parent: string;
  comment: string;
  author: string;
  dockerVersion: string;
  /** For images a build step made: its parent and instruction, the classic builder's cache key. */
  cacheKey?: string;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface EndpointRecord {
  networkId: string;
  endpointId: string;
  ip: string;
  prefixLen: number;
  gateway: string;
  mac: string;
  aliases: string[] | null;
  dnsNames: string[] | null;
  ipamConfig: { IPv4Address?: string } | null;
}

export interface ContainerConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[];
  Cmd: string[] | null;
  Healthcheck?: HealthConfig;
  Image: string;
  Volumes: Record<string, Record<string, never>> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  OnBuild: null;
  Labels: Record<string, string>;
  StopSignal?: string;
  /** Seconds `docker stop` waits by default for this container (`--stop-timeout`). */
  StopTimeout?: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  at: number;
  text: string;
}

export interface ContainerRecord {
  id: string;
  /** With the leading slash, as the API keeps it. */
  name: string;
  created: number;
  /** The image as the user named it (`httpd`), shown by `docker ps`. */
  image: string;
  imageId: string;
  path: string;
  args: string[];
  config: ContainerConfig;
  hostConfig: Record<string, unknown>;
  state: {
    status: ContainerStatus;
    pid: number;
    exitCode: number;
    error: string;
    oomKilled: boolean;
    startedAt: number;
    finishedAt: number;
    restartCount: number;
  };
  /** Networks by name. */
  networks: Record<string, EndpointRecord>;
  /** Published ports actually bound while running: `80/tcp` -> bindings. */
  ports: Record<string, PortBinding[]>;
  logs: LogLine[];
  /** The health monitor's results, for a container whose config has a healthcheck. */
  health?: HealthState;
  mounts?: MountRecord[];
  /** Input attached before start (`docker run -i` with a pipe), read by PID 1. */
  pendingStdin?: string;
  /** A client attached to stdin whose input is still coming: PID 1 reads it when it ends. */
  awaitingInput?: boolean;
  /** PID 1's program, started but waiting for that input. */
  deferredInit?: { prog: string; argv: string[]; env: Record<string, string> };
  /** `docker stop`/`kill` ended it: restart policies leave it down. */
  stoppedByUser?: boolean;
  /** A stop under way: at `deadline` PID 1 is ended with `code` (137: SIGKILL) if still running. */
  stopping?: { deadline: number; code: number };
  /** Host pid of the containerd-shim while running; network namespace id of the last start. */
  shim?: number;
  netns?: number;
  /** Overlay2 directory id (not the container id, as on a real host). */
  layerId: string;
}

export interface NetworkRecord {
  id: string;
  name: string;
  driver: string;
  scope: string;
  created: number;
  internal: boolean;
  attachable: boolean;
  ipam: { subnet: string; gateway: string }[];
  options: Record<string, string>;
  labels: Record<string, string>;
  /** Last host number handed out in the subnet. */
  nextHost: number;
  /** The subnet was given at create (`--subnet`): only then may containers ask for `--ip`. */
  userSubnet?: boolean;
}

export interface VolumeRecord {
  name: string;
  driver: string;
  created: number;
  labels: Record<string, string>;
  anonymous: boolean;
  /** Labels and driver options as the create request sent them: `{}` from the CLI, absent (`null`) for one made by `-v`. */
  sent?: { labels: boolean; options: Record<string, string> | null };
}

export interface EngineEvent {
  at: number;
  type: string;
  action: string;
  id: string;
  attributes: Record<string, string>;
}

export interface EngineState {
  images: Record<string, ImageRecord>;
  layers: Record<string, LayerRecord>;
  containers: Record<string, ContainerRecord>;
  networks: Record<string, NetworkRecord>;
  volumes: Record<string, VolumeRecord>;
  events: EngineEvent[];
  /** When dockerd started (for `docker info` and events). */
  bootedAt: number;
}

export const ENGINE_VERSION = '28.2.2';
export const API_VERSION = '1.50';
export const MIN_API_VERSION = '1.24';

export function engineKey(host: string): string {
  return `docker/${host}`;
}

export function engineState(world: World, host: string): EngineState {
  return world.ext<EngineState>(engineKey(host), () => ({ images: {}, layers: {}, containers: {}, networks: {}, volumes: {}, events: [], bootedAt: world.clock.now }));
}

/** Finds a container by full id, name (with or without `/`) or unique id prefix, as the daemon does. */
export function findContainer(state: EngineState, ref: string): ContainerRecord | { ambiguous: true } | undefined {
  if (ref === '') return undefined;
  const exact = state.containers[ref];
  if (exact) return exact;
  const name = ref.startsWith('/') ? ref : `/${ref}`;
  for (const c of Object.values(state.containers)) if (c.name === name) return c;
  if (!/^[0-9a-f]+$/.test(ref)) return undefined;
  const matches = Object.values(state.containers).filter((c) => c.id.startsWith(ref));
  if (matches.length > 1) return { ambiguous: true };
  return matches[0];
}

/** Containers newest first, the order the daemon lists them in. */
export function containersNewestFirst(state: EngineState): ContainerRecord[] {
  // Created in the same millisecond of virtual time: the later one (inserted later) is newer, as
  // the daemon's nanosecond timestamps would order them.
  const order = Object.values(state.containers).map((c, i) => ({ c, i }));
  return order.sort((a, b) => b.c.created - a.c.created || b.i - a.i).map((x) => x.c);
}

export function recordEvent(world: World, state: EngineState, type: string, action: string, id: string, attributes: Record<string, string>): void {
  state.events.push({ at: world.clock.now, type, action, id, attributes });
  // The daemon keeps a bounded ring of recent events; so does the snapshot.
  if (state.events.length > 1000) state.events.splice(0, state.events.length - 1000);
}
