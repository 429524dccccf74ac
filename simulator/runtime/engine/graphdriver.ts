/**
 * The overlay2 storage driver's directories on the host, as `ls /var/lib/docker/overlay2` shows
 * them: one directory per image layer (`diff` holding the layer's files, `link` with its short
 * name, `lower` listing the layers below, `work`, `committed`), one per container layer and its
 * `-init` layer (the files Docker puts in every container), and `l/` with a symlink per short name.
 * A container layer's `diff` is the overlay's upper directory itself (a hidden mount of it, so the
 * host sees what the container wrote), and while the container runs its root is also mounted on
 * the host at `merged`: the `overlay on …/merged type overlay (…)` line of `mount`.
 */
import { sha256Hex } from '../../core/sha256.ts';
import type { Host } from '../../kernel/host.ts';
import { INITIAL_NS } from '../../kernel/namespaces.ts';
import { buildLayer, deleteLayer, putLayer, type LayerEntry } from '../../kernel/layers.ts';
import type { World } from '../../kernel/world.ts';

export const OVERLAY2 = '/var/lib/docker/overlay2';
const ROOT_DISK = { fstype: 'xfs', device: '/dev/mapper/centos-root', options: 'rw,seclabel,relatime,attr2,inode64,noquota' };
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The directory name of an image layer (the driver's cache id, 64 hex digits). */
export function layerDirId(diffId: string): string {
  return sha256Hex(`overlay2 cache-id\n${diffId}`);
}

/** A layer directory's short name in `l/` (26 base32 characters, as the driver makes them). */
export function linkId(dirId: string): string {
  const hex = sha256Hex(`overlay2 link\n${dirId}`);
  let bits = '';
  for (const c of hex) bits += parseInt(c, 16).toString(2).padStart(4, '0');
  let out = '';
  for (let i = 0; i < 26; i++) out += BASE32[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return out;
}

/** The layer-store key of a container's init layer. */
function initDigest(layerId: string): string {
  return `init:${layerId}`;
}

/** A lower of a container's overlay (top first) as its directory under overlay2. */
function lowerDirId(digest: string): string {
  return digest.startsWith('init:') ? `${digest.slice(5)}-init` : layerDirId(digest);
}

/**
 * Options of a container's overlay mount: its lowers (the init layer, then the image layers, top
 * first, as `host.sys.overlays[id].lowers` keeps them) by `l/` short name, the container layer's
 * `diff` above them and its `work` directory.
 */
export function overlayOptions(layerId: string, lowers: string[]): string {
  const links = lowers.map((d) => `${OVERLAY2}/l/${linkId(lowerDirId(d))}`);
  return `rw,relatime,lowerdir=${links.join(':')},upperdir=${OVERLAY2}/${layerId}/diff,workdir=${OVERLAY2}/${layerId}/work`;
}

function writeLinks(host: Host, dirId: string, below: string[]): void {
  const dir = `${OVERLAY2}/${dirId}`;
  const link = linkId(dirId);
  host.fs.writeFile(`${dir}/link`, link, { mode: 0o644 });
  if (below.length > 0) {
    host.fs.writeFile(`${dir}/lower`, below.map((d) => `l/${linkId(d)}`).join(':'), { mode: 0o644 });
    host.fs.mkdir(`${dir}/work`, { parents: true, mode: 0o700 });
  }
  host.fs.mkdir(`${OVERLAY2}/l`, { parents: true, mode: 0o700 });
  if (!host.fs.tryStat(`${OVERLAY2}/l/${link}`, false)) host.fs.symlink(`../${dirId}/diff`, `${OVERLAY2}/l/${link}`);
}

function isMounted(host: Host, target: string): boolean {
  return (host.sys.mountNs[INITIAL_NS.mnt] ?? []).some((m) => m.target === target);
}

/** Gives each image layer (bottom first) its directory, once; `diff` shows the layer's files. */
export function publishImageLayers(host: Host, diffIds: string[]): void {
  diffIds.forEach((diffId, i) => {
    const dirId = layerDirId(diffId);
    const dir = `${OVERLAY2}/${dirId}`;
    if (isMounted(host, `${dir}/diff`)) return;
    host.fs.mkdir(dir, { parents: true, mode: 0o700 });
    host.mount(INITIAL_NS.mnt, `${dir}/diff`, { kind: 'layer', digest: diffId }, { ...ROOT_DISK, hidden: true });
    host.fs.writeFile(`${dir}/committed`, '', { mode: 0o600 });
    writeLinks(host, dirId, diffIds.slice(0, i).reverse().map(layerDirId));
  });
}

/** When the engine deletes image layers (`docker rmi`, `image prune`): their directories go too. */
export function unpublishImageLayers(host: Host, diffIds: string[]): void {
  for (const diffId of diffIds) removeLayerDir(host, layerDirId(diffId));
}

function removeLayerDir(host: Host, dirId: string): void {
  const dir = `${OVERLAY2}/${dirId}`;
  if (isMounted(host, `${dir}/diff`)) host.umount(INITIAL_NS.mnt, `${dir}/diff`);
  for (const path of [`${OVERLAY2}/l/${linkId(dirId)}`, dir]) {
    try {
      host.fs.remove(path, { recursive: true });
    } catch {
      // Already gone.
    }
  }
}

/** What Docker writes into every container's `-init` layer (empty placeholders it mounts over). */
const INIT_FILES = ['.dockerenv', 'dev/console', 'etc/hostname', 'etc/hosts', 'etc/resolv.conf'];
const INIT_DIRS = ['dev/pts', 'dev/shm', 'etc', 'proc', 'sys'];

/**
 * A container's root at `docker create`: an overlay (key `overlayId`) of its `-init` layer over
 * the image layers (bottom first in `diffIds`), and the driver's directories on the host; the
 * container layer's `diff` is the overlay's upper directory.
 */
export function createContainerLayers(world: World, host: Host, layerId: string, overlayId: string, diffIds: string[], created: number): void {
  const init = initDigest(layerId);
  const entries: LayerEntry[] = [
    ...INIT_DIRS.map((path): LayerEntry => ({ path: `/${path}`, type: 'dir' })),
    ...INIT_FILES.map((path): LayerEntry => ({ path: `/${path}`, type: 'file', data: '', mode: 0o755 })),
    { path: '/etc/mtab', type: 'symlink', target: '/proc/mounts' },
  ];
  putLayer(world, init, buildLayer(entries, created));
  host.createOverlay(overlayId, [init, ...[...diffIds].reverse()]);
  publishImageLayers(host, diffIds);
  const images = [...diffIds].reverse().map(layerDirId);
  const initDir = `${OVERLAY2}/${layerId}-init`;
  host.fs.mkdir(initDir, { parents: true, mode: 0o700 });
  if (!isMounted(host, `${initDir}/diff`)) host.mount(INITIAL_NS.mnt, `${initDir}/diff`, { kind: 'layer', digest: init }, { ...ROOT_DISK, hidden: true });
  writeLinks(host, `${layerId}-init`, images);
  const dir = `${OVERLAY2}/${layerId}`;
  host.fs.mkdir(`${dir}/merged`, { parents: true });
  if (!isMounted(host, `${dir}/diff`)) host.mount(INITIAL_NS.mnt, `${dir}/diff`, { kind: 'upper', id: overlayId }, { ...ROOT_DISK, hidden: true });
  writeLinks(host, layerId, [`${layerId}-init`, ...images]);
}

/** The running container's root, mounted on the host at `merged` (at start). */
export function mountMerged(host: Host, layerId: string, overlayId: string, options: string): void {
  const target = `${OVERLAY2}/${layerId}/merged`;
  if (!isMounted(host, target)) host.mount(INITIAL_NS.mnt, target, { kind: 'overlay', id: overlayId }, { fstype: 'overlay', device: 'overlay', options });
}

/** When the container stops: `merged` is an empty directory again. */
export function unmountMerged(host: Host, layerId: string): void {
  const target = `${OVERLAY2}/${layerId}/merged`;
  if (isMounted(host, target)) host.umount(INITIAL_NS.mnt, target);
}

/** The same, found by the overlay the mount shows (what the shim knows the container by). */
export function unmountMergedOf(host: Host, overlayId: string): void {
  for (const m of [...(host.sys.mountNs[INITIAL_NS.mnt] ?? [])]) {
    if (m.source.kind === 'overlay' && m.source.id === overlayId) host.umount(INITIAL_NS.mnt, m.target);
  }
}

/** When the container is removed: both its layers and their short names go. */
export function unpublishContainerLayer(host: Host, layerId: string): void {
  unmountMerged(host, layerId);
  for (const dirId of [layerId, `${layerId}-init`]) removeLayerDir(host, dirId);
  deleteLayer(host.world, initDigest(layerId));
}
