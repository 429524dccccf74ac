/**
 * Storage of a Docker registry v2 (distribution 2.x, filesystem driver) as the real one lays it out
 * under its root directory (`/var/lib/registry` in the `registry:2` image):
 *
 *   docker/registry/v2/blobs/sha256/<2 hex>/<64 hex>/data              blob bytes (layers, configs, manifests)
 *   docker/registry/v2/repositories/<name>/_layers/sha256/<hex>/link    "sha256:<hex>": the repo has this blob
 *   docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
 *   docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/current/link
 *   docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/index/sha256/<hex>/link
 *   docker/registry/v2/repositories/<name>/_uploads/<uuid>/{data,startedat}
 *
 * Layer bytes are not modelled: a blob's `data` holds whatever the client sent (the Docker engine
 * sends its own layer descriptor) and its apparent size is the declared one, so `du` and
 * Content-Length read true. Everything is in the server's filesystem, so a volume keeps it.
 */
import { byCodePoint } from '../../core/format.ts';
import type { Vfs } from '../../kernel/vfs.ts';

export const REGISTRY_ROOT = '/var/lib/registry';
const V2 = 'docker/registry/v2';

export interface StoredBlob {
  digest: string;
  data: string;
  size: number;
}

export class RegistryStore {
  readonly fs: Vfs;
  readonly root: string;

  constructor(fs: Vfs, root = REGISTRY_ROOT) {
    this.fs = fs;
    this.root = root;
  }

  private p(...parts: string[]): string {
    return [this.root, V2, ...parts].join('/');
  }

  private blobPath(digest: string): string {
    const hex = digest.replace(/^sha256:/, '');
    return this.p('blobs', 'sha256', hex.slice(0, 2), hex, 'data');
  }

  private write(path: string, data: string, size?: number): void {
    this.fs.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true });
    this.fs.writeFile(path, data, size !== undefined && size !== data.length ? { size } : {});
  }

  private read(path: string): string | undefined {
    try {
      return this.fs.readFile(path);
    } catch {
      return undefined;
    }
  }

  /** A blob by digest, or undefined. */
  blob(digest: string): StoredBlob | undefined {
    const node = this.fs.tryStat(this.blobPath(digest));
    if (!node || node.type !== 'file') return undefined;
    const data = node.data ?? '';
    return { digest, data, size: node.size ?? data.length };
  }

  /** Stores a blob (idempotent); `size` is the declared length when `data` stands in for it. */
  putBlob(digest: string, data: string, size = data.length): void {
    if (!this.blob(digest)) this.write(this.blobPath(digest), data, size);
  }

  /** Whether a repository links to a blob (`_layers`), i.e. HEAD /v2/<name>/blobs/<digest> answers 200. */
  hasLayer(name: string, digest: string): boolean {
    return this.read(this.p('repositories', name, '_layers', 'sha256', digest.replace(/^sha256:/, ''), 'link')) !== undefined && !!this.blob(digest);
  }

  linkLayer(name: string, digest: string): void {
    this.write(this.p('repositories', name, '_layers', 'sha256', digest.replace(/^sha256:/, ''), 'link'), digest);
  }

  /** Starts an upload session. */
  startUpload(name: string, uuid: string, startedAt: string): void {
    this.write(this.p('repositories', name, '_uploads', uuid, 'startedat'), startedAt);
    this.write(this.p('repositories', name, '_uploads', uuid, 'data'), '');
  }

  /** Appends a chunk; returns the new length, or undefined when the session is unknown. */
  appendUpload(name: string, uuid: string, chunk: string, declared?: number): number | undefined {
    const path = this.p('repositories', name, '_uploads', uuid, 'data');
    const node = this.fs.tryStat(path);
    if (!node) return undefined;
    const size = (node.size ?? (node.data ?? '').length) + (declared ?? chunk.length);
    this.fs.writeFile(path, (node.data ?? '') + chunk, { size });
    return size;
  }

  uploadSize(name: string, uuid: string): number | undefined {
    const node = this.fs.tryStat(this.p('repositories', name, '_uploads', uuid, 'data'));
    return node ? (node.size ?? (node.data ?? '').length) : undefined;
  }

  /** Finishes an upload: the data becomes blob `digest`, linked into the repository. */
  commitUpload(name: string, uuid: string, digest: string): StoredBlob | undefined {
    const dir = this.p('repositories', name, '_uploads', uuid);
    const node = this.fs.tryStat(`${dir}/data`);
    if (!node) return undefined;
    const data = node.data ?? '';
    this.putBlob(digest, data, node.size ?? data.length);
    this.linkLayer(name, digest);
    this.fs.remove(dir, { recursive: true });
    return this.blob(digest);
  }

  /** Stores a manifest under its digest and (when `tag` is given) points the tag at it. */
  putManifest(name: string, digest: string, body: string, tag?: string): void {
    const hex = digest.replace(/^sha256:/, '');
    this.putBlob(digest, body);
    this.write(this.p('repositories', name, '_manifests', 'revisions', 'sha256', hex, 'link'), digest);
    if (tag !== undefined) {
      this.write(this.p('repositories', name, '_manifests', 'tags', tag, 'current', 'link'), digest);
      this.write(this.p('repositories', name, '_manifests', 'tags', tag, 'index', 'sha256', hex, 'link'), digest);
    }
  }

  /** The digest a tag points at. */
  tagDigest(name: string, tag: string): string | undefined {
    return this.read(this.p('repositories', name, '_manifests', 'tags', tag, 'current', 'link'));
  }

  /** A manifest by tag or digest, with its digest. */
  manifest(name: string, reference: string): { digest: string; body: string } | undefined {
    const digest = reference.startsWith('sha256:') ? reference : this.tagDigest(name, reference);
    if (!digest) return undefined;
    if (this.read(this.p('repositories', name, '_manifests', 'revisions', 'sha256', digest.slice(7), 'link')) === undefined) return undefined;
    const blob = this.blob(digest);
    return blob ? { digest, body: blob.data } : undefined;
  }

  /** Tags of a repository, sorted; undefined when the repository does not exist. */
  tags(name: string): string[] | undefined {
    const dir = this.p('repositories', name, '_manifests', 'tags');
    if (!this.fs.tryStat(this.p('repositories', name))) return undefined;
    try {
      return this.fs.readdir(dir).sort(byCodePoint);
    } catch {
      return [];
    }
  }

  /** Repository names (`sxq/httpd`), sorted: directories holding a `_manifests` folder. */
  repositories(): string[] {
    const base = this.p('repositories');
    const out: string[] = [];
    const walk = (dir: string, prefix: string, depth: number): void => {
      let names: string[];
      try {
        names = this.fs.readdir(dir);
      } catch {
        return;
      }
      if (names.includes('_manifests')) out.push(prefix);
      if (depth > 8) return;
      for (const n of names) if (!n.startsWith('_') && this.fs.tryStat(`${dir}/${n}`)?.type === 'dir') walk(`${dir}/${n}`, prefix ? `${prefix}/${n}` : n, depth + 1);
    };
    walk(base, '', 0);
    return out.filter(Boolean).sort(byCodePoint);
  }
}
