/**
 * A small static file server for the built site (dist/), on 127.0.0.1 and a free port. Like the
 * static hosts the site is published on, it gzips text and WebAssembly for clients that accept it,
 * so the browser tests and the bench load the page the way a reader does.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/')).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, clean);
  if (!file.startsWith(root)) return undefined;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
    return file;
  } catch {
    return undefined;
  }
}

/** Types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.xml', '.txt']);

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const gzipped = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const file = await resolveFile(root, req.url ?? '/');
      if (!file) {
        const notFound = await resolveFile(root, '/404.html');
        res.writeHead(404, { 'content-type': TYPES['.html'] as string });
        res.end(notFound ? await readFile(notFound) : 'not found');
        return;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (!accepts || !COMPRESSIBLE.has(extname(file))) {
        res.writeHead(200, { 'content-type': type });
        res.end(await readFile(file));
        return;
      }
      let body = gzipped.get(file);
      if (!body) {
        body = gzipSync(await readFile(file));
        gzipped.set(file, body);
      }
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': String(body.length), vary: 'Accept-Encoding' });
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
