/**
 * Talking to registries other than the simulated hub: push (the v2 upload flow: HEAD blob, POST
 * upload, PUT with digest, then PUT manifest) and pull (GET manifest, GET blobs), over the lab's
 * real TCP path from the host (so a registry container behind `-p 1000:5000` answers). Blob bodies
 * carry the layer's files as JSON, so an image pulled back after `rmi` has its files again.
 * Loopback registries are spoken to over plain HTTP; others would need TLS, which is refused as
 * the daemon refuses it.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import { ROOT_NETNS } from '../../kernel/net/types.ts';
import { tcpHttpRequest } from '../../kernel/socket.ts';
import type { World } from '../../kernel/world.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { shortId } from '../../core/ids.ts';
import { familiarName, type ImageRef } from '../image/reference.ts';
import type { FileSpec } from '../hub/catalog.ts';
import { recordEvent, type EngineState, type ImageRecord } from './state.ts';

const SIZE_HEADER = 'X-Podbook-Blob-Size';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

interface Line {
  at: number;
  msg: Record<string, unknown>;
}

type Addr = { ip: string; port: number } | { error: string };

function address(domain: string): Addr {
  const m = /^(localhost|[\d.]+)(?::(\d+))?$/.exec(domain);
  if (!m) return { error: `Get "https://${domain}/v2/": dial tcp: lookup ${domain.replace(/:\d+$/, '')}: no such host` };
  const ip = m[1] === 'localhost' ? '127.0.0.1' : (m[1] as string);
  const port = m[2] ? Number(m[2]) : 443;
  if (!ip.startsWith('127.')) return { error: `Get "https://${domain}/v2/": http: server gave HTTP response to HTTPS client` };
  return { ip, port };
}

function call(world: World, host: Host, domain: string, addr: { ip: string; port: number }, method: string, path: string, body = '', headers: Record<string, string> = {}, query: [string, string][] = []): HttpResponse | string {
  const req: HttpRequest = { method, path, query, headers: { 'User-Agent': 'docker/28.2.2 go/go1.24.3 git-commit/45873be kernel/3.10.0-1160.el7.x86_64 os/linux arch/amd64', ...headers }, body };
  const r = tcpHttpRequest(world, host.name, ROOT_NETNS, addr.ip, addr.port, req);
  if (!r.ok) return `Get "http://${domain}/v2/": dial tcp ${addr.ip}:${addr.port}: connect: connection refused`;
  return r.response;
}

function blobBody(diffId: string, size: number, files: Record<string, FileSpec>): string {
  return JSON.stringify({ diffId, size, files });
}

/** The image config blob; it names the image id the engine knows it by, so a pull brings it back. */
function configBody(image: ImageRecord): string {
  return JSON.stringify({ architecture: 'amd64', config: image.config, created: image.created, ...(image.createdNanos !== undefined ? { createdNanos: image.createdNanos } : {}), history: image.history, os: 'linux', rootfs: { type: 'layers', diff_ids: image.layers }, id: image.id });
}

export type DistributionResult = { ok: true; lines: Line[] } | { ok: false; status: number; message: string };

export function pushImage(world: World, host: Host, state: EngineState, image: ImageRecord, ref: ImageRef, tag: string): DistributionResult {
  const start = world.clock.now;
  const repo = ref.path;
  const lines: Line[] = [{ at: start, msg: { status: `The push refers to repository [${ref.domain}/${repo}]` } }];
  const addr = address(ref.domain);
  if ('error' in addr) return { ok: false, status: 500, message: addr.error };
  const top = [...image.layers].reverse();
  for (const diffId of top) lines.push({ at: start, msg: { status: 'Preparing', progressDetail: {}, id: shortId(diffId) } });
  let t = start + 50;
  const layers: { digest: string; size: number }[] = [];
  for (const diffId of image.layers) {
    const layer = state.layers[diffId];
    if (!layer) return { ok: false, status: 500, message: `layer does not exist: ${diffId}` };
    const compressed = Math.max(32, Math.round(layer.size * 0.4));
    layers.push({ digest: layer.digest, size: compressed });
  }
  const results: Record<string, 'exists' | 'pushed'> = {};
  for (const diffId of top) {
    const layer = state.layers[diffId]!;
    const head = call(world, host, ref.domain, addr, 'HEAD', `/v2/${repo}/blobs/${layer.digest}`);
    if (typeof head === 'string') return { ok: false, status: 500, message: head };
    if (head.status === 200) {
      results[diffId] = 'exists';
      continue;
    }
    const started = call(world, host, ref.domain, addr, 'POST', `/v2/${repo}/blobs/uploads/`);
    if (typeof started === 'string') return { ok: false, status: 500, message: started };
    const location = started.headers['Location'] ?? '';
    const compressed = Math.max(32, Math.round(layer.size * 0.4));
    const put = call(world, host, ref.domain, addr, 'PUT', location, blobBody(diffId, layer.size, layer.files), { [SIZE_HEADER]: String(compressed) }, [['digest', layer.digest]]);
    if (typeof put === 'string') return { ok: false, status: 500, message: put };
    results[diffId] = 'pushed';
  }
  // Uploads run in parallel: small layers finish first.
  const order = [...top].sort((a, b) => (state.layers[a]!.size - state.layers[b]!.size) || (a < b ? -1 : 1));
  for (const diffId of order) {
    const id = shortId(diffId);
    if (results[diffId] === 'exists') lines.push({ at: t, msg: { status: 'Layer already exists', progressDetail: {}, id } });
    else {
      const size = Math.max(32, Math.round(state.layers[diffId]!.size * 0.4));
      t += Math.max(20, Math.round((size / 12_000_000) * 1000));
      lines.push({ at: t, msg: { status: 'Pushing', progressDetail: { current: size, total: size }, progress: '', id } });
      lines.push({ at: t, msg: { status: 'Pushed', progressDetail: {}, id } });
    }
  }
  const config = configBody(image);
  const configDigest = `sha256:${sha256Hex(config)}`;
  const cfgStart = call(world, host, ref.domain, addr, 'POST', `/v2/${repo}/blobs/uploads/`);
  if (typeof cfgStart === 'string') return { ok: false, status: 500, message: cfgStart };
  call(world, host, ref.domain, addr, 'PUT', cfgStart.headers['Location'] ?? '', config, {}, [['digest', configDigest]]);
  const manifest = JSON.stringify(
    { schemaVersion: 2, mediaType: MANIFEST_TYPE, config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest }, layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.size, digest: l.digest })) },
    null,
    3,
  );
  const put = call(world, host, ref.domain, addr, 'PUT', `/v2/${repo}/manifests/${tag}`, manifest, { 'Content-Type': MANIFEST_TYPE });
  if (typeof put === 'string') return { ok: false, status: 500, message: put };
  const digest = put.headers['Docker-Content-Digest'] ?? `sha256:${sha256Hex(manifest)}`;
  world.advance(t - start + 10);
  lines.push({ at: t + 10, msg: { status: `${tag}: digest: ${digest} size: ${manifest.length}` } });
  lines.push({ at: t + 10, msg: { progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: manifest.length } } });
  const name = `${familiarName(ref)}@${digest}`;
  if (!image.repoDigests.includes(name)) image.repoDigests.push(name);
  recordEvent(world, state, 'image', 'push', `${familiarName(ref)}:${tag}`, { name: familiarName(ref) });
  return { ok: true, lines };
}

export type RegistryPull = { ok: true; lines: Line[]; image: ImageRecord } | { ok: false; status: number; message: string };

/** Pulls `ref` from a private registry into the engine. */
export function pullFromRegistry(world: World, host: Host, state: EngineState, ref: ImageRef, tag: string): RegistryPull {
  const addr = address(ref.domain);
  if ('error' in addr) return { ok: false, status: 500, message: addr.error };
  const repo = ref.path;
  const res = call(world, host, ref.domain, addr, 'GET', `/v2/${repo}/manifests/${ref.digest ?? tag}`, '', { Accept: MANIFEST_TYPE });
  if (typeof res === 'string') return { ok: false, status: 500, message: res };
  if (res.status === 404) return { ok: false, status: 404, message: `manifest for ${familiarName(ref)}:${tag} not found: manifest unknown: manifest unknown` };
  if (res.status !== 200) return { ok: false, status: 500, message: `unexpected status from registry: ${res.status}` };
  const manifest = JSON.parse(res.body) as { config: { digest: string }; layers: { digest: string; size: number }[] };
  const digest = res.headers['Docker-Content-Digest'] ?? `sha256:${sha256Hex(res.body)}`;
  const cfg = call(world, host, ref.domain, addr, 'GET', `/v2/${repo}/blobs/${manifest.config.digest}`);
  if (typeof cfg === 'string' || cfg.status !== 200) return { ok: false, status: 500, message: 'config blob missing from registry' };
  const config = JSON.parse(cfg.body) as { config: ImageRecord['config']; created: number; createdNanos?: number; history: ImageRecord['history']; rootfs: { diff_ids: string[] }; id?: string };
  const start = world.clock.now;
  const lines: Line[] = [{ at: start, msg: { status: `Pulling from ${repo}`, id: ref.digest ?? tag } }];
  const id = config.id ?? `sha256:${sha256Hex(cfg.body)}`;
  const existing = Object.values(state.images).find((i) => i.repoDigests.includes(`${familiarName(ref)}@${digest}`) || i.id === id);
  let t = start;
  for (let i = 0; i < manifest.layers.length; i++) {
    const diffId = config.rootfs.diff_ids[i] as string;
    const blobId = shortId(manifest.layers[i]!.digest);
    if (state.layers[diffId]) {
      lines.push({ at: t, msg: { status: 'Already exists', progressDetail: {}, id: blobId } });
      continue;
    }
    lines.push({ at: t, msg: { status: 'Pulling fs layer', progressDetail: {}, id: blobId } });
    const blob = call(world, host, ref.domain, addr, 'GET', `/v2/${repo}/blobs/${manifest.layers[i]!.digest}`);
    if (typeof blob === 'string' || blob.status !== 200) return { ok: false, status: 500, message: `blob ${manifest.layers[i]!.digest} missing from registry` };
    const body = JSON.parse(blob.body) as { size: number; files: Record<string, FileSpec> };
    state.layers[diffId] = { diffId, digest: manifest.layers[i]!.digest, size: body.size, files: body.files };
    t += Math.max(30, Math.round((manifest.layers[i]!.size / 12_000_000) * 1000));
    lines.push({ at: t, msg: { status: 'Verifying Checksum', progressDetail: {}, id: blobId } });
    lines.push({ at: t, msg: { status: 'Download complete', progressDetail: {}, id: blobId } });
  }
  for (let i = 0; i < manifest.layers.length; i++) {
    const blobId = shortId(manifest.layers[i]!.digest);
    if (lines.some((l) => l.msg['id'] === blobId && l.msg['status'] === 'Pulling fs layer')) lines.push({ at: t + 10, msg: { status: 'Pull complete', progressDetail: {}, id: blobId } });
  }
  const tagName = `${familiarName(ref)}:${tag}`;
  for (const other of Object.values(state.images)) if (other.id !== id) other.repoTags = other.repoTags.filter((x) => x !== tagName);
  const image: ImageRecord = existing ?? (state.images[id] = { id, repoTags: [], repoDigests: [], created: config.created, ...(config.createdNanos !== undefined ? { createdNanos: config.createdNanos } : {}), config: config.config, history: config.history, layers: config.rootfs.diff_ids, size: config.rootfs.diff_ids.reduce((n, d) => n + (state.layers[d]?.size ?? 0), 0), parent: '', comment: '', author: '', dockerVersion: '' });
  const fresh = !image.repoTags.includes(tagName);
  if (ref.digest === undefined && fresh) image.repoTags.push(tagName);
  if (!image.repoDigests.includes(`${familiarName(ref)}@${digest}`)) image.repoDigests.push(`${familiarName(ref)}@${digest}`);
  world.advance(t + 20 - start);
  lines.push({ at: t + 20, msg: { status: `Digest: ${digest}` } });
  lines.push({ at: t + 20, msg: { status: fresh || existing === undefined ? `Status: Downloaded newer image for ${tagName}` : `Status: Image is up to date for ${tagName}` } });
  recordEvent(world, state, 'image', 'pull', tagName, { name: familiarName(ref) });
  return { ok: true, lines, image };
}
