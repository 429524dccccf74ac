/**
 * A container's kernel side, made with the kernel's container API: the image layers in the
 * world's layer store, an overlay root (its upper directory is the container's writable layer
 * and outlives stops), a containerd-shim parent, fresh mnt/pid/uts/ipc/net namespaces, the
 * standard container mounts, /etc/hosts, /etc/hostname and /etc/resolv.conf bind-mounted from
 * /var/lib/docker/containers/<id>, volumes and bind mounts, and a cgroup under /docker/<id>.
 */
import type { Host } from '../../kernel/host.ts';
import { parseRfc3339 } from '../../core/format.ts';
import { buildLayer, hasLayer, putLayer, type LayerEntry } from '../../kernel/layers.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import type { World } from '../../kernel/world.ts';
import type { ContainerRecord, EngineState } from './state.ts';
import { mountVolumes } from './volumes.ts';
import { containerResolvConf } from './resolv-conf.ts';
import { createContainerLayers, mountMerged, overlayOptions, publishImageLayers, unmountMergedOf, unpublishContainerLayer } from './graphdriver.ts';

/** Puts an image's layers into the kernel's layer store (once per lab). */
export function ensureLayers(world: World, state: EngineState, imageId: string): string[] {
  const image = state.images[imageId];
  if (!image) return [];
  for (const diffId of image.layers) {
    if (hasLayer(world, diffId)) continue;
    const layer = state.layers[diffId];
    const entries: LayerEntry[] = [];
    for (const path of Object.keys(layer?.files ?? {}).sort()) {
      const spec = layer!.files[path]!;
      if (typeof spec === 'string') entries.push({ path, type: 'file', data: spec });
      else if ('data' in spec) entries.push({ path, type: 'file', data: spec.data, mode: spec.mode, ...(spec.gid !== undefined ? { gid: spec.gid } : {}) });
      else if ('prog' in spec) entries.push({ path, type: 'file', data: '', mode: 0o755, prog: spec.prog, size: 0 });
      else if ('link' in spec) entries.push({ path, type: 'symlink', target: spec.link });
      else entries.push({ path, type: 'dir', mode: spec.mode ?? 0o755 });
    }
    const root = layer?.files['/'];
    const tree = buildLayer(entries, root && typeof root === 'object' && 'dir' in root && root.mtime ? parseRfc3339(root.mtime) : image.created);
    // The layer's size less the bytes modelled as files is what its unmodelled files occupy (du counts it).
    const modelled = entries.reduce((n, e) => n + (e.type === 'file' ? (e.size ?? (e.data ?? '').length) : 0), 0);
    if (layer && layer.size > modelled) tree.unmodelledBytes = layer.size - modelled;
    putLayer(world, diffId, tree);
  }
  return image.layers;
}

/**
 * Extracts an image's layers into overlay2 on the host, as dockerd does when an image arrives
 * (pull, load, import, commit, build), so `ls /var/lib/docker/overlay2` and `du` see them at once.
 */
export function publishImage(world: World, host: Host, state: EngineState, imageId: string): void {
  publishImageLayers(host, ensureLayers(world, state, imageId));
}

/** Creates the container's overlay root (at `docker create`). */
export function createRoot(world: World, host: Host, state: EngineState, c: ContainerRecord): void {
  const layers = ensureLayers(world, state, c.imageId);
  // The -init layer's placeholders (and the /etc holding them) are made now, as dockerd makes them.
  createContainerLayers(world, host, c.layerId, c.id, layers, world.clock.now);
  const dir = `/var/lib/docker/containers/${c.id}`;
  host.fs.mkdir(dir, { parents: true });
  host.fs.writeFile(`${dir}/hostname`, `${c.config.Hostname}\n`);
  host.fs.writeFile(`${dir}/resolv.conf`, resolvConf(host, c));
}

/** /etc/resolv.conf of a container, made from the host's own (resolv-conf.ts has the rules). */
export function resolvConf(host: Host, c: ContainerRecord): string {
  const list = (k: string): string[] => (Array.isArray(c.hostConfig[k]) ? (c.hostConfig[k] as string[]) : []);
  const mode = String(c.hostConfig['NetworkMode'] ?? 'bridge');
  const userNet = Object.keys(c.networks).some((n) => n !== 'bridge' && n !== 'host' && n !== 'none');
  const hostText = host.fs.tryStat('/etc/resolv.conf') ? host.fs.readFile('/etc/resolv.conf') : '';
  return containerResolvConf(hostText, userNet ? 'internal' : mode === 'host' || mode === 'none' ? 'host' : 'legacy', { dns: list('Dns'), search: list('DnsSearch'), options: list('DnsOptions') });
}

/**
 * After the container joins a network: the embedded resolver takes over its resolv.conf when it
 * joins a user network, unless someone has edited the file since the engine wrote `before`.
 */
export function refreshResolvConf(host: Host, c: ContainerRecord, before: string): void {
  const path = `/var/lib/docker/containers/${c.id}/resolv.conf`;
  if (!host.fs.tryStat(path) || host.fs.readFile(path) !== before) return;
  host.fs.writeFile(path, resolvConf(host, c));
}

/** /etc/hosts: the standard lines, `--add-host` entries, legacy links, then the container itself. */
export function containerHosts(c: ContainerRecord, linked: { ip: string; names: string }[] = []): string {
  const ips = Object.values(c.networks).map((e) => e.ip).filter(Boolean);
  let text = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff00::1\tip6-allnodes\nff00::2\tip6-allrouters\n';
  for (const entry of Array.isArray(c.hostConfig['ExtraHosts']) ? (c.hostConfig['ExtraHosts'] as string[]) : []) {
    const colon = entry.indexOf(':');
    text += `${entry.slice(colon + 1)}\t${entry.slice(0, colon)}\n`;
  }
  for (const l of linked) text += `${l.ip}\t${l.names}\n`;
  for (const ip of ips) text += `${ip}\t${c.config.Hostname}\n`;
  return text;
}

export interface Sandbox {
  shim: number;
  ns: { mnt: number; pid: number; uts: number; ipc: number; net: number };
  fs: Vfs;
}

/** Namespaces and mounts for a start; the caller spawns PID 1 into them. */
export function createSandbox(host: Host, c: ContainerRecord, netnsFor: (creator: number) => number, linked: { ip: string; names: string }[] = []): Sandbox {
  const shim = host.spawn({ ppid: 1, argv: ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', c.id, '-address', '/run/containerd/containerd.sock'], prog: 'containerd-shim', state: 'S' });
  const mnt = host.createNamespace('mnt', { creator: shim.pid, empty: true });
  const pid = host.createNamespace('pid', { creator: shim.pid });
  const uts = host.createNamespace('uts', { creator: shim.pid, hostname: c.config.Hostname });
  const ipc = host.createNamespace('ipc', { creator: shim.pid });
  const net = netnsFor(shim.pid);
  const rootOptions = overlayOptions(c.layerId, host.sys.overlays[c.id]?.lowers ?? []);
  host.setupContainerMounts({
    mntNs: mnt,
    id: c.id,
    root: { kind: 'overlay', id: c.id },
    rootOptions,
    pidNs: pid,
    cgroupPath: `/docker/${c.id}`,
    readOnlyRoot: c.hostConfig['ReadonlyRootfs'] === true,
  });
  const dir = `/var/lib/docker/containers/${c.id}`;
  host.fs.writeFile(`${dir}/hosts`, containerHosts(c, linked));
  for (const [target, file] of [['/etc/resolv.conf', 'resolv.conf'], ['/etc/hostname', 'hostname'], ['/etc/hosts', 'hosts']] as const) {
    host.bindMount(mnt, target, `${dir}/${file}`);
  }
  mountMerged(host, c.layerId, c.id, rootOptions);
  populateVolumes(host, host.fsOfNamespace(mnt), c);
  mountVolumes(host, mnt, c);
  return { shim: shim.pid, ns: { mnt, pid, uts, ipc, net }, fs: host.fsOfNamespace(mnt) };
}

/** An empty volume mounted over a directory of the image first gets a copy of that directory, as the daemon does. */
function populateVolumes(host: Host, root: Vfs, c: ContainerRecord): void {
  for (const m of c.mounts ?? []) {
    if (m.Type !== 'volume' || host.fs.readdir(m.Source).length > 0) continue;
    if (root.tryStat(m.Destination)?.type !== 'dir') continue;
    copyTree(root, m.Destination, host.fs, m.Source);
  }
}

function copyTree(from: Vfs, src: string, to: Vfs, dst: string): void {
  for (const name of from.readdir(src)) {
    const s = `${src}/${name}`;
    const d = `${dst}/${name}`;
    const node = from.lstat(s);
    if (node.type === 'dir') {
      to.mkdir(d, { mode: node.mode });
      copyTree(from, s, to, d);
    } else if (node.type === 'symlink') to.symlink(node.target ?? '', d);
    else if (node.type === 'file') to.writeFile(d, node.data ?? '', { mode: node.mode, ...(node.prog ? { prog: node.prog } : {}), ...(node.size !== undefined ? { size: node.size } : {}) });
  }
}

/** After PID 1 is gone: the shim leaves too (namespaces go with their last process). */
export function releaseSandbox(host: Host, shim: number | undefined): void {
  const argv = shim === undefined ? [] : (host.proc(shim)?.argv ?? []);
  const id = argv[argv.indexOf('-id') + 1];
  if (argv.includes('-id') && id) unmountMergedOf(host, id);
  if (shim !== undefined && host.proc(shim)) host.reap(shim);
}

/** When the container is removed: its root, its mounts' filesystems and its files on the host. */
export function removeRoot(host: Host, c: ContainerRecord): void {
  host.teardownContainerMounts(c.id);
  unpublishContainerLayer(host, c.layerId);
  host.removeOverlay(c.id);
  for (const path of [`/var/lib/docker/containers/${c.id}`, `/var/lib/docker/overlay2/${c.layerId}`]) {
    try {
      host.fs.remove(path, { recursive: true });
    } catch {
      // Already gone.
    }
  }
}
