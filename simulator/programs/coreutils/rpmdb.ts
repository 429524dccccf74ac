/**
 * The rpm database of a root file system: /var/lib/rpm/Packages. On CentOS it is a Berkeley DB
 * file nobody reads by hand; here it holds the installed table as JSON (sorted by name, so equal
 * tables give equal bytes), padded with spaces to whole 4 KiB database pages (at least the two a
 * Berkeley DB file starts with) so `ls -l` shows a page-sized file. Keeping it in the file system gives each container and image layer its own copy,
 * carried by `docker commit`/builds and reported by `docker diff`.
 */
import { byCodePoint } from '../../core/format.ts';
import type { Vfs } from '../../kernel/vfs.ts';

export const RPMDB_DIR = '/var/lib/rpm';
export const RPMDB_PATH = `${RPMDB_DIR}/Packages`;

export type InstalledTable = Record<string, { version: string; release: string; arch: string }>;

const PAGE = 4096;
const MIN_PAGES = 2;

export function rpmdbText(table: InstalledTable): string {
  const sorted: InstalledTable = {};
  for (const name of Object.keys(table).sort(byCodePoint)) {
    const p = table[name] as InstalledTable[string];
    sorted[name] = { version: p.version, release: p.release, arch: p.arch };
  }
  const json = JSON.stringify(sorted);
  // JSON.parse ignores the trailing spaces; the final newline keeps `cat` tidy.
  const size = PAGE * Math.max(MIN_PAGES, Math.ceil((json.length + 1) / PAGE));
  return json + ' '.repeat(size - json.length - 1) + '\n';
}

/** The table a minimal install's database holds, from `[name, version, release, arch]` rows. */
export function tableOf(rows: readonly (readonly [string, string, string, string])[]): InstalledTable {
  return Object.fromEntries(rows.map(([name, version, release, arch]) => [name, { version, release, arch }]));
}

/**
 * The installed table of `fs`. A root without a database (one the simulator seeds without it,
 * such as centos:8) counts as a minimal install; an unreadable one as empty.
 */
export function readRpmdb(fs: Vfs, base: readonly (readonly [string, string, string, string])[]): InstalledTable {
  const node = fs.tryStat(RPMDB_PATH);
  if (!node || node.type !== 'file') return tableOf(base);
  try {
    const parsed = JSON.parse(fs.readFile(RPMDB_PATH)) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: InstalledTable = {};
    for (const [name, p] of Object.entries(parsed as Record<string, Partial<InstalledTable[string]>>)) {
      if (p && typeof p.version === 'string' && typeof p.release === 'string' && typeof p.arch === 'string') out[name] = { version: p.version, release: p.release, arch: p.arch };
    }
    return out;
  } catch {
    return {};
  }
}

export function writeRpmdb(fs: Vfs, table: InstalledTable): void {
  if (!fs.tryStat(RPMDB_DIR)) fs.mkdir(RPMDB_DIR, { parents: true });
  fs.writeFile(RPMDB_PATH, rpmdbText(table), { mode: 0o644 });
}
