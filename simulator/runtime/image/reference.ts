/**
 * Image references as Docker normalises them: `httpd` is `docker.io/library/httpd:latest`,
 * `127.0.0.1:1000/sxq/httpd:v12` names a private registry, and the "familiar" form the CLI and
 * daemon print drops `docker.io/` and `library/` again.
 */
export interface ImageRef {
  /** Registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry (`library/httpd`, `sxq/httpd`). */
  path: string;
  /** Tag, when one was given or defaulted. */
  tag?: string;
  /** `sha256:...` when pinned by digest. */
  digest?: string;
}

export const HUB_DOMAIN = 'docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

export type ParseResult = { ok: true; ref: ImageRef } | { ok: false; error: string };

/** Parses a reference as the CLI and daemon do; `error` is the daemon's wording. */
export function parseReference(text: string): ParseResult {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return { ok: false, error: 'invalid reference format' };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, error: 'invalid reference format' };
  }
  if (rest === '') return { ok: false, error: 'invalid reference format' };
  const parts = rest.split('/');
  let domain = HUB_DOMAIN;
  const first = parts[0] as string;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    if (!DOMAIN.test(first)) return { ok: false, error: 'invalid reference format' };
    domain = first;
    parts.shift();
  }
  if (domain === 'index.docker.io') domain = HUB_DOMAIN;
  for (const part of parts) {
    if (part !== part.toLowerCase() && COMPONENT.test(part.toLowerCase())) {
      return { ok: false, error: `invalid reference format: repository name (${[domain === HUB_DOMAIN && parts.length === 1 ? 'library' : '', ...parts].filter(Boolean).join('/')}) must be lowercase` };
    }
    if (!COMPONENT.test(part)) return { ok: false, error: 'invalid reference format' };
  }
  if (domain === HUB_DOMAIN && parts.length === 1) parts.unshift('library');
  const ref: ImageRef = { domain, path: parts.join('/') };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

/** Adds `latest` when neither a tag nor a digest was given. */
export function withDefaultTag(ref: ImageRef): ImageRef {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** `httpd`, `progrium/stress`, `127.0.0.1:1000/sxq/httpd`: the repository as Docker prints it. */
export function familiarName(ref: ImageRef): string {
  if (ref.domain !== HUB_DOMAIN) return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
}

/** `docker.io/library/httpd` */
export function fullName(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** Familiar name with tag or digest: `httpd:latest`, `nginx@sha256:...`. */
export function familiarString(ref: ImageRef): string {
  return familiarName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** Full name with tag or digest: `docker.io/library/httpd:latest`. */
export function fullString(ref: ImageRef): string {
  return fullName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}
