/**
 * The foreground streams of the docker client in a terminal that follows them (see
 * `Session.stream`): each tick asks the engine what is new — a container's output (`logs -f`,
 * `attach`), events (`events`), a fresh stats screen every half second (`stats`) — and ends
 * when the thing followed ends. Ctrl+C (`interrupt`) ends them with nothing more printed.
 */
import type { StreamStep, SessionStream } from '../../../kernel/types.ts';
import type { World } from '../../../kernel/world.ts';
import { ApiClient } from './client.ts';
import { encodeFilters } from './client.ts';
import { socketTransport } from './index.ts';
import { logText } from './commands/logs.ts';
import { statsScreen, statsTable, type StatsQuery } from './commands/stats.ts';
import { part } from '../../../lazy/index.ts';

type Handler = (world: World, stream: SessionStream, action: 'tick' | 'interrupt') => StreamStep;

function client(world: World, stream: SessionStream): ApiClient {
  return new ApiClient(socketTransport(world.host(stream.host)), 'unix:///var/run/docker.sock');
}

function inspect(api: ApiClient, id: string): { running: boolean; exitCode: number } | undefined {
  const res = api.request('GET', `/containers/${id}/json`, [], undefined, true);
  if (res.status !== 200) return undefined;
  const c = JSON.parse(res.body) as { State: { Running: boolean; ExitCode: number } };
  return { running: c.State.Running, exitCode: c.State.ExitCode };
}

/** New output of a container since the last tick; done when it is no longer running. */
function followOutput(exitWithContainer: boolean): Handler {
  return (world, stream, action) => {
    if (action === 'interrupt') return { output: '' };
    const api = client(world, stream);
    const d = stream.data as { container: string; shown: number; timestamps?: boolean };
    const state = inspect(api, d.container);
    const text = state ? logText(api, d.container, d.timestamps === true) : '';
    const output = text.slice(d.shown);
    d.shown = Math.max(d.shown, text.length);
    if (state?.running) return { output };
    return { output, exitCode: exitWithContainer ? state?.exitCode ?? 0 : 0 };
  };
}

const events: Handler = (world, stream, action) => {
  if (action === 'interrupt') return { output: '' };
  const api = client(world, stream);
  const d = stream.data as { from: number; filters: string[]; until: string | null; format?: string };
  const now = world.clock.now;
  const q: [string, string][] = [['since', (d.from / 1000).toFixed(3)], ['until', (now / 1000).toFixed(3)]];
  if (d.filters.length) q.push(['filters', encodeFilters(d.filters)]);
  const body = api.request('GET', '/events', q).body;
  // Events exactly at `from` were printed by the last tick: only later ones are new.
  const fresh = body.split('\n').filter((l) => l.trim() !== '' && Number(/"timeNano":(\d+)/.exec(l)?.[1]?.slice(0, -6) ?? 0) > d.from);
  d.from = now;
  const output = part('extras').renderEvents(fresh.join('\n'), d.format ?? '');
  if (d.until !== null && /^\d+(\.\d+)?$/.test(d.until) && Number(d.until) * 1000 <= now) return { output, exitCode: 0 };
  return { output };
};

const stats: Handler = (world, stream, action) => {
  if (action === 'interrupt') return { output: '' };
  const d = stream.data as unknown as StatsQuery & { last: number };
  // The client redraws every half second; a tick of several only shows the last screen.
  if (world.clock.now - d.last < 500) return { output: '' };
  d.last += Math.floor((world.clock.now - d.last) / 500) * 500;
  const { text, errors } = statsTable(client(world, stream), d);
  if (errors.length) return { output: errors.join('\n') + '\n', exitCode: 1 };
  return { output: statsScreen(text) };
};

/** `docker wait` in a terminal: each container's status as it stops, in the order named. */
const wait: Handler = (world, stream, action) => {
  if (action === 'interrupt') return { output: '' };
  const api = client(world, stream);
  const d = stream.data as { containers: string[] };
  let output = '';
  while (d.containers.length > 0) {
    const state = inspect(api, encodeURIComponent(d.containers[0] as string));
    if (state?.running) return { output };
    if (state) output += `${state.exitCode}\n`;
    d.containers.shift();
  }
  return { output, exitCode: 0 };
};

export function wireDockerStreams(world: World): void {
  world.streams['docker-wait'] = wait;
  world.streams['docker-logs'] = followOutput(false);
  world.streams['docker-attach'] = followOutput(true);
  world.streams['docker-events'] = events;
  world.streams['docker-stats'] = stats;
}
