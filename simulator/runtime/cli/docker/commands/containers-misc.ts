/**
 * Smaller container commands: rename, top, port, wait, container prune.
 */
import { CliError } from '../client.ts';
import { bool, eachArg, list, type Command } from '../command.ts';
import { formatTable } from '../../../../core/tabwriter.ts';
import { humanSize } from '../../../../core/format.ts';
import { encodeFilters } from '../client.ts';

const enc = encodeURIComponent;

export const rename: Command = {
  path: 'docker rename',
  usage: 'docker rename CONTAINER NEW_NAME',
  flags: [],
  args: { exact: 2 },
  run(ctx) {
    const [from, to] = ctx.args as [string, string];
    if (to.trim() === '') throw new CliError('Error: neither old nor new names may be empty');
    try {
      ctx.client.request('POST', `/containers/${enc(from)}/rename`, [['name', to]]);
    } catch (e) {
      if (e instanceof CliError) throw new CliError(`${e.message}\nError: failed to rename container named ${from}`);
      throw e;
    }
    return 0;
  },
};

export const top: Command = {
  path: 'docker top',
  usage: 'docker top CONTAINER [ps OPTIONS]',
  flags: [],
  args: { min: 1 },
  interspersed: false,
  run(ctx) {
    const res = ctx.client.json<{ Titles: string[]; Processes: string[][] | null }>('GET', `/containers/${enc(ctx.args[0] as string)}/top`, ctx.args.length > 1 ? [['ps_args', ctx.args.slice(1).join(' ')]] : []);
    // docker top's tabwriter has a minimum cell width of 20.
    ctx.io.stdout(formatTable([res.Titles, ...(res.Processes ?? [])], { minWidth: 20, padding: 3 }));
    return 0;
  },
};

interface Inspected {
  Name: string;
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

function hostAddr(ip: string, port: string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export const port: Command = {
  path: 'docker port',
  usage: 'docker port CONTAINER [PRIVATE_PORT[/PROTO]]',
  flags: [],
  args: { min: 1, max: 2 },
  run(ctx) {
    const name = ctx.args[0] as string;
    const c = ctx.client.json<Inspected>('GET', `/containers/${enc(name)}/json`);
    const ports = c.NetworkSettings.Ports ?? {};
    if (ctx.args[1] !== undefined) {
      const want = ctx.args[1].includes('/') ? ctx.args[1] : `${ctx.args[1]}/tcp`;
      const bindings = ports[want];
      if (!bindings || bindings.length === 0) throw new CliError(`Error: No public port '${ctx.args[1]}' published for ${name}`);
      ctx.io.stdout(bindings.map((b) => hostAddr(b.HostIp, b.HostPort) + '\n').join(''));
      return 0;
    }
    const keys = Object.keys(ports).sort((a, b) => Number(a.split('/')[0]) - Number(b.split('/')[0]) || (a < b ? -1 : 1));
    let out = '';
    for (const key of keys) for (const b of ports[key] ?? []) out += `${key} -> ${hostAddr(b.HostIp, b.HostPort)}\n`;
    ctx.io.stdout(out);
    return 0;
  },
};

export const wait: Command = {
  path: 'docker wait',
  usage: 'docker wait CONTAINER [CONTAINER...]',
  flags: [],
  args: { min: 1 },
  run(ctx) {
    // A container that does not stop by itself keeps the client waiting: a terminal follows it
    // (the statuses come as they stop), elsewhere the client stops as if Ctrl+C were pressed.
    let waiting: string[] | undefined;
    const code = eachArg(ctx, (arg) => {
      if (waiting) {
        waiting.push(arg);
        return;
      }
      const res = ctx.client.json<{ StatusCode: number }>('POST', `/containers/${enc(arg)}/wait`);
      const now = ctx.client.request('GET', `/containers/${enc(arg)}/json`, [], undefined, true);
      if (now.status === 200 && (JSON.parse(now.body) as { State: { Running: boolean } }).State.Running) waiting = [arg];
      else ctx.io.stdout(`${res.StatusCode}\n`);
    });
    if (!waiting) return code;
    if (ctx.io.startStream) {
      ctx.io.startStream('docker-wait', { containers: waiting });
      return code;
    }
    ctx.io.stdout('^C\n');
    return 130;
  },
};

/** The confirmation prompt of prune commands: reads the reader's answer from stdin. */
export function confirm(ctx: Parameters<Command['run']>[0], warning: string): boolean {
  if (bool(ctx, 'force')) return true;
  ctx.io.stdout(`${warning}\nAre you sure you want to continue? [y/N] `);
  const answer = ctx.io.stdin.split('\n')[0]?.trim().toLowerCase() ?? '';
  if (answer === 'y' || answer === 'yes') return true;
  if (ctx.io.stdin === '') ctx.io.stdout('\n');
  return false;
}

export const containerPrune: Command = {
  path: 'docker container prune',
  usage: 'docker container prune [OPTIONS]',
  flags: [
    { long: 'filter', type: 'list' },
    { long: 'force', short: 'f', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    if (!confirm(ctx, 'WARNING! This will remove all stopped containers.')) return 0;
    const filters = list(ctx, 'filter');
    const res = ctx.client.json<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune', filters.length ? [['filters', encodeFilters(filters)]] : []);
    let out = '';
    if (res.ContainersDeleted && res.ContainersDeleted.length) out += 'Deleted Containers:\n' + res.ContainersDeleted.map((id) => id + '\n').join('') + '\n';
    out += `Total reclaimed space: ${humanSize(res.SpaceReclaimed)}\n`;
    ctx.io.stdout(out);
    return 0;
  },
};
