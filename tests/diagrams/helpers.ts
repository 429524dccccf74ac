/**
 * Labs for diagram tests, and SVG snapshots: normalised (one tag per line) files in
 * `tests/diagrams/snapshots/`. A mismatch writes `<name>-changed.svg` beside the snapshot and fails;
 * after looking at the change, bless it with `PODBOOK_UPDATE_DIAGRAMS=1 npx vitest run tests/diagrams`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLab, type Lab } from '../../simulator/index.ts';

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'snapshots');

/** A fresh docker lab after `commands`; fails the test if a command fails. */
export function seededLab(commands: readonly string[], seed = 1): Lab {
  const lab = createLab('docker', { seed });
  for (const line of commands) {
    const r = lab.run(line);
    if (r.exitCode !== 0) throw new Error(`'${line}' failed (exit ${r.exitCode}): ${r.output}`);
  }
  return lab;
}

export const WEB = ['docker run -d -p 8080:80 --name web httpd'];

export function normalise(svg: string): string {
  return svg.replace(/></g, '>\n<') + '\n';
}

/** Compares with the stored snapshot; returns a message when they differ (undefined when equal). */
export function checkSnapshot(name: string, svg: string): string | undefined {
  mkdirSync(SNAPSHOTS, { recursive: true });
  const file = join(SNAPSHOTS, `${name}.svg`);
  const changed = join(SNAPSHOTS, `${name}-changed.svg`);
  const actual = normalise(svg);
  if (process.env['PODBOOK_UPDATE_DIAGRAMS'] === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    rmSync(changed, { force: true });
    return undefined;
  }
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return undefined;
  }
  writeFileSync(changed, actual);
  return `${name}: the SVG differs from snapshots/${name}.svg; see snapshots/${name}-changed.svg`;
}

/** Text of the SVG's `<desc>`, unescaped. */
export function descOf(svg: string): string {
  const m = /<desc[^>]*>([\s\S]*?)<\/desc>/.exec(svg);
  return (m?.[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** A lab with long names, paths and addresses, for checking nothing is cut or runs out of its box. */
export const LONG = [
  'docker network create --subnet 192.168.100.0/24 --gateway 192.168.100.1 backend-services-network-eu-west',
  'docker run -d --name a-really-long-container-name-for-the-api-gateway --network backend-services-network-eu-west --ip 192.168.100.200 -p 18080:80 httpd',
  'docker volume create application-data-volume-with-a-long-name',
  'mkdir -p /srv/www/example.com/public_html/assets',
  'docker run -d --name static-assets-server-production -v /srv/www/example.com/public_html/assets:/usr/local/apache2/htdocs/assets:ro -v application-data-volume-with-a-long-name:/var/lib/application/data httpd',
  'docker tag httpd registry.example.com:5000/platform-team/httpd-custom:2.4.62-bookworm',
  "docker exec static-assets-server-production sh -c 'echo hi > /usr/local/apache2/htdocs/index.html'",
];
