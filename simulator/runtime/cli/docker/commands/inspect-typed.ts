/**
 * A container's inspect JSON as the client's Go structs hold it, for the typed run of
 * `inspect -f`: fields the daemon left out of the JSON (`omitempty`) are back, in the struct's
 * order, with their zero values, so `{{.State}}` ends with `<nil>` for a missing Health and
 * `{{.Config}}` prints every field of container.Config (API 1.50).
 */
import { NIL_MAP, NIL_SLICE, OMITTED } from '../format/gotemplate/fmt.ts';

type Zero = '' | false | 0 | null | 'slice' | 'map';

const STATE: [string, Zero][] = [['Status', ''], ['Running', false], ['Paused', false], ['Restarting', false], ['OOMKilled', false], ['Dead', false], ['Pid', 0], ['ExitCode', 0], ['Error', ''], ['StartedAt', ''], ['FinishedAt', ''], ['Health', null]];

const CONFIG: [string, Zero][] = [
  ['Hostname', ''], ['Domainname', ''], ['User', ''], ['AttachStdin', false], ['AttachStdout', false], ['AttachStderr', false], ['ExposedPorts', 'map'], ['Tty', false], ['OpenStdin', false], ['StdinOnce', false],
  ['Env', 'slice'], ['Cmd', 'slice'], ['Healthcheck', null], ['ArgsEscaped', false], ['Image', ''], ['Volumes', 'map'], ['WorkingDir', ''], ['Entrypoint', 'slice'], ['NetworkDisabled', false], ['MacAddress', ''],
  ['OnBuild', 'slice'], ['Labels', 'map'], ['StopSignal', ''], ['StopTimeout', null], ['Shell', 'slice'],
];

function zero(z: Zero): unknown {
  return z === 'slice' ? NIL_SLICE : z === 'map' ? NIL_MAP : z;
}

/** The struct's fields in order: the JSON's values where present, else the zero value. */
function asStruct(raw: Record<string, unknown>, fields: [string, Zero][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A JSON null of a slice or map field is Go's nil slice or map: `[]`, `map[]`.
  for (const [name, z] of fields) out[name] = name in raw && !(raw[name] === null && (z === 'slice' || z === 'map')) ? raw[name] : zero(z);
  for (const [k, v] of Object.entries(raw)) if (!(k in out)) out[k] = v;
  Object.defineProperty(out, OMITTED, { value: fields.map(([name]) => name).filter((name) => !(name in raw)), enumerable: false });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The typed view of one inspected object (containers only; others are used as they are). */
export function typedView(value: unknown): unknown {
  if (!isObject(value) || !isObject(value['State']) || !isObject(value['Config']) || !('HostConfig' in value)) return value;
  return { ...value, State: asStruct(value['State'], STATE), Config: asStruct(value['Config'], CONFIG) };
}
