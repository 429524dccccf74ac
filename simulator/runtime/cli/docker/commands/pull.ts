/**
 * `docker pull NAME[:TAG|@DIGEST]`: `Using default tag: latest` when no tag was given, the
 * daemon's progress, then the full reference on its own line (unless `-q`).
 */
import { parseReference, fullString, withDefaultTag, type ImageRef } from '../../../image/reference.ts';
import { CliError, type ApiClient } from '../client.ts';
import { bool, type Command } from '../command.ts';
import { renderProgress } from '../format/progress.ts';

/** Sends `POST /images/create` and returns the rendered progress. */
export function pullStream(client: ApiClient, ref: ImageRef, tty: boolean): string {
  const res = client.request('POST', '/images/create', [
    ['fromImage', `${ref.domain}/${ref.path}`],
    ['tag', ref.digest ?? ref.tag ?? 'latest'],
  ]);
  return renderProgress(res.body, tty);
}

export function parseImageArg(text: string): ImageRef {
  const parsed = parseReference(text);
  if (!parsed.ok) throw new CliError(parsed.error);
  return parsed.ref;
}

export const pull: Command = {
  path: 'docker pull',
  usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
  flags: [
    { long: 'all-tags', short: 'a', type: 'bool' },
    { long: 'disable-content-trust', type: 'bool' },
    { long: 'platform', type: 'string' },
    { long: 'quiet', short: 'q', type: 'bool' },
  ],
  args: { exact: 1 },
  run(ctx) {
    const given = parseImageArg(ctx.args[0] as string);
    const ref = withDefaultTag(given);
    if (given.tag === undefined && given.digest === undefined) ctx.io.stdout('Using default tag: latest\n');
    const text = pullStream(ctx.client, ref, ctx.io.isTTY);
    if (!bool(ctx, 'quiet')) ctx.io.stdout(text);
    ctx.io.stdout(fullString(ref) + '\n');
    return 0;
  },
};
