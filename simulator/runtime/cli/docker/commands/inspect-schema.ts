/**
 * The Go types the 28.2 client decodes inspect JSON into (docker/cli's vendored API types at
 * v28.2.2), as data: field order, embedded structs, pointers, slices, maps and times. `toGo`
 * turns the daemon's JSON into the value a Go template sees: a field the JSON left out holds its
 * zero value, a JSON null slice or map is Go's nil one (`[]`, `map[]`), a pointer nested in
 * another value prints as an address, an embedded struct prints in its own braces.
 *
 * Fields keep their JSON names (`Id`, `HostIp`), so `json` writes the daemon's keys back.
 */
import { EMBEDDED, GO_FIELDS, GO_KIND, GO_MAP_KEY, GO_PTR, goDuration, goTime, JSON_FIELDS, NIL_MAP, NIL_SLICE, POINTER, type GoPtr, type Layout } from '../format/gotemplate/values.ts';

export type GoType = 'string' | 'bool' | 'int' | 'time' | 'duration' | 'any' | { slice: GoType } | { map: GoType; key?: string } | { ptr: GoType } | GoStruct;

export interface GoStruct {
  fields: Field[];
}

/** A field by its JSON key (and its Go name where that differs), or an embedded struct by its type's name. */
type Field = [name: string, type: GoType, goName?: string] | { embed: GoStruct; name: string; ptr?: true };

const S = 'string';
const B = 'bool';
const I = 'int';
const slice = (t: GoType): GoType => ({ slice: t });
const map = (t: GoType, key?: string): GoType => (key === undefined ? { map: t } : { map: t, key });
const ptr = (t: GoType): GoType => ({ ptr: t });
const struct = (...fields: Field[]): GoStruct => ({ fields });
const EMPTY = struct();

/** nat.PortMap and nat.PortSet: keyed by nat.Port. */
const PORT_MAP = map(slice(struct(['HostIp', S, 'HostIP'], ['HostPort', S])), 'nat.Port');
const PORT_SET = map(struct(), 'nat.Port');
const STR_MAP = map(S);

const HEALTH = struct(['Status', S], ['FailingStreak', I], ['Log', slice(ptr(struct(['Start', 'time'], ['End', 'time'], ['ExitCode', I], ['Output', S])))]);
export const STATE = struct(['Status', S], ['Running', B], ['Paused', B], ['Restarting', B], ['OOMKilled', B], ['Dead', B], ['Pid', I], ['ExitCode', I], ['Error', S], ['StartedAt', S], ['FinishedAt', S], ['Health', ptr(HEALTH)]);

const HEALTH_CONFIG = struct(['Test', slice(S)], ['Interval', 'duration'], ['Timeout', 'duration'], ['StartPeriod', 'duration'], ['StartInterval', 'duration'], ['Retries', I]);
export const CONFIG = struct(
  ['Hostname', S], ['Domainname', S], ['User', S], ['AttachStdin', B], ['AttachStdout', B], ['AttachStderr', B], ['ExposedPorts', PORT_SET], ['Tty', B], ['OpenStdin', B], ['StdinOnce', B],
  ['Env', slice(S)], ['Cmd', slice(S)], ['Healthcheck', ptr(HEALTH_CONFIG)], ['ArgsEscaped', B], ['Image', S], ['Volumes', map(EMPTY)], ['WorkingDir', S], ['Entrypoint', slice(S)], ['NetworkDisabled', B], ['MacAddress', S],
  ['OnBuild', slice(S)], ['Labels', STR_MAP], ['StopSignal', S], ['StopTimeout', ptr(I)], ['Shell', slice(S)],
);

const THROTTLE = ptr(struct(['Path', S], ['Rate', I]));
const RESOURCES = struct(
  ['CpuShares', I, 'CPUShares'], ['Memory', I], ['NanoCpus', I, 'NanoCPUs'], ['CgroupParent', S], ['BlkioWeight', I], ['BlkioWeightDevice', slice(ptr(struct(['Path', S], ['Weight', I])))],
  ['BlkioDeviceReadBps', slice(THROTTLE)], ['BlkioDeviceWriteBps', slice(THROTTLE)], ['BlkioDeviceReadIOps', slice(THROTTLE)], ['BlkioDeviceWriteIOps', slice(THROTTLE)],
  ['CpuPeriod', I, 'CPUPeriod'], ['CpuQuota', I, 'CPUQuota'], ['CpuRealtimePeriod', I, 'CPURealtimePeriod'], ['CpuRealtimeRuntime', I, 'CPURealtimeRuntime'], ['CpusetCpus', S], ['CpusetMems', S],
  ['Devices', slice(struct(['PathOnHost', S], ['PathInContainer', S], ['CgroupPermissions', S]))], ['DeviceCgroupRules', slice(S)],
  ['DeviceRequests', slice(struct(['Driver', S], ['Count', I], ['DeviceIDs', slice(S)], ['Capabilities', slice(slice(S))], ['Options', STR_MAP]))],
  ['KernelMemory', I], ['KernelMemoryTCP', I], ['MemoryReservation', I], ['MemorySwap', I], ['MemorySwappiness', ptr(I)], ['OomKillDisable', ptr(B)], ['PidsLimit', ptr(I)],
  ['Ulimits', slice(ptr(struct(['Name', S], ['Hard', I], ['Soft', I])))], ['CpuCount', I, 'CPUCount'], ['CpuPercent', I, 'CPUPercent'], ['IOMaximumIOps', I], ['IOMaximumBandwidth', I],
);

const MOUNT = struct(
  ['Type', S], ['Source', S], ['Target', S], ['ReadOnly', B], ['Consistency', S],
  ['BindOptions', ptr(struct(['Propagation', S], ['NonRecursive', B], ['CreateMountpoint', B], ['ReadOnlyNonRecursive', B], ['ReadOnlyForceRecursive', B]))],
  ['VolumeOptions', ptr(struct(['NoCopy', B], ['Labels', STR_MAP], ['Subpath', S], ['DriverConfig', ptr(struct(['Name', S], ['Options', STR_MAP]))]))],
  ['ImageOptions', ptr(struct(['Subpath', S]))], ['TmpfsOptions', ptr(struct(['SizeBytes', I], ['Mode', I], ['Options', slice(slice(S))]))], ['ClusterOptions', ptr(EMPTY)],
);

export const HOST_CONFIG = struct(
  ['Binds', slice(S)], ['ContainerIDFile', S], ['LogConfig', struct(['Type', S], ['Config', STR_MAP])], ['NetworkMode', S], ['PortBindings', PORT_MAP],
  ['RestartPolicy', struct(['Name', S], ['MaximumRetryCount', I])], ['AutoRemove', B], ['VolumeDriver', S], ['VolumesFrom', slice(S)], ['ConsoleSize', slice(I)], ['Annotations', STR_MAP],
  ['CapAdd', slice(S)], ['CapDrop', slice(S)], ['CgroupnsMode', S], ['Dns', slice(S), 'DNS'], ['DnsOptions', slice(S), 'DNSOptions'], ['DnsSearch', slice(S), 'DNSSearch'], ['ExtraHosts', slice(S)], ['GroupAdd', slice(S)],
  ['IpcMode', S], ['Cgroup', S], ['Links', slice(S)], ['OomScoreAdj', I], ['PidMode', S], ['Privileged', B], ['PublishAllPorts', B], ['ReadonlyRootfs', B], ['SecurityOpt', slice(S)],
  ['StorageOpt', STR_MAP], ['Tmpfs', STR_MAP], ['UTSMode', S], ['UsernsMode', S], ['ShmSize', I], ['Sysctls', STR_MAP], ['Runtime', S], ['Isolation', S],
  { embed: RESOURCES, name: 'Resources' },
  ['Mounts', slice(MOUNT)], ['MaskedPaths', slice(S)], ['ReadonlyPaths', slice(S)], ['Init', ptr(B)],
);

const ADDRESS = struct(['Addr', S], ['PrefixLen', I]);
const ENDPOINT = struct(
  ['IPAMConfig', ptr(struct(['IPv4Address', S], ['IPv6Address', S], ['LinkLocalIPs', slice(S)]))], ['Links', slice(S)], ['Aliases', slice(S)], ['MacAddress', S], ['DriverOpts', STR_MAP], ['GwPriority', I],
  ['NetworkID', S], ['EndpointID', S], ['Gateway', S], ['IPAddress', S], ['IPPrefixLen', I], ['IPv6Gateway', S], ['GlobalIPv6Address', S], ['GlobalIPv6PrefixLen', I], ['DNSNames', slice(S)],
);
export const NETWORK_SETTINGS = struct(
  { embed: struct(['Bridge', S], ['SandboxID', S], ['SandboxKey', S], ['Ports', PORT_MAP], ['HairpinMode', B], ['LinkLocalIPv6Address', S], ['LinkLocalIPv6PrefixLen', I], ['SecondaryIPAddresses', slice(ADDRESS)], ['SecondaryIPv6Addresses', slice(ADDRESS)]), name: 'NetworkSettingsBase' },
  { embed: struct(['EndpointID', S], ['Gateway', S], ['GlobalIPv6Address', S], ['GlobalIPv6PrefixLen', I], ['IPAddress', S], ['IPPrefixLen', I], ['IPv6Gateway', S], ['MacAddress', S]), name: 'DefaultNetworkSettings' },
  ['Networks', map(ptr(ENDPOINT))],
);

export const MOUNT_POINT = struct(['Type', S], ['Name', S], ['Source', S], ['Destination', S], ['Driver', S], ['Mode', S], ['RW', B], ['Propagation', S]);
const DRIVER_DATA = struct(['Data', STR_MAP], ['Name', S]);
const PLATFORM = struct(['architecture', S], ['os', S], ['os.version', S], ['os.features', slice(S)], ['variant', S]);
const DESCRIPTOR = struct(['mediaType', S], ['digest', S], ['size', I], ['urls', slice(S)], ['annotations', STR_MAP], ['data', slice(I)], ['platform', ptr(PLATFORM)], ['artifactType', S]);

const CONTAINER_BASE = struct(
  ['Id', S, 'ID'], ['Created', S], ['Path', S], ['Args', slice(S)], ['State', ptr(STATE)], ['Image', S], ['ResolvConfPath', S], ['HostnamePath', S], ['HostsPath', S], ['LogPath', S], ['Name', S],
  ['RestartCount', I], ['Driver', S], ['Platform', S], ['MountLabel', S], ['ProcessLabel', S], ['AppArmorProfile', S], ['ExecIDs', slice(S)], ['HostConfig', ptr(HOST_CONFIG)],
  ['GraphDriver', DRIVER_DATA], ['SizeRw', ptr(I)], ['SizeRootFs', ptr(I)],
);
export const CONTAINER = struct({ embed: CONTAINER_BASE, name: 'ContainerJSONBase', ptr: true }, ['Mounts', slice(MOUNT_POINT)], ['Config', ptr(CONFIG)], ['NetworkSettings', ptr(NETWORK_SETTINGS)], ['ImageManifestDescriptor', ptr(DESCRIPTOR)]);

export const NETWORK = struct(
  ['Name', S], ['Id', S, 'ID'], ['Created', 'time'], ['Scope', S], ['Driver', S], ['EnableIPv4', B], ['EnableIPv6', B],
  ['IPAM', struct(['Driver', S], ['Options', STR_MAP], ['Config', slice(struct(['Subnet', S], ['IPRange', S], ['Gateway', S], ['AuxiliaryAddresses', STR_MAP, 'AuxAddress']))])],
  ['Internal', B], ['Attachable', B], ['Ingress', B], ['ConfigFrom', struct(['Network', S])], ['ConfigOnly', B],
  ['Containers', map(struct(['Name', S], ['EndpointID', S], ['MacAddress', S], ['IPv4Address', S], ['IPv6Address', S]))], ['Options', STR_MAP], ['Labels', STR_MAP],
  ['Peers', slice(struct(['Name', S], ['IP', S]))],
  ['Services', map(struct(['VIP', S], ['Ports', slice(S)], ['LocalLBIndex', I], ['Tasks', slice(struct(['Name', S], ['EndpointID', S], ['EndpointIP', S], ['Info', STR_MAP]))]))],
);

const OCI_IMAGE_CONFIG = struct(['User', S], ['ExposedPorts', map(EMPTY)], ['Env', slice(S)], ['Entrypoint', slice(S)], ['Cmd', slice(S)], ['Volumes', map(EMPTY)], ['WorkingDir', S], ['Labels', STR_MAP], ['StopSignal', S], ['ArgsEscaped', B]);
const IMAGE_CONFIG_EXT = struct(['Healthcheck', ptr(HEALTH_CONFIG)], ['OnBuild', slice(S)], ['Shell', slice(S)]);

export const IMAGE = struct(
  ['Id', S, 'ID'], ['RepoTags', slice(S)], ['RepoDigests', slice(S)], ['Parent', S], ['Comment', S], ['Created', S], ['Container', S], ['ContainerConfig', ptr(CONFIG)], ['DockerVersion', S], ['Author', S],
  ['Config', ptr(struct({ embed: OCI_IMAGE_CONFIG, name: 'ImageConfig' }, { embed: IMAGE_CONFIG_EXT, name: 'DockerOCIImageConfigExt' }))], ['Architecture', S], ['Variant', S], ['Os', S], ['OsVersion', S], ['Size', I], ['VirtualSize', I],
  ['GraphDriver', DRIVER_DATA], ['RootFS', struct(['Type', S], ['Layers', slice(S)])], ['Metadata', struct(['LastTagTime', 'time'])], ['Descriptor', ptr(DESCRIPTOR)], ['Manifests', slice('any')],
);

/** A heap address for a value behind a pointer (Go's are 8-byte aligned, `0xc000...`): the real one changes every run, this one follows the key. */
export function address(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `0xc000${((h % 0x100000) * 8).toString(16).padStart(6, '0')}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mark<T extends object>(obj: T, symbol: symbol, value: unknown): T {
  Object.defineProperty(obj, symbol, { value, enumerable: false });
  return obj;
}

/** What an interface{} holds after decoding: JSON objects are maps. */
function anyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(anyValue);
  if (!isObject(v)) return v ?? null;
  return mark(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, anyValue(x)])), GO_KIND, 'map');
}

/** Fills `out` with a struct's fields (an embedded one's flat, as Go promotes them) and returns its layout. */
function fill(out: Record<string, unknown>, omitted: Record<string, undefined>, goFields: Record<string, unknown>, raw: Record<string, unknown>, t: GoStruct, key: string): Layout {
  const layout: Layout = [];
  for (const field of t.fields) {
    if (!Array.isArray(field)) {
      const inner = fill(out, omitted, goFields, raw, field.embed, key);
      const at = `${key}/${field.name}`;
      layout.push(field.ptr ? { address: address(at) } : inner);
      const embedded = toGo(raw, field.embed, key) as object;
      goFields[field.name] = field.ptr ? mark(embedded, POINTER, address(at)) : embedded;
      continue;
    }
    const [name, type, goName] = field;
    out[name] = toGo(raw[name], type, `${key}/${name}`);
    if (!(name in raw)) omitted[name] = undefined;
    if (goName !== undefined) goFields[goName] = out[name];
    layout.push(name);
  }
  return layout;
}

/** The daemon's JSON value as the Go type `t` holds it (see the module comment). */
export function toGo(v: unknown, t: GoType, key = ''): unknown {
  switch (t) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'bool':
      return typeof v === 'boolean' ? v : false;
    case 'int':
      return typeof v === 'number' ? v : 0;
    case 'time':
      return goTime(typeof v === 'string' ? v : '0001-01-01T00:00:00Z');
    case 'duration':
      return goDuration(typeof v === 'number' ? v : 0);
    case 'any':
      return anyValue(v);
  }
  if ('slice' in t) return Array.isArray(v) ? v.map((x, i) => toGo(x, t.slice, `${key}/${i}`)) : NIL_SLICE;
  if ('map' in t) {
    if (!isObject(v)) return NIL_MAP;
    const out = mark(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toGo(x, t.map, `${key}/${k}`)])), GO_KIND, 'map');
    return t.key === undefined ? out : mark(out, GO_MAP_KEY, t.key);
  }
  if ('ptr' in t) {
    if (v === null || v === undefined) return null;
    const value = toGo(v, t.ptr, key);
    if (typeof t.ptr === 'object' && 'fields' in t.ptr) return mark(value as object, POINTER, address(key));
    const box: GoPtr = { [GO_PTR]: { address: address(key), value } };
    return box;
  }
  const raw = isObject(v) ? v : {};
  const out: Record<string, unknown> = {};
  const omitted: Record<string, undefined> = {};
  const goFields: Record<string, unknown> = {};
  const layout = fill(out, omitted, goFields, raw, t, key);
  mark(out, GO_KIND, 'struct');
  if (Object.keys(goFields).length > 0) mark(out, GO_FIELDS, goFields);
  mark(out, JSON_FIELDS, omitted);
  if (layout.some((entry) => typeof entry !== 'string')) mark(out, EMBEDDED, layout);
  return out;
}
