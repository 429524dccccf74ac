/**
 * `docker volume create|ls|inspect|rm|prune`.
 */
import { humanSize } from '../../../../core/format.ts';
import { encodeFilters } from '../client.ts';
import { bool, eachArg, list, str, type Command } from '../command.ts';
import { renderRows } from '../format/render.ts';
import { confirm } from './containers-misc.ts';
import { inspectEach } from './inspect.ts';
import { byNaturalOrder } from '../../../../core/natural-order.ts';

interface ApiVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
  Scope: string;
  CreatedAt: string;
}

export const volumeCreate: Command = {
  path: 'docker volume create',
  usage: 'docker volume create [OPTIONS] [VOLUME]',
  flags: [
    { long: 'driver', short: 'd', type: 'string' },
    { long: 'label', type: 'list' },
    { long: 'name', type: 'string' },
    { long: 'opt', short: 'o', type: 'list' },
    { long: 'availability', type: 'string', unsimulated: true },
    { long: 'group', type: 'string', unsimulated: true },
    { long: 'limit-bytes', type: 'bytes', unsimulated: true },
    { long: 'required-bytes', type: 'bytes', unsimulated: true },
    { long: 'scope', type: 'string', unsimulated: true },
    { long: 'secret', type: 'list', unsimulated: true },
    { long: 'sharing', type: 'string', unsimulated: true },
    { long: 'topology-preferred', type: 'list', unsimulated: true },
    { long: 'topology-required', type: 'list', unsimulated: true },
    { long: 'type', type: 'string', unsimulated: true },
  ],
  args: { max: 1 },
  run(ctx) {
    const labels: Record<string, string> = {};
    for (const l of list(ctx, 'label')) {
      const eq = l.indexOf('=');
      labels[eq >= 0 ? l.slice(0, eq) : l] = eq >= 0 ? l.slice(eq + 1) : '';
    }
    const opts: Record<string, string> = {};
    for (const o of list(ctx, 'opt')) {
      const eq = o.indexOf('=');
      opts[eq >= 0 ? o.slice(0, eq) : o] = eq >= 0 ? o.slice(eq + 1) : '';
    }
    // Empty options and labels are left out of the body (omitempty), so the volume has none (null).
    const body = {
      Driver: str(ctx, 'driver') || 'local',
      ...(Object.keys(opts).length ? { DriverOpts: opts } : {}),
      ...(Object.keys(labels).length ? { Labels: labels } : {}),
      Name: ctx.args[0] ?? str(ctx, 'name'),
    };
    const v = ctx.client.json<ApiVolume>('POST', '/volumes/create', [], body);
    ctx.io.stdout(`${v.Name}\n`);
    return 0;
  },
};

export const volumeLs: Command = {
  path: 'docker volume ls',
  usage: 'docker volume ls [OPTIONS]',
  flags: [
    { long: 'cluster', type: 'bool' },
    { long: 'filter', short: 'f', type: 'list' },
    { long: 'format', type: 'string' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    const filters = list(ctx, 'filter');
    const res = ctx.client.json<{ Volumes: ApiVolume[] | null }>('GET', '/volumes', filters.length ? [['filters', encodeFilters(filters)]] : []);
    // The client lists volumes in natural order of their names, whatever order the daemon used.
    const vols = [...(res.Volumes ?? [])].sort((a, b) => byNaturalOrder(a.Name, b.Name));
    if (bool(ctx, 'quiet')) {
      ctx.io.stdout(vols.map((v) => `${v.Name}\n`).join(''));
      return 0;
    }
    const rows = vols.map((v) => ({ Driver: v.Driver, Name: v.Name, Mountpoint: v.Mountpoint, Scope: v.Scope, Labels: Object.entries(v.Labels ?? {}).map(([k, x]) => `${k}=${x}`).join(','), CreatedAt: v.CreatedAt, Size: 'N/A' }));
    const format = str(ctx, 'format') || 'table {{.Driver}}\t{{.Name}}';
    ctx.io.stdout(renderRows(format, rows, { Driver: 'DRIVER', Name: 'VOLUME NAME', Mountpoint: 'MOUNTPOINT', Scope: 'SCOPE', Labels: 'LABELS', CreatedAt: 'CREATED', Size: 'SIZE' }, '*formatter.volumeContext'));
    return 0;
  },
};

export const volumeInspect: Command = {
  path: 'docker volume inspect',
  usage: 'docker volume inspect [OPTIONS] VOLUME [VOLUME...]',
  flags: [{ long: 'format', short: 'f', type: 'string' }],
  args: { min: 1 },
  run(ctx) {
    return inspectEach(ctx, (name) => `/volumes/${encodeURIComponent(name)}`);
  },
};

export const volumeRm: Command = {
  path: 'docker volume rm',
  usage: 'docker volume rm [OPTIONS] VOLUME [VOLUME...]',
  flags: [{ long: 'force', short: 'f', type: 'bool' }],
  args: { min: 1 },
  run: (ctx) =>
    eachArg(ctx, (name) => {
      ctx.client.request('DELETE', `/volumes/${encodeURIComponent(name)}`, bool(ctx, 'force') ? [['force', '1']] : []);
      ctx.io.stdout(`${name}\n`);
    }),
};

export const volumePrune: Command = {
  path: 'docker volume prune',
  usage: 'docker volume prune [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', type: 'bool' },
    { long: 'filter', type: 'list' },
    { long: 'force', short: 'f', type: 'bool' },
  ],
  args: { exact: 0 },
  run(ctx) {
    if (!confirm(ctx, 'WARNING! This will remove anonymous local volumes not used by at least one container.')) return 0;
    const filters = [...list(ctx, 'filter'), ...(bool(ctx, 'all') ? ['all=true'] : [])];
    const res = ctx.client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', filters.length ? [['filters', encodeFilters(filters)]] : []);
    let out = '';
    if (res.VolumesDeleted && res.VolumesDeleted.length) out += 'Deleted Volumes:\n' + res.VolumesDeleted.map((v) => v + '\n').join('') + '\n';
    out += `Total reclaimed space: ${humanSize(res.SpaceReclaimed)}\n`;
    ctx.io.stdout(out);
    return 0;
  },
};
