import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../simulator/core/sha256.ts';
import type { HttpRequest } from '../../../../simulator/kernel/http.ts';
import { registryHandle } from '../../../../simulator/programs/servers/registry.ts';
import { RegistryStore } from '../../../../simulator/programs/servers/registry-store.ts';
import { netWorld, H } from '../../kernel/net/fixture.ts';

const req = (method: string, url: string, body = '', headers: Record<string, string> = {}): HttpRequest => {
  const [path, qs] = url.split('?') as [string, string | undefined];
  const query = (qs ?? '').split('&').filter(Boolean).map((kv) => kv.split('=') as [string, string]);
  return { method, path, query, headers, body };
};

describe('registry v2', () => {
  it('takes a push (upload flow, manifest) and lists it, with files where distribution keeps them', () => {
    const world = netWorld();
    const fs = world.host(H).fs;
    const store = new RegistryStore(fs);
    // Format: distribution's JSON encoder writes one line with a newline (curl /v2/_catalog on a fresh registry).
    expect(registryHandle(world, store, req('GET', '/v2/_catalog')).body).toBe('{"repositories":[]}\n');
    const layer = `sha256:${sha256Hex('layer')}`;
    const config = '{"architecture":"amd64"}';
    const configDigest = `sha256:${sha256Hex(config)}`;
    expect(registryHandle(world, store, req('HEAD', `/v2/sxq/httpd/blobs/${layer}`)).status).toBe(404);
    const start = registryHandle(world, store, req('POST', '/v2/sxq/httpd/blobs/uploads/'));
    expect(start.status).toBe(202);
    const loc = start.headers['Location'] as string;
    expect(registryHandle(world, store, req('PATCH', loc, 'layer-descriptor', { 'X-Podbook-Blob-Size': '29124889' })).headers['Range']).toBe('0-29124888');
    const put = registryHandle(world, store, req('PUT', `${loc}?digest=${layer}`));
    expect(put.status).toBe(201);
    const c = registryHandle(world, store, req('POST', `/v2/sxq/httpd/blobs/uploads/?digest=${configDigest}`, config));
    expect(c.status).toBe(201);
    const head = registryHandle(world, store, req('HEAD', `/v2/sxq/httpd/blobs/${layer}`));
    expect(head.status).toBe(200);
    expect(head.headers['Content-Length']).toBe('29124889');
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { digest: configDigest }, layers: [{ digest: layer }] });
    const m = registryHandle(world, store, req('PUT', '/v2/sxq/httpd/manifests/v12', manifest));
    expect(m.status).toBe(201);
    expect(m.headers['Docker-Content-Digest']).toBe(`sha256:${sha256Hex(manifest)}`);
    expect(registryHandle(world, store, req('GET', '/v2/_catalog')).body).toBe('{"repositories":["sxq/httpd"]}\n');
    expect(registryHandle(world, store, req('GET', '/v2/sxq/httpd/tags/list')).body).toBe('{"name":"sxq/httpd","tags":["v12"]}\n');
    expect(registryHandle(world, store, req('GET', '/v2/sxq/httpd/manifests/v12')).body).toBe(manifest);
    const hex = sha256Hex(manifest);
    expect(fs.readFile(`/var/lib/registry/docker/registry/v2/repositories/sxq/httpd/_manifests/tags/v12/current/link`)).toBe(`sha256:${hex}`);
    expect(fs.tryStat(`/var/lib/registry/docker/registry/v2/blobs/sha256/${layer.slice(7, 9)}/${layer.slice(7)}/data`)?.size).toBe(29124889);
  });

  it('answers unknown names, tags and missing blobs with distribution error bodies', () => {
    const world = netWorld();
    const store = new RegistryStore(world.host(H).fs);
    expect(registryHandle(world, store, req('GET', '/v2/nope/tags/list')).body).toBe('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"nope"}}]}\n');
    const manifest = JSON.stringify({ schemaVersion: 2, layers: [{ digest: `sha256:${'a'.repeat(64)}` }] });
    const r = registryHandle(world, store, req('PUT', '/v2/x/manifests/v1', manifest));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).errors[0].code).toBe('MANIFEST_BLOB_UNKNOWN');
  });
});
