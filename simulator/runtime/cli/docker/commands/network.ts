/**
 * `docker network create|ls|inspect|rm|connect|disconnect|prune`.
 */
import { CliError, encodeFilters } from '../client.ts';
import { bool, eachArg, list, str, type Command } from '../command.ts';
import { renderRows } from '../format/render.ts';
import { shortHex } from '../format/text.ts';
import { confirm } from './containers-misc.ts';
import { inspectEach } from './inspect.ts';

interface ApiNetwork {
  Name: string;
  Id: string;
  Driver: string;
  Scope: string;
  Created: string;
  Internal: boolean;
  EnableIPv6: boolean;
  Labels: Record<string, string> | null;
}

const enc = encodeURIComponent;

export const networkCreate: Command = {
  path: 'docker network create',
  usage: 'docker network create [OPTIONS] NETWORK',
  flags: [
    { long: 'attachable', type: 'bool' },
    { long: 'driver', short: 'd', type: 'string' },
    { long: 'gateway', type: 'list' },
    { long: 'internal', type: 'bool' },
    { long: 'ip-range', type: 'list' },
    { long: 'ipv6', type: 'bool' },
    { long: 'label', type: 'list' },
    { long: 'opt', short: 'o', type: 'list' },
    { long: 'subnet', type: 'list' },
    { long: 'aux-address', type: 'list', unsimulated: true },
    { long: 'config-from', type: 'string', unsimulated: true },
    { long: 'config-only', type: 'bool', unsimulated: true },
    { long: 'ingress', type: 'bool', unsimulated: true },
    { long: 'ipam-driver', type: 'string', unsimulated: true },
    { long: 'ipam-opt', type: 'list', unsimulated: true },
    { long: 'ipv4', type: 'bool', unsimulated: true },
    { long: 'scope', type: 'string', unsimulated: true },
  ],
  args: { exact: 1 },
  run(ctx) {
    const subnets = list(ctx, 'subnet');
    const gateways = list(ctx, 'gateway');
    if (gateways.length > subnets.length) throw new CliError('every ip-range or gateway must have a corresponding subnet');
    const options: Record<string, string> = {};
    for (const o of list(ctx, 'opt')) {
      const eq = o.indexOf('=');
      options[eq >= 0 ? o.slice(0, eq) : o] = eq >= 0 ? o.slice(eq + 1) : '';
    }
    const driver = str(ctx, 'driver') || 'bridge';
    const res = ctx.client.json<{ Id: string }>('POST', '/networks/create', [], {
      Name: ctx.args[0],
      Driver: driver,
      Scope: '',
      EnableIPv6: bool(ctx, 'ipv6') || null,
      IPAM: { Driver: 'default', Config: subnets.map((s, i) => ({ Subnet: s, ...(gateways[i] ? { Gateway: gateways[i] } : {}) })), Options: {} },
      Internal: bool(ctx, 'internal'),
      Attachable: bool(ctx, 'attachable'),
      Options: options,
      Labels: {},
    });
    ctx.io.stdout(`${res.Id}\n`);
    return 0;
  },
};

export const networkLs: Command = {
  path: 'docker network ls',
  usage: 'docker network ls [OPTIONS]',
  flags: [
    { long: 'filter', short: 'f', type: 'list' },
    { long: 'format', type: 'string' },
    { long: 'no-trunc', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const filters = list(ctx, 'filter');
    const nets = ctx.client.json<ApiNetwork[]>('GET', '/networks', filters.length ? [['filters', encodeFilters(filters)]] : []);
    nets.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const trunc = !bool(ctx, 'no-trunc');
    if (bool(ctx, 'quiet')) {
      ctx.io.stdout(nets.map((n) => (trunc ? shortHex(n.Id) : n.Id) + '\n').join(''));
      return 0;
    }
    const rows = nets.map((n) => ({ ID: trunc ? shortHex(n.Id) : n.Id, Name: n.Name, Driver: n.Driver, Scope: n.Scope, IPv6: String(n.EnableIPv6), Internal: String(n.Internal), Labels: '', CreatedAt: n.Created }));
    const format = str(ctx, 'format') || 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
    ctx.io.stdout(renderRows(format, rows, { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', Labels: 'LABELS', CreatedAt: 'CREATED' }, '*network.networkContext'));
    return 0;
  },
};

export const networkInspect: Command = {
  path: 'docker network inspect',
  usage: 'docker network inspect [OPTIONS] NETWORK [NETWORK...]',
  flags: [
    { long: 'format', short: 'f', type: 'string' },
    { long: 'verbose', short: 'v', type: 'bool' },
  ],
  args: { min: 1 },
  run(ctx) {
    return inspectEach(ctx, (name) => `/networks/${enc(name)}`);
  },
};

export const networkRm: Command = {
  path: 'docker network rm',
  usage: 'docker network rm NETWORK [NETWORK...]',
  flags: [{ long: 'force', short: 'f', type: 'bool' }],
  args: { min: 1 },
  run(ctx) {
    const status = eachArg(ctx, (name) => {
      ctx.client.request('DELETE', `/networks/${enc(name)}`);
      ctx.io.stdout(`${name}\n`);
    });
    // The client reports its own failure status after the daemon's errors.
    if (status !== 0) ctx.io.stderr('exit status 1\n');
    return status;
  },
};

export const networkConnect: Command = {
  path: 'docker network connect',
  usage: 'docker network connect [OPTIONS] NETWORK CONTAINER',
  flags: [
    { long: 'alias', type: 'list' },
    { long: 'ip', type: 'string' },
    { long: 'ip6', type: 'string' },
    { long: 'link', type: 'list' },
    { long: 'driver-opt', type: 'list', unsimulated: true },
    { long: 'gw-priority', type: 'int', unsimulated: true },
    { long: 'link-local-ip', type: 'list', unsimulated: true },
  ],
  args: { exact: 2 },
  run(ctx) {
    const ip = str(ctx, 'ip');
    // Aliases go as a list even when empty, as the 28.2 client's string-slice flag sends them.
    ctx.client.request('POST', `/networks/${enc(ctx.args[0] as string)}/connect`, [], { Container: ctx.args[1], EndpointConfig: { IPAMConfig: ip ? { IPv4Address: ip } : null, Aliases: list(ctx, 'alias') } });
    return 0;
  },
};

export const networkDisconnect: Command = {
  path: 'docker network disconnect',
  usage: 'docker network disconnect [OPTIONS] NETWORK CONTAINER',
  flags: [{ long: 'force', short: 'f', type: 'bool' }],
  args: { exact: 2 },
  run(ctx) {
    ctx.client.request('POST', `/networks/${enc(ctx.args[0] as string)}/disconnect`, [], { Container: ctx.args[1], Force: bool(ctx, 'force') });
    return 0;
  },
};

export const networkPrune: Command = {
  path: 'docker network prune',
  usage: 'docker network prune [OPTIONS]',
  flags: [
    { long: 'filter', type: 'list' },
    { long: 'force', short: 'f', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    if (!confirm(ctx, 'WARNING! This will remove all custom networks not used by at least one container.')) return 0;
    const res = ctx.client.json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune');
    // The client prints the report with Println: a blank line ends it.
    if (res.NetworksDeleted && res.NetworksDeleted.length) ctx.io.stdout('Deleted Networks:\n' + res.NetworksDeleted.map((n) => n + '\n').join('') + '\n');
    return 0;
  },
};
