/**
 * What readers push to the simulated Docker Hub: repositories, their tags (a manifest digest and
 * the image behind it) and the layer blobs, kept in the world (`hub-pushed`) so a later pull of
 * `user/repo` — after `rmi`, or on another host — gets the image back. A blob the Hub already has
 * in a repository is not uploaded again (`Layer already exists`); one it has in another repository
 * is mounted from there.
 */
import type { World } from '../../kernel/world.ts';
import type { FileSpec, ImageConfigSpec } from './catalog.ts';
import { hubRepoImages, type HubHistory, type HubImage } from './index.ts';

export interface PushedLayer {
  diffId: string;
  digest: string;
  size: number;
}

export interface PushedImage {
  id: string;
  digest: string;
  created: number;
  createdNanos?: number;
  config: ImageConfigSpec;
  history: HubHistory[];
  layers: PushedLayer[];
  size: number;
}

interface HubStore {
  repos: Record<string, { tags: Record<string, PushedImage> }>;
  /** Blobs by digest: the files a pull restores. */
  blobs: Record<string, { files: Record<string, FileSpec> }>;
}

function store(world: World): HubStore {
  return world.ext<HubStore>('hub-pushed', () => ({ repos: {}, blobs: {} }));
}

/** Whether the repository (catalog or pushed) already holds the blob. */
export function hubRepoHasBlob(world: World, repo: string, digest: string): boolean {
  const pushed = store(world).repos[repo];
  if (pushed && Object.values(pushed.tags).some((img) => img.layers.some((l) => l.digest === digest))) return true;
  return hubRepoImages(repo).some((img) => img.layers.some((l) => l.digest === digest));
}

/** A pushed repository holding the blob, for `Mounted from`. */
export function pushedBlobSource(world: World, digest: string, except: string): string | undefined {
  for (const repo of Object.keys(store(world).repos).sort()) {
    if (repo !== except && hubRepoHasBlob(world, repo, digest)) return repo;
  }
  return undefined;
}

export function recordPush(world: World, repo: string, tag: string, image: PushedImage, files: Record<string, Record<string, FileSpec>>): void {
  const s = store(world);
  (s.repos[repo] ??= { tags: {} }).tags[tag] = image;
  for (const layer of image.layers) s.blobs[layer.digest] ??= { files: files[layer.diffId] ?? {} };
}

export function pushedRepo(world: World, repo: string): boolean {
  return repo in store(world).repos;
}

/** A pushed tag (or manifest digest) as the Hub serves it to a pull. */
export function pushedLookup(world: World, repo: string, tagOrDigest: string): HubImage | undefined {
  const s = store(world);
  const tags = s.repos[repo]?.tags ?? {};
  const image = tags[tagOrDigest] ?? Object.values(tags).find((i) => i.digest === tagOrDigest);
  if (!image) return undefined;
  return {
    repo,
    tags: Object.keys(tags).filter((t) => tags[t] === image),
    id: image.id,
    digest: image.digest,
    created: image.created,
    createdNanos: image.createdNanos ?? 0,
    config: image.config,
    history: image.history,
    layers: image.layers.map((l) => ({ ...l, compressedSize: Math.max(32, Math.round(l.size * 0.4)), files: s.blobs[l.digest]?.files ?? {} })),
    size: image.size,
  };
}
