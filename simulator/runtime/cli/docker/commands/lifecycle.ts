/**
 * The commands that act on containers by name and print each name back: start, stop, restart,
 * kill, pause, unpause, rm. Each argument is handled on its own; failures are listed at the end
 * and the exit status is 1, as the real client does.
 */
import type { HttpResponse } from '../../../../kernel/http.ts';
import { CliError } from '../client.ts';
import { BEGIN_ONLY } from '../../../engine/held.ts';
import { demuxLogs, logText } from './logs.ts';
import { bool, eachArg, num, str, type Command, type CommandContext } from '../command.ts';

function simple(path: string, usage: string, action: (ctx: CommandContext, id: string) => void, flags: Command['flags'] = []): Command {
  return {
    path,
    usage,
    flags,
    args: { min: 1 },
    run: (ctx) =>
      eachArg(ctx, (arg) => {
        action(ctx, arg);
        ctx.io.stdout(`${arg}\n`);
      }),
  };
}

const enc = encodeURIComponent;

/** `docker start` ends a failed run with a summary line naming the containers it could not start. */
function withSummary(verb: string, cmd: Command): Command {
  return {
    ...cmd,
    run(ctx) {
      const failed: string[] = [];
      for (const arg of ctx.args) {
        try {
          ctx.client.request('POST', `/containers/${enc(arg)}/${verb}`);
          ctx.io.stdout(`${arg}\n`);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          ctx.io.stderr(`${e.message}\n`);
          failed.push(arg);
        }
      }
      if (failed.length === 0) return 0;
      ctx.io.stderr(`Error: failed to ${verb} containers: ${failed.join(', ')}\n`);
      return 1;
    },
  };
}

function timeoutQuery(ctx: CommandContext): [string, string][] {
  const q: [string, string][] = [];
  if (ctx.given.has('timeout')) q.push(['t', String(num(ctx, 'timeout'))]);
  if (ctx.given.has('signal')) q.push(['signal', str(ctx, 'signal')]);
  return q;
}

const STOP_FLAGS: Command['flags'] = [
  { long: 'signal', short: 's', type: 'string' },
  { long: 'timeout', short: 't', type: 'int' },
];

const startPlain: Command = withSummary('start', simple('docker start', 'docker start [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/start`);
}, [
  { long: 'attach', short: 'a', type: 'bool' },
  { long: 'interactive', short: 'i', type: 'bool' },
  { long: 'detach-keys', type: 'string' },
  { long: 'checkpoint', type: 'string', unsimulated: true },
  { long: 'checkpoint-dir', type: 'string', unsimulated: true },
]));

/**
 * `docker start -a`: the container's output from this start on, then its exit status (the real
 * client attaches before starting and exits with the status, printing nothing for it). In process
 * the output is read back from the logs, past what they held before the start.
 */
function startAttached(ctx: CommandContext): number {
  const { client, io } = ctx;
  if (ctx.args.length > 1) throw new CliError('you cannot start and attach multiple containers at once');
  const c = client.json<{ Id: string; State: { Running: boolean; Pid: number }; Config: { Tty: boolean; OpenStdin: boolean }; HostConfig: { AutoRemove: boolean } }>('GET', `/containers/${enc(ctx.args[0] as string)}/json`);
  const logs = (): HttpResponse => client.request('GET', `/containers/${c.Id}/logs`, [['stdout', '1'], ['stderr', '1']], undefined, true);
  const before = logs().body.length;
  client.request('POST', `/containers/${c.Id}/start`);
  // A shell on a terminal (`start -ai` of a `-it` container): the reader types into it.
  if (bool(ctx, 'interactive') && c.Config.Tty && c.Config.OpenStdin && io.attach) {
    const now = client.json<{ State: { Running: boolean; Pid: number } }>('GET', `/containers/${c.Id}/json`);
    if (now.State.Running) {
      io.attach(now.State.Pid, c.Id, 'attach');
      return 0;
    }
  }
  const wait = client.json<{ StatusCode: number }>('POST', `/containers/${c.Id}/wait`, [['condition', 'not-running']]);
  const after = logs();
  demuxLogs({ ...after, body: after.body.slice(before) }, io.stdout, io.stderr);
  // Still running (a loop that never ends): followed in a terminal, as docker run does; elsewhere
  // the client stops there as if the reader pressed Ctrl+C.
  const still = client.request('GET', `/containers/${c.Id}/json`, [], undefined, true);
  if (still.status === 200 && (JSON.parse(still.body) as { State: { Running: boolean } }).State.Running) {
    if (io.startStream) {
      io.startStream('docker-attach', { container: c.Id, shown: logText(client, c.Id).length });
      return 0;
    }
    io.stdout('^C\n');
    return 130;
  }
  if (c.HostConfig.AutoRemove) client.request('POST', `/containers/${c.Id}/wait`, [['condition', 'removed']], undefined, true);
  return wait.StatusCode;
}

export const start: Command = {
  ...startPlain,
  run: (ctx) => (bool(ctx, 'attach') || bool(ctx, 'interactive') ? startAttached(ctx) : startPlain.run(ctx)),
};

/**
 * `docker stop` sends every request at once (up to 50 in flight) and prints the names in argument
 * order as each is answered, the errors after them. One request at a time reaches the simulated
 * daemon, so it is asked twice: first to begin every stop (signals sent, timeouts running side by
 * side), then, name by name, to wait for the end. A `--rm` container may be gone by its turn.
 */
export const stop: Command = {
  path: 'docker stop',
  usage: 'docker stop [OPTIONS] CONTAINER [CONTAINER...]',
  flags: STOP_FLAGS,
  args: { min: 1 },
  run(ctx) {
    const query = timeoutQuery(ctx);
    const path = (arg: string): string => `/containers/${enc(arg)}/stop`;
    const errors: string[] = [];
    const begun = ctx.args.map((arg) => attempt(() => ctx.client.request('POST', path(arg), query, undefined, false, { [BEGIN_ONLY]: '1' })));
    ctx.args.forEach((arg, i) => {
      const error = begun[i] ?? attempt(() => ctx.client.request('POST', path(arg), query, undefined, true));
      if (error === undefined) ctx.io.stdout(`${arg}\n`);
      else errors.push(error);
    });
    if (errors.length === 0) return 0;
    ctx.io.stderr(`${errors.join('\n')}\n`);
    return 1;
  },
};

/** The CLI's message for a failed request, or undefined when it went through. */
function attempt(send: () => unknown): string | undefined {
  try {
    send();
    return undefined;
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
}

export const restart: Command = simple('docker restart', 'docker restart [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/restart`, timeoutQuery(ctx));
}, STOP_FLAGS);

export const kill: Command = simple('docker kill', 'docker kill [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  const signal = str(ctx, 'signal');
  ctx.client.request('POST', `/containers/${enc(id)}/kill`, signal ? [['signal', signal]] : []);
}, [{ long: 'signal', short: 's', type: 'string' }]);

export const pause: Command = simple('docker pause', 'docker pause CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/pause`);
});

export const unpause: Command = simple('docker unpause', 'docker unpause CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/unpause`);
});

export const rm: Command = simple('docker rm', 'docker rm [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  const q: [string, string][] = [];
  if (bool(ctx, 'volumes')) q.push(['v', '1']);
  if (bool(ctx, 'link')) q.push(['link', '1']);
  if (bool(ctx, 'force')) q.push(['force', '1']);
  ctx.client.request('DELETE', `/containers/${enc(id)}`, q);
}, [
  { long: 'force', short: 'f', type: 'bool' },
  { long: 'link', short: 'l', type: 'bool' },
  { long: 'volumes', short: 'v', type: 'bool' },
]);
