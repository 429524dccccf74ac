/**
 * Bad requests to a served lab get dockerd 28.2.2's answers: its JSON decoder's messages, its
 * Content-Type check, "page not found" for a path or method it has no route for, and the lab
 * stays usable after each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../../src/node/http-adapter.ts';
import { DOCKER_HEADERS, labTarget } from '../../../src/node/lab-target.ts';

let lab: Lab;
let running: RunningAdapter;
let base: string;
beforeAll(async () => {
  lab = createLab('docker', { seed: 3 });
  lab.run('docker pull busybox');
  running = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(lab, { clock: 'manual' }), defaultHeaders: DOCKER_HEADERS, maxBodyBytes: 64 * 1024 });
  base = `http://127.0.0.1:${running.port}/v1.50`;
});
afterAll(async () => {
  await running.close();
});

const JSON_TYPE = { 'Content-Type': 'application/json' };

async function post(path: string, body: string, headers: Record<string, string> = JSON_TYPE): Promise<{ status: number; body: unknown }> {
  // fetch gives a string body a text/plain type, even an empty one: no body is sent as none.
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, ...(body === '' && !('Content-Type' in headers) ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? '' : JSON.parse(text) };
}

describe('bad input to a served lab', () => {
  it('answers malformed JSON with Go’s decoder messages', async () => {
    expect(await post('/containers/create', '{invalid json')).toEqual({ status: 400, body: { message: "invalid JSON: invalid character 'i' looking for beginning of object key string" } });
    expect(await post('/containers/create', '{"Image": "busybox",}')).toEqual({ status: 400, body: { message: "invalid JSON: invalid character '}' looking for beginning of object key string" } });
    expect(await post('/containers/create', '{"Image" "busybox"}')).toEqual({ status: 400, body: { message: "invalid JSON: invalid character '\"' after object key" } });
    expect(await post('/containers/create', '{"Image": "busybox"')).toEqual({ status: 400, body: { message: 'invalid JSON: unexpected EOF' } });
    expect(await post('/containers/create', '{"Tty": tru}')).toEqual({ status: 400, body: { message: "invalid JSON: invalid character '}' in literal true (expecting 'e')" } });
    expect(await post('/containers/create', '{"Image":"busybox"} {}')).toEqual({ status: 400, body: { message: 'unexpected content after JSON' } });
    expect(await post('/containers/create', '[]')).toEqual({ status: 400, body: { message: 'invalid JSON: json: cannot unmarshal array into Go value of type container.CreateRequest' } });
    expect(await post('/networks/create', "{'Name': 'x'}")).toEqual({ status: 400, body: { message: "invalid JSON: invalid character '\\'' looking for beginning of object key string" } });
    expect(await post('/volumes/create', '{"Name": "v"}\n{"Name": "w"}')).toEqual({ status: 400, body: { message: 'unexpected content after JSON' } });
  });

  it('wants a body for create, and a JSON Content-Type for any body', async () => {
    expect(await post('/containers/create', '')).toEqual({ status: 400, body: { message: 'invalid JSON: got EOF while reading request body' } });
    expect(await post('/containers/create', '{}')).toEqual({ status: 400, body: { message: 'config cannot be empty in order to create a container' } });
    expect(await post('/containers/create', '{"HostConfig": {}}')).toEqual({ status: 400, body: { message: 'config cannot be empty in order to create a container' } });
    expect(await post('/containers/create', '{"Image":"busybox"}', { 'Content-Type': 'text/plain' })).toEqual({ status: 400, body: { message: "unsupported Content-Type header (text/plain): must be 'application/json'" } });
    // A parameter after the media type is fine, and so is an empty body with no type at all.
    expect((await post('/containers/create?name=typed', '{"Image":"busybox"}', { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(201);
    expect((await post('/volumes/create', '', {})).status).toBe(201);
    expect(await post('/volumes/create', '{"Name": "typed"}', { 'Content-Type': 'text/plain;charset=UTF-8' })).toEqual({ status: 400, body: { message: "unsupported Content-Type header (text/plain;charset=UTF-8): must be 'application/json'" } });
  });

  it('says "page not found" for a path or a method dockerd has no route for', async () => {
    for (const [method, path] of [['PUT', '/containers/json'], ['POST', '/containers/typed'], ['GET', '/containers/typed/bogus'], ['DELETE', '/_ping'], ['GET', '/no/such/thing']]) {
      const res = await fetch(`${base}${path}`, { method });
      expect([method, path, res.status, await res.json()]).toEqual([method, path, 404, { message: 'page not found' }]);
    }
    // An unknown container on a real route is the container's error.
    const missing = await fetch(`${base}/containers/ghost/json`);
    expect([missing.status, await missing.json()]).toEqual([404, { message: 'No such container: ghost' }]);
  });

  it('checks list queries as dockerd does: filter names, filter values, numbers', async () => {
    const get = async (path: string): Promise<[number, unknown]> => {
      const res = await fetch(`${base}${path}`);
      return [res.status, await res.json()];
    };
    expect(await get('/containers/json?filters=notjson')).toEqual([400, { message: 'invalid filter' }]);
    expect(await get(`/containers/json?filters=${encodeURIComponent('{"bogus":{"x":true}}')}`)).toEqual([400, { message: "invalid filter 'bogus'" }]);
    expect(await get(`/images/json?filters=${encodeURIComponent('{"bogus":{"x":true}}')}`)).toEqual([400, { message: "invalid filter 'bogus'" }]);
    expect(await get(`/images/json?filters=${encodeURIComponent('{"dangling":{"maybe":true}}')}`)).toEqual([400, { message: "invalid filter 'dangling=[maybe]'" }]);
    expect((await get(`/images/json?filters=${encodeURIComponent('{"dangling":{"1":true}}')}`))[0]).toBe(200);
    // dockerd passes strconv.Atoi's error through as it is: an internal error.
    expect(await get('/containers/json?limit=abc')).toEqual([500, { message: 'strconv.Atoi: parsing "abc": invalid syntax' }]);
  });

  it('keeps the lab whole: nothing half-made, later requests served', async () => {
    expect(lab.run('docker ps -a --format {{.Names}}').output).toBe('typed\n');
    expect((await fetch(`${base}/containers/json?all=1`)).status).toBe(200);
  });
});
