/**
 * Legacy links (`--link name:alias` on the default bridge): the daemon stores them as
 * `/name:/container/alias`; at start the linked container must be running, and the new one gets
 * an /etc/hosts line for it (`IP alias hostname name`) and environment variables describing it
 * (`ALIAS_PORT_80_TCP_ADDR=...`, `ALIAS_NAME`, `ALIAS_ENV_...`), as moby's links package writes them.
 */
import { findContainer, type ContainerRecord, type EngineState } from './state.ts';

/** Checks `--link` values at create and returns them as the daemon keeps them; a string is the error. */
export function normalizeLinks(state: EngineState, links: string[], name: string): string[] | string {
  const out: string[] = [];
  for (const l of links) {
    const [target, alias] = l.split(':') as [string, string | undefined];
    const child = findContainer(state, target);
    if (!child || 'ambiguous' in child) return `could not get container for ${target}: No such container: ${target}`;
    if (child.hostConfig['NetworkMode'] === 'host') return "conflicting options: host type networking can't be used with links. This would result in undefined behavior";
    out.push(`${child.name}:${name}/${alias ?? target}`);
  }
  return out;
}

export interface LinkedContainers {
  hosts: { ip: string; names: string }[];
  env: string[];
}

export function resolveLinks(state: EngineState, c: ContainerRecord): LinkedContainers | { error: string } {
  const out: LinkedContainers = { hosts: [], env: [] };
  const links = Array.isArray(c.hostConfig['Links']) ? (c.hostConfig['Links'] as string[]) : [];
  for (const link of links) {
    const colon = link.indexOf(':');
    const childName = link.slice(0, colon);
    const linkName = link.slice(colon + 1);
    const child = findContainer(state, childName);
    const running = child && !('ambiguous' in child) && (child.state.status === 'running' || child.state.status === 'paused');
    if (!running) return { error: `Cannot link to a non running container: ${childName} AS ${linkName}` };
    const ch = child as ContainerRecord;
    const alias = linkName.slice(linkName.lastIndexOf('/') + 1);
    const ip = ch.networks['bridge']?.ip ?? '';
    out.hosts.push({ ip, names: [alias, ch.config.Hostname, ...(alias !== ch.name.slice(1) ? [ch.name.slice(1)] : [])].join(' ') });
    out.env.push(...linkEnv(alias, linkName, ip, Object.keys(ch.config.ExposedPorts ?? {}), ch.config.Env));
  }
  return out;
}

function linkEnv(alias: string, linkName: string, ip: string, exposed: string[], childEnv: string[]): string[] {
  const prefix = alias.toUpperCase().replace(/-/g, '_');
  // tcp before udp for the same number, then by number.
  const ports = exposed.map((p) => p.split('/') as [string, string]).sort((a, b) => Number(a[0]) - Number(b[0]) || (a[1] === 'tcp' ? -1 : b[1] === 'tcp' ? 1 : 0));
  const env: string[] = [];
  ports.forEach(([port, proto], i) => {
    if (i === 0) env.push(`${prefix}_PORT=${proto}://${ip}:${port}`);
    const p = `${prefix}_PORT_${port}_${proto.toUpperCase()}`;
    env.push(`${p}=${proto}://${ip}:${port}`, `${p}_ADDR=${ip}`, `${p}_PORT=${port}`, `${p}_PROTO=${proto}`);
  });
  env.push(`${prefix}_NAME=${linkName}`);
  for (const v of childEnv) {
    const eq = v.indexOf('=');
    if (eq < 0) continue;
    const name = v.slice(0, eq);
    if (name === 'HOME' || name === 'PATH') continue;
    env.push(`${prefix}_ENV_${name}=${v.slice(eq + 1)}`);
  }
  return env;
}
