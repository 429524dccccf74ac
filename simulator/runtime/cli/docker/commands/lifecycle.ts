/**
 * The commands that act on containers by name and print each name back: start, stop, restart,
 * kill, pause, unpause, rm. Each argument is handled on its own; failures are listed at the end
 * and the exit status is 1, as the real client does.
 */
import { CliError } from '../client.ts';
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

export const start: Command = withSummary('start', simple('docker start', 'docker start [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/start`);
}, [
  { long: 'attach', short: 'a', type: 'bool' },
  { long: 'interactive', short: 'i', type: 'bool' },
  { long: 'detach-keys', type: 'string' },
]));

export const stop: Command = simple('docker stop', 'docker stop [OPTIONS] CONTAINER [CONTAINER...]', (ctx, id) => {
  ctx.client.request('POST', `/containers/${enc(id)}/stop`, timeoutQuery(ctx));
}, STOP_FLAGS);

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
