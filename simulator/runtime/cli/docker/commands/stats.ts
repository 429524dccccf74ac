/**
 * `docker stats [--no-stream] [CONTAINER...]`: one sample per container, computed on the client
 * from the daemon's stats as the real CLI computes them (CPU % from the usage deltas, memory in
 * binary units, I/O in decimal units). Streaming (no --no-stream) redraws the screen every half second.
 */
import { bytesSize, humanSize } from '../../../../core/format.ts';
import { DaemonError, type ApiClient } from '../client.ts';
import { bool, str, type Command } from '../command.ts';
import { renderRows } from '../format/render.ts';

interface Sample {
  name: string;
  id: string;
  pids_stats: { current?: number };
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number; online_cpus: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
  blkio_stats: { io_service_bytes_recursive: { op: string; value: number }[] | null };
}

function fixed2(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

export function statsRow(s: Sample, trunc: boolean): Record<string, unknown> {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const sysDelta = s.cpu_stats.system_cpu_usage - s.precpu_stats.system_cpu_usage;
  const cpu = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * s.cpu_stats.online_cpus * 100 : 0;
  const usage = (s.memory_stats.usage ?? 0) - (s.memory_stats.stats?.['total_inactive_file'] ?? 0);
  const limit = s.memory_stats.limit ?? 0;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes;
    tx += n.tx_bytes;
  }
  let read = 0;
  let write = 0;
  for (const e of s.blkio_stats.io_service_bytes_recursive ?? []) {
    if (e.op.toLowerCase() === 'read') read += e.value;
    if (e.op.toLowerCase() === 'write') write += e.value;
  }
  return {
    ID: trunc ? s.id.slice(0, 12) : s.id,
    Container: s.name.replace(/^\//, ''),
    Name: s.name.replace(/^\//, ''),
    CPUPerc: `${fixed2(cpu)}%`,
    MemUsage: `${bytesSize(usage)} / ${bytesSize(limit)}`,
    MemPerc: `${fixed2(limit > 0 ? (usage / limit) * 100 : 0)}%`,
    NetIO: `${humanSize(rx)} / ${humanSize(tx)}`,
    BlockIO: `${humanSize(read)} / ${humanSize(write)}`,
    PIDs: String(s.pids_stats.current ?? 0),
  };
}

const STATS_HEADERS = { ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' };

export interface StatsQuery {
  ids: string[];
  all: boolean;
  noTrunc: boolean;
  format: string;
}

/** One screen of stats: the table, or the daemon's errors for the named containers. */
export function statsTable(client: ApiClient, q: StatsQuery): { text: string; errors: string[] } {
  let ids = q.ids;
  if (ids.length === 0) ids = client.json<{ Id: string }[]>('GET', '/containers/json', q.all ? [['all', '1']] : []).map((c) => c.Id);
  const rows: Record<string, unknown>[] = [];
  const errors: string[] = [];
  for (const id of ids) {
    try {
      rows.push(statsRow(client.json<Sample>('GET', `/containers/${encodeURIComponent(id)}/stats`, [['stream', '0']]), !q.noTrunc));
    } catch (e) {
      if (e instanceof DaemonError) errors.push(e.message);
      else throw e;
    }
  }
  const format = q.format || 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
  return { text: renderRows(format, rows, STATS_HEADERS, '*container.statsContext'), errors };
}

/**
 * A streaming screen as the 28.2.2 client writes it: cursor home, the table, then the same text
 * again line by line with "erase to end of line", and "erase below" (it appends to its own buffer).
 */
export function statsScreen(table: string): string {
  const first = `\x1b[H${table}`;
  return first + first.split('\n').map((line) => `${line} \x1b[K\n`).join('') + '\x1b[J';
}

export const stats: Command = {
  path: 'docker stats',
  usage: 'docker stats [OPTIONS] [CONTAINER...]',
  flags: [
    { long: 'all', short: 'a', type: 'bool' },
    { long: 'format', type: 'string' },
    { long: 'no-stream', type: 'bool' },
    { long: 'no-trunc', type: 'bool' },
  ],
  run(ctx) {
    const q: StatsQuery = { ids: ctx.args, all: bool(ctx, 'all'), noTrunc: bool(ctx, 'no-trunc'), format: str(ctx, 'format') };
    const { text, errors } = statsTable(ctx.client, q);
    if (errors.length) {
      ctx.io.stderr(errors.join('\n') + '\n');
      return 1;
    }
    if (bool(ctx, 'no-stream')) {
      ctx.io.stdout(text);
      return 0;
    }
    // Streaming: a terminal that can follow gets a new screen every half second; elsewhere the
    // first screen, then a stop as if the reader pressed Ctrl+C.
    if (ctx.io.startStream) {
      ctx.io.stdout(statsScreen(text));
      ctx.io.startStream('docker-stats', { ...q, last: ctx.io.now() });
      return 0;
    }
    ctx.io.stdout(text + '^C\n');
    return 130;
  },
};
