/**
 * The `registry:2` image's server (distribution 2.x): the v2 HTTP API over RegistryStore, listening
 * on :5000, logging each request to stderr as the real one does. The Docker engine's push uses the
 * standard flow against it:
 *
 *   HEAD /v2/<name>/blobs/<digest>                       200 (have it) | 404
 *   POST /v2/<name>/blobs/uploads/[?mount=<d>&from=<r>]  202 Location: /v2/<name>/blobs/uploads/<uuid> | 201 mounted
 *   PATCH <location>   body = chunk                       202 Range: 0-<n-1>
 *   PUT <location>?digest=<d>  [body = last chunk]        201 Location: /v2/<name>/blobs/<d>
 *   PUT /v2/<name>/manifests/<tag>  body = manifest       201 Docker-Content-Digest: sha256(body)
 *
 * and the pull: GET /v2/<name>/manifests/<tag|digest>, GET /v2/<name>/blobs/<digest>. Blob bodies are
 * stored verbatim; a request header `X-Podbook-Blob-Size` gives the real size when the body stands
 * in for layer bytes. `GET /v2/_catalog` and `/v2/<name>/tags/list` read the same files.
 */
import { rfc3339, rfc3339Nano } from '../../core/format.ts';
import { sha256Hex } from '../../core/sha256.ts';
import type { HttpRequest, HttpResponse, HttpService } from '../../kernel/http.ts';
import { queryGet } from '../../kernel/http.ts';
import type { Delivery } from '../../kernel/net/path.ts';
import type { World } from '../../kernel/world.ts';
import type { Program } from '../../kernel/types.ts';
import { listenFor } from './listen-util.ts';
import { clfDate, header, httpDate } from './http-util.ts';
import { serverWrite } from './output.ts';
import { processFs } from './procfs.ts';
import { REGISTRY_ROOT, RegistryStore } from './registry-store.ts';

export const REGISTRY_SERVICE = 'registry';
export const SIZE_HEADER = 'X-Podbook-Blob-Size';

const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*';
const DIGEST = 'sha256:[a-f0-9]{64}';

function base(world: World): Record<string, string> {
  return { 'Docker-Distribution-Api-Version': 'registry/2.0', 'X-Content-Type-Options': 'nosniff', Date: httpDate(world.clock.now) };
}

function json(world: World, status: number, value: unknown, extra: Record<string, string> = {}): HttpResponse {
  const body = JSON.stringify(value) + '\n';
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...base(world), ...extra, 'Content-Length': String(body.length) }, body };
}

function error(world: World, status: number, code: string, message: string, detail: unknown): HttpResponse {
  return json(world, status, { errors: [{ code, message, detail }] });
}

function empty(world: World, status: number, extra: Record<string, string>): HttpResponse {
  return { status, headers: { ...base(world), 'Content-Length': '0', ...extra }, body: '' };
}

/** Upload ids are UUIDs; deterministic from a per-world counter. */
function nextUuid(world: World): string {
  const st = world.ext<{ seq: number }>('servers/registry', () => ({ seq: 0 }));
  const h = sha256Hex(`registry-upload-${st.seq++}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Handles one request against a store. Exported for tests and for a registry outside a container. */
export function registryHandle(world: World, store: RegistryStore, req: HttpRequest): HttpResponse {
  const { method, path } = req;
  if (path === '/v2/' || path === '/v2') return json(world, 200, {});
  if (path === '/v2/_catalog' && (method === 'GET' || method === 'HEAD')) {
    let repos = store.repositories();
    const n = Number(queryGet(req, 'n') ?? '0');
    const last = queryGet(req, 'last');
    if (last) repos = repos.filter((r) => r > last);
    if (n > 0) repos = repos.slice(0, n);
    return json(world, 200, { repositories: repos });
  }
  let m = new RegExp(`^/v2/(${NAME})/tags/list$`).exec(path);
  if (m) {
    const name = m[1] as string;
    const tags = store.tags(name);
    if (!tags) return error(world, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
    return json(world, 200, { name, tags });
  }
  m = new RegExp(`^/v2/(${NAME})/manifests/([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|${DIGEST})$`).exec(path);
  if (m) return manifests(world, store, req, m[1] as string, m[2] as string);
  m = new RegExp(`^/v2/(${NAME})/blobs/uploads/?$`).exec(path);
  if (m && method === 'POST') return startUpload(world, store, req, m[1] as string);
  m = new RegExp(`^/v2/(${NAME})/blobs/uploads/([a-f0-9-]{36})$`).exec(path);
  if (m) return upload(world, store, req, m[1] as string, m[2] as string);
  m = new RegExp(`^/v2/(${NAME})/blobs/(${DIGEST})$`).exec(path);
  if (m && (method === 'GET' || method === 'HEAD')) {
    const [, name, digest] = m as unknown as [string, string, string];
    const blob = store.hasLayer(name, digest) ? store.blob(digest) : undefined;
    if (!blob) return error(world, 404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
    return {
      status: 200,
      headers: { 'Accept-Ranges': 'bytes', 'Cache-Control': 'max-age=31536000', 'Content-Length': String(blob.size), 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': digest, ...base(world), Etag: `"${digest}"` },
      body: method === 'HEAD' ? '' : blob.data,
    };
  }
  return error(world, 404, 'UNSUPPORTED', 'The operation is unsupported.', null);
}

function manifests(world: World, store: RegistryStore, req: HttpRequest, name: string, ref: string): HttpResponse {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const found = store.manifest(name, ref);
    if (!found) {
      if (!store.tags(name)) return error(world, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
      return error(world, 404, 'MANIFEST_UNKNOWN', 'manifest unknown', ref.startsWith('sha256:') ? null : { Tag: ref });
    }
    let mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
    try {
      mediaType = (JSON.parse(found.body) as { mediaType?: string }).mediaType ?? mediaType;
    } catch {
      // A manifest that is not JSON is served with the default type.
    }
    return {
      status: 200,
      headers: { 'Content-Length': String(found.body.length), 'Content-Type': mediaType, 'Docker-Content-Digest': found.digest, ...base(world), Etag: `"${found.digest}"` },
      body: req.method === 'HEAD' ? '' : found.body,
    };
  }
  if (req.method === 'PUT') {
    let parsed: { layers?: { digest: string }[]; config?: { digest: string } };
    try {
      parsed = JSON.parse(req.body) as typeof parsed;
    } catch {
      return error(world, 400, 'MANIFEST_INVALID', 'manifest invalid', 'invalid character in manifest');
    }
    for (const d of [parsed.config?.digest, ...(parsed.layers ?? []).map((l) => l.digest)]) {
      if (d && !store.hasLayer(name, d)) return error(world, 400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', d);
    }
    const digest = `sha256:${sha256Hex(req.body)}`;
    if (ref.startsWith('sha256:') && ref !== digest) return error(world, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', null);
    store.putManifest(name, digest, req.body, ref.startsWith('sha256:') ? undefined : ref);
    return empty(world, 201, { Location: `http://${header(req.headers, 'Host') ?? 'localhost:5000'}/v2/${name}/manifests/${digest}`, 'Docker-Content-Digest': digest });
  }
  if (req.method === 'DELETE') return error(world, 405, 'UNSUPPORTED', 'The operation is unsupported.', null);
  return error(world, 405, 'UNSUPPORTED', 'The operation is unsupported.', null);
}

function startUpload(world: World, store: RegistryStore, req: HttpRequest, name: string): HttpResponse {
  const mount = queryGet(req, 'mount');
  const from = queryGet(req, 'from');
  if (mount && from && store.hasLayer(from, mount)) {
    store.linkLayer(name, mount);
    return empty(world, 201, { Location: `/v2/${name}/blobs/${mount}`, 'Docker-Content-Digest': mount });
  }
  const uuid = nextUuid(world);
  store.startUpload(name, uuid, rfc3339Nano(world.clock.now));
  const digest = queryGet(req, 'digest');
  if (digest) return finishUpload(world, store, req, name, uuid, digest);
  return empty(world, 202, { Location: `/v2/${name}/blobs/uploads/${uuid}`, Range: '0-0', 'Docker-Upload-Uuid': uuid });
}

function declaredSize(req: HttpRequest): number | undefined {
  const v = header(req.headers, SIZE_HEADER);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function upload(world: World, store: RegistryStore, req: HttpRequest, name: string, uuid: string): HttpResponse {
  const size = store.uploadSize(name, uuid);
  if (size === undefined) return error(world, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', null);
  if (req.method === 'PATCH') {
    const total = store.appendUpload(name, uuid, req.body, declaredSize(req)) ?? 0;
    return empty(world, 202, { Location: `/v2/${name}/blobs/uploads/${uuid}`, Range: `0-${Math.max(0, total - 1)}`, 'Docker-Upload-Uuid': uuid });
  }
  if (req.method === 'GET') return empty(world, 204, { Location: `/v2/${name}/blobs/uploads/${uuid}`, Range: `0-${Math.max(0, size - 1)}`, 'Docker-Upload-Uuid': uuid });
  if (req.method === 'PUT') {
    const digest = queryGet(req, 'digest');
    if (!digest || !new RegExp(`^${DIGEST}$`).test(digest)) return error(world, 400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', null);
    return finishUpload(world, store, req, name, uuid, digest);
  }
  if (req.method === 'DELETE') {
    store.commitUpload(name, uuid, 'sha256:' + '0'.repeat(64));
    return empty(world, 204, {});
  }
  return error(world, 405, 'UNSUPPORTED', 'The operation is unsupported.', null);
}

function finishUpload(world: World, store: RegistryStore, req: HttpRequest, name: string, uuid: string, digest: string): HttpResponse {
  if (req.body !== '' || declaredSize(req) !== undefined) store.appendUpload(name, uuid, req.body, declaredSize(req));
  store.commitUpload(name, uuid, digest);
  return empty(world, 201, { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

/** The HTTP service bound to the registry process's :5000: storage in that process's filesystem. */
export const registryService: HttpService = (req, world, host, conn) => {
  const store = new RegistryStore(processFs(host, conn?.listener.pid), REGISTRY_ROOT);
  const res = registryHandle(world, store, req);
  logRequest(world, host.name, conn, req, res);
  return res;
};

/** The combined-format access line distribution writes to stdout for every request. */
function logRequest(world: World, host: string, conn: Delivery | undefined, req: HttpRequest, res: HttpResponse): void {
  if (!conn) return;
  const agent = header(req.headers, 'User-Agent') ?? '';
  const size = res.headers['Content-Length'] ?? '0';
  serverWrite(world, host, conn.listener.pid, 'stdout', `${conn.remoteIp} - - ${clfDate(world.clock.now)} "${req.method} ${req.path} HTTP/1.1" ${res.status} ${size} "" "${agent}"\n`);
}

/** `registry serve /etc/docker/registry/config.yml` (the image's entrypoint): binds :5000 and keeps running. */
export const registry: Program = (ctx) => {
  const iso = rfc3339(ctx.world.clock.now);
  const instance = sha256Hex(`instance-${ctx.pid}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  const bound = listenFor(ctx, 5000, 'registry', REGISTRY_SERVICE);
  if (!bound) {
    ctx.stderr(`time="${iso}" level=fatal msg="listen tcp :5000: bind: address already in use"\n`);
    return 1;
  }
  ctx.stderr(`time="${iso}" level=info msg="Starting upload purge in 20m0s" go.version=go1.20.8 instance.id=${instance} service=registry version=2.8.3\n`);
  ctx.stderr(`time="${iso}" level=info msg="listening on [::]:5000" go.version=go1.20.8 instance.id=${instance} service=registry version=2.8.3\n`);
  return 0;
};
