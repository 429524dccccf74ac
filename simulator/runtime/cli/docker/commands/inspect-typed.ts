/**
 * An inspected object as the client's Go structs hold it, for the typed run of `inspect -f`
 * (inspect-schema.ts has the types): fields the daemon left out of the JSON (`omitempty`) are
 * back with their zero values, in the struct's order, so `{{.State}}` ends with `<nil>` for a
 * missing Health and `{{.HostConfig}}` prints every field of container.HostConfig (API 1.50).
 */
import { CONTAINER, IMAGE, NETWORK, toGo } from './inspect-schema.ts';
import { goTimeString } from '../format/gotemplate/values.ts';

export { goTimeString };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The typed view of one inspected object: a container, an image or a network as its Go struct; others (volumes) as they are. */
export function typedView(value: unknown): unknown {
  if (!isObject(value)) return value;
  const key = String(value['Id'] ?? '');
  if (isObject(value['State']) && isObject(value['Config']) && 'HostConfig' in value) return toGo(value, CONTAINER, key);
  if (isObject(value['RootFS']) && 'RepoTags' in value) return toGo(value, IMAGE, key);
  if (typeof value['Created'] === 'string' && 'IPAM' in value && 'Driver' in value) return toGo(value, NETWORK, key);
  return value;
}
