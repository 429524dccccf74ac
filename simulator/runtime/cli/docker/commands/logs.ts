/**
 * `docker logs [--tail N] [-t] [--since T] [--until T] CONTAINER`: the client inspects the container first (to know
 * whether it has a TTY), then reads the log stream and splits stdout from stderr.
 */
import type { HttpResponse } from '../../../../kernel/http.ts';
import { utf8Decode } from '../../../../core/utf8.ts';
import { bool, str, type Command } from '../command.ts';
import { CliError, type ApiClient } from '../client.ts';
import { clientTimestamp } from '../../../engine/since.ts';

/** Splits Docker's multiplexed stream (8-byte frame headers) into stdout and stderr text. */
export function demuxLogs(res: HttpResponse, stdout: (t: string) => void, stderr: (t: string) => void): void {
  const type = res.headers['Content-Type'] ?? '';
  const body = res.body;
  if (!type.includes('multiplexed')) {
    stdout(body);
    return;
  }
  let i = 0;
  while (i + 8 <= body.length) {
    const stream = body.charCodeAt(i);
    const size = ((body.charCodeAt(i + 4) << 24) | (body.charCodeAt(i + 5) << 16) | (body.charCodeAt(i + 6) << 8) | body.charCodeAt(i + 7)) >>> 0;
    const bytes = new Uint8Array(size);
    for (let k = 0; k < size; k++) bytes[k] = body.charCodeAt(i + 8 + k) & 255;
    const text = utf8Decode(bytes);
    if (stream === 2) stderr(text);
    else stdout(text);
    i += 8 + size;
  }
}

/** All of a container's output so far, stdout and stderr in the order written. */
export function logText(client: ApiClient, id: string, timestamps = false): string {
  const res = client.request('GET', `/containers/${encodeURIComponent(id)}/logs`, [['stdout', '1'], ['stderr', '1'], ...(timestamps ? ([['timestamps', '1']] as [string, string][]) : [])]);
  let text = '';
  demuxLogs(res, (t) => (text += t), (t) => (text += t));
  return text;
}

export const logs: Command = {
  path: 'docker logs',
  usage: 'docker logs [OPTIONS] CONTAINER',
  flags: [
    { long: 'details', type: 'bool' },
    { long: 'follow', short: 'f', type: 'bool' },
    { long: 'since', type: 'string' },
    { long: 'tail', short: 'n', type: 'string' },
    { long: 'timestamps', short: 't', type: 'bool' },
    { long: 'until', type: 'string' },
  ],
  args: { exact: 1 },
  run(ctx) {
    const id = encodeURIComponent(ctx.args[0] as string);
    const c = ctx.client.json<{ Id: string; State: { Running: boolean } }>('GET', `/containers/${id}/json`);
    const query: [string, string][] = [['stdout', '1'], ['stderr', '1']];
    // Relative times and dates become unix times by the client's clock, as the real client sends them.
    const since = clientTimestamp(str(ctx, 'since'), ctx.io.now());
    if ('error' in since) throw new CliError(`invalid value for "since": ${since.error}`);
    const until = clientTimestamp(str(ctx, 'until'), ctx.io.now());
    if ('error' in until) throw new CliError(`invalid value for "until": ${until.error}`);
    if (since.value !== '') query.push(['since', since.value]);
    if (bool(ctx, 'timestamps')) query.push(['timestamps', '1']);
    if (bool(ctx, 'details')) query.push(['details', '1']);
    if (until.value !== '') query.push(['until', until.value]);
    query.push(['tail', str(ctx, 'tail') || 'all']);
    const res = ctx.client.request('GET', `/containers/${id}/logs`, query);
    demuxLogs(res, ctx.io.stdout, ctx.io.stderr);
    // -f on a running container follows its output until it stops: in a terminal as time passes,
    // elsewhere what it wrote so far, then a stop as if the reader pressed Ctrl+C.
    if (!bool(ctx, 'follow') || !c.State.Running) return 0;
    if (ctx.io.startStream) {
      ctx.io.startStream('docker-logs', { container: c.Id, shown: logText(ctx.client, c.Id, bool(ctx, 'timestamps')).length, timestamps: bool(ctx, 'timestamps') });
      return 0;
    }
    ctx.io.stdout('^C\n');
    return 130;
  },
};
