/**
 * The client's own files. `docker build DIR`, `docker cp FILE CTR:PATH` and the like read (or
 * write) files where the client runs: in the lab that is the lab host's filesystem, for the real
 * client the machine's. So the real client runs in a private mount namespace where `/root` is a
 * copy of the served lab's `/root` (ALLOWANCES.md, A6), and what it writes there goes back into
 * the served lab, which stays the in-sim lab's twin.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../simulator/index.ts';

/** Commands whose client reads or writes files of its own host. */
export function usesLocalFiles(command: string): boolean {
  const words = command.trim().split(/\s+/);
  const verb = ['container', 'image'].includes(words[1] ?? '') ? words[2] : words[1];
  if (verb === 'build' || verb === 'cp' || verb === 'import') return true;
  if (verb === 'save' || verb === 'export') return words.some((w) => w === '-o' || w.startsWith('--output'));
  if (verb === 'load') return words.some((w) => w === '-i' || w.startsWith('--input'));
  return false;
}

/** File content as bytes: binary files are kept one byte per code unit, text is UTF-8. */
export function contentBytes(data: string): Buffer {
  for (let i = 0; i < data.length; i++) if (data.charCodeAt(i) > 0xff) return Buffer.from(data, 'utf8');
  return Buffer.from(data, 'latin1');
}

function bytesContent(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes.toString('latin1');
}

/** Copies a directory of the lab's default host to a fresh real directory; returns it. */
export function mirrorLabDir(lab: Lab, labDir: string): string {
  const real = mkdtempSync(join(tmpdir(), 'podbook-parity-home-'));
  const fs = lab.world.host(lab.definition.defaultHost).fs;
  const walk = (from: string, to: string): void => {
    for (const name of fs.readdir(from)) {
      const path = `${from}/${name}`;
      const target = join(to, name);
      const node = fs.stat(path, false);
      if (node.type === 'dir') {
        mkdirSync(target);
        walk(path, target);
        chmodSync(target, node.mode);
      } else if (node.type === 'symlink') symlinkSync(node.target ?? '', target);
      else if (node.type === 'file') {
        writeFileSync(target, contentBytes(node.data ?? ''));
        chmodSync(target, node.mode);
      } else continue;
      if (node.type !== 'symlink') utimesSync(target, node.mtime / 1000, node.mtime / 1000);
    }
  };
  walk(labDir, real);
  chmodSync(real, fs.stat(labDir).mode);
  return real;
}

/** Files the client created or changed in the real directory are written into the lab. */
export function syncBack(lab: Lab, real: string, labDir: string): void {
  const fs = lab.world.host(lab.definition.defaultHost).fs;
  const walk = (from: string, to: string): void => {
    for (const name of readdirSync(from)) {
      const path = join(from, name);
      const target = `${to}/${name}`;
      const st = lstatSync(path);
      const node = fs.tryStat(target, false);
      if (st.isDirectory()) {
        if (!node) fs.mkdir(target, { mode: st.mode & 0o7777 });
        walk(path, target);
      } else if (st.isSymbolicLink()) {
        if (!node) fs.symlink(readlinkSync(path), target);
      } else if (st.isFile()) {
        const data = bytesContent(readFileSync(path));
        if (!node || node.data !== data) fs.writeFile(target, data, { mode: st.mode & 0o7777 });
      }
    }
  };
  walk(real, labDir);
}

export function removeMirror(real: string): void {
  rmSync(real, { recursive: true, force: true });
}
