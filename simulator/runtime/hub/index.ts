/**
 * The simulated Docker Hub: resolves `repo:tag` to an image whose layer digests, image id and
 * manifest digest are SHA-256 hashes of the catalog's own content, the way a registry's are hashes
 * of the bytes it serves. Layers of a shared base hash the same, so pulling nginx after httpd
 * finds the Debian layer `Already exists`. Results are memoised: the catalog never changes.
 */
import { byCodePoint, parseRfc3339 } from '../../core/format.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { BASES, CATALOG, type CatalogImage, type FileSpec, type HistorySpec, type ImageConfigSpec } from './catalog.ts';

export interface HubLayer {
  /** Digest of the uncompressed layer (what `RootFS.Layers` lists). */
  diffId: string;
  /** Digest of the compressed blob (what a pull shows, cut to 12 hex). */
  digest: string;
  size: number;
  compressedSize: number;
  files: Record<string, FileSpec>;
}

export interface HubHistory {
  created: number;
  createdBy: string;
  size: number;
  comment: string;
  emptyLayer: boolean;
}

export interface HubImage {
  repo: string;
  tags: string[];
  /** `sha256:` of the image config: the IMAGE ID. */
  id: string;
  /** `sha256:` of the manifest: what `Digest:` and RepoDigests show. */
  digest: string;
  created: number;
  /** Nanoseconds below the millisecond of `created` (the catalog's times carry nine digits). */
  createdNanos: number;
  config: ImageConfigSpec;
  history: HubHistory[];
  layers: HubLayer[];
  size: number;
}

/** The digits of an RFC 3339 fraction past the milliseconds, as nanoseconds. */
export function nanosBelowMs(text: string): number {
  const m = /\.(\d+)/.exec(text);
  return m ? Number((m[1] as string).padEnd(9, '0').slice(3, 9)) : 0;
}

/** Built images by catalog index: hashing is slow in QuickJS, so an image is built when first asked for. */
const memo: (HubImage | undefined)[] = [];

function layerKey(owner: string, index: number, spec: HistorySpec): string {
  return `${owner}\n${index}\n${spec.by}\n${spec.size ?? 0}`;
}

function build(image: CatalogImage): HubImage {
  const base = image.base ? BASES[image.base] : undefined;
  const steps: { owner: string; index: number; spec: HistorySpec; created: string }[] = [];
  base?.history.forEach((spec, index) => steps.push({ owner: image.base as string, index, spec, created: base.created }));
  image.history.forEach((spec, index) => steps.push({ owner: `${image.repo}@${image.created}`, index, spec, created: image.created }));
  const layers: HubLayer[] = [];
  const history: HubHistory[] = [];
  for (const { owner, index, spec, created } of steps) {
    const empty = spec.size === undefined;
    history.push({ created: parseRfc3339(spec.at ?? created), createdBy: spec.by, size: spec.size ?? 0, comment: spec.comment ?? '', emptyLayer: empty });
    if (empty) continue;
    const diff = sha256Hex(`layer\n${layerKey(owner, index, spec)}`);
    layers.push({
      diffId: `sha256:${diff}`,
      digest: `sha256:${sha256Hex(`blob\n${diff}`)}`,
      size: spec.size as number,
      // Compressed blobs are about 40% of the layer; never zero bytes.
      compressedSize: Math.max(32, Math.round((spec.size as number) * 0.4)),
      files: spec.files ?? {},
    });
  }
  const config: ImageConfigSpec = { ...(base?.config ?? {}), ...image.config };
  const created = parseRfc3339(image.created);
  const configJson = JSON.stringify({ architecture: 'amd64', config, created: image.created, history: history.map((h) => h.createdBy), os: 'linux', rootfs: layers.map((l) => l.diffId) });
  const id = `sha256:${sha256Hex(configJson)}`;
  const digest = `sha256:${sha256Hex(`manifest\n${id}\n${layers.map((l) => l.digest).join('\n')}`)}`;
  return { repo: image.repo, tags: image.tags, id, digest, created, createdNanos: nanosBelowMs(image.created), config, history, layers, size: layers.reduce((n, l) => n + l.size, 0) };
}

function builtAt(index: number): HubImage {
  return (memo[index] ??= build(CATALOG[index] as CatalogImage));
}

export function hubImages(): HubImage[] {
  return CATALOG.map((_, index) => builtAt(index));
}

/** The image a repository's tag points at on the hub, if any (found from the catalog, built alone). */
export function hubLookup(repo: string, tag: string): HubImage | undefined {
  const index = CATALOG.findIndex((image) => image.repo === repo && image.tags.includes(tag));
  return index < 0 ? undefined : builtAt(index);
}

/** The image with a manifest digest, if any. */
export function hubLookupDigest(repo: string, digest: string): HubImage | undefined {
  for (let index = 0; index < CATALOG.length; index++) {
    if (CATALOG[index]?.repo !== repo) continue;
    const image = builtAt(index);
    if (image.digest === digest) return image;
  }
  return undefined;
}

/** The catalog's images of one repository (built on first use). */
export function hubRepoImages(repo: string): HubImage[] {
  const out: HubImage[] = [];
  CATALOG.forEach((image, index) => {
    if (image.repo === repo) out.push(builtAt(index));
  });
  return out;
}

export function hubHasRepo(repo: string): boolean {
  return CATALOG.some((image) => image.repo === repo);
}

/** Official images of Docker Hub that Podbook's hub does not hold (it says so when one is asked for). */
const OTHER_OFFICIAL = new Set(['adminer', 'almalinux', 'amazoncorretto', 'amazonlinux', 'bash', 'buildpack-deps', 'caddy', 'cassandra', 'clojure', 'composer', 'couchbase', 'couchdb', 'debian', 'docker', 'drupal', 'eclipse-temurin', 'elasticsearch', 'erlang', 'fedora', 'gcc', 'ghost', 'golang', 'gradle', 'haproxy', 'influxdb', 'jenkins', 'joomla', 'kibana', 'logstash', 'mariadb', 'maven', 'memcached', 'mongo', 'mongo-express', 'neo4j', 'nextcloud', 'node', 'openjdk', 'oraclelinux', 'php', 'postgres', 'python', 'rabbitmq', 'redmine', 'rockylinux', 'ruby', 'rust', 'solr', 'sonarqube', 'telegraf', 'tomcat', 'traefik', 'wordpress', 'zookeeper']);

/**
 * A line after the registry's own error for an image that exists on Docker Hub but not in
 * Podbook's hub, or a tag the hub does not hold: naming what it does hold instead.
 */
export function hubMissingNote(repo: string, tag: string): string | undefined {
  const shown = (path: string): string => path.replace(/^library\//, '');
  if (hubHasRepo(repo)) {
    const tags = CATALOG.filter((image) => image.repo === repo).flatMap((image) => image.tags);
    return tags.includes(tag) ? undefined : `podbook: Podbook's Docker Hub holds ${shown(repo)} with the tags ${tags.join(', ')}`;
  }
  if (!repo.startsWith('library/') || !OTHER_OFFICIAL.has(shown(repo))) return undefined;
  const held = [...new Set(CATALOG.map((image) => shown(image.repo)))].sort(byCodePoint);
  return `podbook: ${shown(repo)} is on Docker Hub but not in Podbook's; it holds ${held.join(', ')}`;
}

export { SEARCH_INDEX } from './catalog.ts';
