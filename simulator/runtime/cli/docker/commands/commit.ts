/**
 * `docker commit [-a] [-m] [-p] [-c] CONTAINER [REPOSITORY[:TAG]]` and `docker diff CONTAINER`.
 */
import { bool, list, str, type Command } from '../command.ts';
import { parseImageArg } from './pull.ts';

export const commit: Command = {
  path: 'docker commit',
  usage: 'docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  flags: [
    { long: 'author', short: 'a', type: 'string' },
    { long: 'change', short: 'c', type: 'list' },
    { long: 'message', short: 'm', type: 'string' },
    { long: 'no-pause', type: 'bool' },
    { long: 'pause', short: 'p', type: 'bool' },
  ],
  args: { min: 1, max: 2 },
  run(ctx) {
    const query: [string, string][] = [['container', ctx.args[0] as string]];
    if (ctx.args[1]) {
      const ref = parseImageArg(ctx.args[1]);
      query.push(['repo', ref.domain === 'docker.io' ? ref.path.replace(/^library\//, '') : `${ref.domain}/${ref.path}`], ['tag', ref.tag ?? '']);
    }
    query.push(['comment', str(ctx, 'message')], ['author', str(ctx, 'author')], ['pause', bool(ctx, 'no-pause') ? '0' : '1']);
    for (const change of list(ctx, 'change')) query.push(['changes', change]);
    const res = ctx.client.json<{ Id: string }>('POST', '/commit', query);
    ctx.io.stdout(`${res.Id}\n`);
    return 0;
  },
};

export const diff: Command = {
  path: 'docker diff',
  usage: 'docker diff CONTAINER',
  flags: [],
  args: { exact: 1 },
  run(ctx) {
    const changes = ctx.client.json<{ Kind: number; Path: string }[] | null>('GET', `/containers/${encodeURIComponent(ctx.args[0] as string)}/changes`);
    ctx.io.stdout((changes ?? []).map((c) => `${['C', 'A', 'D'][c.Kind] ?? '?'} ${c.Path}\n`).join(''));
    return 0;
  },
};
