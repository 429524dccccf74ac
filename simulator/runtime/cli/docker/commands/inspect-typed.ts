/**
 * A container's inspect JSON as the client's Go structs hold it, for the typed run of
 * `inspect -f`: fields the daemon left out of the JSON (`omitempty`) are back, in the struct's
 * order, with their zero values, so `{{.State}}` ends with `<nil>` for a missing Health and
 * `{{.Config}}` prints every field of container.Config (API 1.50).
 */
import { EMBEDDED, goTime, goTimeString, JSON_FIELDS, NIL_MAP, NIL_SLICE, POINTER } from '../format/gotemplate/values.ts';

type Zero = '' | false | 0 | null | 'slice' | 'map';

const STATE: [string, Zero][] = [['Status', ''], ['Running', false], ['Paused', false], ['Restarting', false], ['OOMKilled', false], ['Dead', false], ['Pid', 0], ['ExitCode', 0], ['Error', ''], ['StartedAt', ''], ['FinishedAt', ''], ['Health', null]];

const CONFIG: [string, Zero][] = [
  ['Hostname', ''], ['Domainname', ''], ['User', ''], ['AttachStdin', false], ['AttachStdout', false], ['AttachStderr', false], ['ExposedPorts', 'map'], ['Tty', false], ['OpenStdin', false], ['StdinOnce', false],
  ['Env', 'slice'], ['Cmd', 'slice'], ['Healthcheck', null], ['ArgsEscaped', false], ['Image', ''], ['Volumes', 'map'], ['WorkingDir', ''], ['Entrypoint', 'slice'], ['NetworkDisabled', false], ['MacAddress', ''],
  ['OnBuild', 'slice'], ['Labels', 'map'], ['StopSignal', ''], ['StopTimeout', null], ['Shell', 'slice'],
];

/** A mount as inspect lists it (container.MountPoint). */
const MOUNT_POINT: [string, Zero][] = [['Type', ''], ['Name', ''], ['Source', ''], ['Destination', ''], ['Driver', ''], ['Mode', ''], ['RW', false], ['Propagation', '']];

/** HostConfig's fields the daemon leaves out when empty (`omitempty`): there for `.HostConfig.Tmpfs`. */
const HOST_CONFIG_OMITTED: [string, Zero][] = [['Annotations', 'map'], ['StorageOpt', 'map'], ['Tmpfs', 'map'], ['Sysctls', 'map'], ['Runtime', ''], ['KernelMemory', 0], ['KernelMemoryTCP', 0], ['Mounts', 'slice'], ['Init', null]];

/** An image's Config: the OCI image config, then Docker's extension (dockerspec.DockerOCIImageConfig). */
const IMAGE_CONFIG: [string, Zero][] = [['User', ''], ['ExposedPorts', 'map'], ['Env', 'slice'], ['Entrypoint', 'slice'], ['Cmd', 'slice'], ['Volumes', 'map'], ['WorkingDir', ''], ['Labels', 'map'], ['StopSignal', ''], ['ArgsEscaped', false]];
const IMAGE_CONFIG_EXT: [string, Zero][] = [['Healthcheck', null], ['OnBuild', 'slice'], ['Shell', 'slice']];

function zero(z: Zero): unknown {
  return z === 'slice' ? NIL_SLICE : z === 'map' ? NIL_MAP : z;
}

/** The struct's fields in order: the JSON's values where present, else the zero value. */
function asStruct(raw: Record<string, unknown>, fields: [string, Zero][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A JSON null of a slice or map field is Go's nil slice or map: `[]`, `map[]`.
  for (const [name, z] of fields) out[name] = name in raw && !(raw[name] === null && (z === 'slice' || z === 'map')) ? raw[name] : zero(z);
  for (const [k, v] of Object.entries(raw)) if (!(k in out)) out[k] = v;
  const omitted = fields.filter(([name]) => !(name in raw)).map(([name]): [string, undefined] => [name, undefined]);
  Object.defineProperty(out, JSON_FIELDS, { value: Object.fromEntries(omitted), enumerable: false });
  return out;
}

/** The struct with the fields its JSON left out added at the end with their zero values. */
function withOmitted(raw: Record<string, unknown>, omitted: [string, Zero][]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const missing = omitted.filter(([name]) => !(name in raw));
  for (const [name, z] of missing) out[name] = zero(z);
  Object.defineProperty(out, JSON_FIELDS, { value: Object.fromEntries(missing.map(([name]) => [name, undefined])), enumerable: false });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { goTimeString };

/**
 * A heap address for a struct behind a pointer, as `%v` shows one nested in another value (Go's
 * are 8-byte aligned, `0xc000...`); the real one changes every run, this one follows the key.
 */
function address(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `0xc000${((h % 0x100000) * 8).toString(16).padStart(6, '0')}`;
}

/** The object as a struct held through a pointer (see POINTER). */
function pointer<T extends object>(value: T, key: string): T {
  const out = Array.isArray(value) ? value : { ...value };
  Object.defineProperty(out, POINTER, { value: address(key), enumerable: false });
  return out as T;
}

/** State with its Health (and Health's Log entries) behind pointers. */
function stateStruct(raw: Record<string, unknown>, id: string): Record<string, unknown> {
  const state = asStruct(raw, STATE);
  const health = state['Health'];
  if (isObject(health)) {
    const log = Array.isArray(health['Log']) ? (health['Log'] as unknown[]).map((r, i) => (isObject(r) ? pointer(r, `${id}/health/log/${i}`) : r)) : health['Log'];
    state['Health'] = pointer({ ...health, Log: log }, `${id}/health`);
  }
  return state;
}

/** NetworkSettings with its networks' endpoint settings behind pointers (`map[bridge:0xc000...]`). */
function networkSettings(raw: unknown, id: string): unknown {
  if (!isObject(raw) || !isObject(raw['Networks'])) return raw;
  const networks = Object.fromEntries(Object.entries(raw['Networks']).map(([name, ep]) => [name, isObject(ep) ? pointer(ep, `${id}/network/${name}`) : ep]));
  return { ...raw, Networks: networks };
}

/**
 * The typed view of one inspected object: a container's State and Config as their structs, a
 * network's Created as the time.Time it is (printed with Time.String()); others as they are.
 */
export function typedView(value: unknown): unknown {
  if (!isObject(value)) return value;
  if (isObject(value['State']) && isObject(value['Config']) && 'HostConfig' in value) {
    const id = String(value['Id'] ?? '');
    const out: Record<string, unknown> = { ...value, State: stateStruct(value['State'], id), Config: asStruct(value['Config'], CONFIG), NetworkSettings: networkSettings(value['NetworkSettings'], id) };
    if (Array.isArray(value['Mounts'])) out['Mounts'] = (value['Mounts'] as unknown[]).map((m) => (isObject(m) ? asStruct(m, MOUNT_POINT) : m));
    if (isObject(value['HostConfig'])) out['HostConfig'] = withOmitted(value['HostConfig'], HOST_CONFIG_OMITTED);
    return out;
  }
  if (isObject(value['RootFS']) && 'RepoTags' in value) {
    const out: Record<string, unknown> = { ...value };
    if (isObject(value['Config'])) {
      const config = asStruct(value['Config'], [...IMAGE_CONFIG, ...IMAGE_CONFIG_EXT]);
      Object.defineProperty(config, EMBEDDED, { value: [IMAGE_CONFIG.map(([k]) => k), IMAGE_CONFIG_EXT.map(([k]) => k)], enumerable: false });
      out['Config'] = config;
    }
    // Metadata.LastTagTime is a time.Time.
    const meta = value['Metadata'];
    if (isObject(meta) && typeof meta['LastTagTime'] === 'string') {
      out['Metadata'] = { ...meta, LastTagTime: goTime(meta['LastTagTime']) };
    }
    return out;
  }
  if (typeof value['Created'] === 'string' && 'IPAM' in value && 'Driver' in value) {
    return { ...value, Created: goTime(value['Created']) };
  }
  return value;
}
