/**
 * Identifiers the real tools print: 64-hex container and image ids, `sha256:` digests, and
 * Kubernetes name suffixes from the alphabet the API server uses for generateName.
 */
import type { Rng } from './rng.ts';
import { sha256Hex } from './sha256.ts';

/** A random 64-hex id, as Docker gives containers, networks and exec instances. */
export function hexId(rng: Rng): string {
  return rng.hex(64);
}

/** A content digest: `sha256:` + the SHA-256 of the content. */
export function digestOf(content: string): string {
  return `sha256:${sha256Hex(content)}`;
}

/** The 12-character short form Docker prints. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Consonants and digits only, so generated names never spell words (Kubernetes' own alphabet). */
export const KUBE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function kubeSuffix(rng: Rng, length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += KUBE_NAME_ALPHABET[rng.int(KUBE_NAME_ALPHABET.length)];
  return out;
}
