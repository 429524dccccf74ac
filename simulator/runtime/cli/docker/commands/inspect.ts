/**
 * `docker inspect` (containers, then images, networks and volumes, as the real client tries them),
 * `docker container inspect` and `docker image inspect`: the daemon's JSON in `[` `]` with 4-space
 * indentation, or `-f` templates per object. Unknown objects print `[]` and an error, exit 1.
 */
import { goJson } from '../../../engine/reply.ts';
import { CliError, DaemonError, type ApiClient } from '../client.ts';
import { str, type Command, type CommandContext } from '../command.ts';
import { parseInspectTemplate } from '../format/render.ts';
import type { Tree } from '../format/gotemplate/index.ts';
import { part } from '../../../../lazy/index.ts';

/** JSON as Go's MarshalIndent writes it (4 spaces), with the daemon's HTML escaping kept. */
export function indentJson(values: unknown[]): string {
  if (values.length === 0) return '[]\n';
  return JSON.stringify(JSON.parse(goJson(values)), null, 4).replace(/[<>&]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/** One object's `-f` output: its typed struct first, then the raw JSON (see runInspect). */
function executeInspect(tree: Tree, value: unknown): string {
  // -f is a template of the reader's own: the template engine and the client's Go types are in the extras part.
  const extras = part('extras');
  const { runInspect, TemplateError } = extras.gotemplate;
  try {
    return runInspect(tree, value, extras.typedView(value));
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`template parsing error: ${e.message}`);
    throw e;
  }
}

type Kind = 'container' | 'image' | 'network' | 'volume';

const PATHS: Record<Kind, (ref: string) => string> = {
  container: (ref) => `/containers/${encodeURIComponent(ref)}/json`,
  image: (ref) => `/images/${ref}/json`,
  network: (ref) => `/networks/${encodeURIComponent(ref)}`,
  volume: (ref) => `/volumes/${encodeURIComponent(ref)}`,
};

function fetch(client: ApiClient, kind: Kind, ref: string, size = false): unknown | undefined {
  try {
    // `-s` asks for a container's sizes (SizeRw, SizeRootFs).
    return client.json<unknown>('GET', PATHS[kind](ref), size && kind === 'container' ? [['size', '1']] : []);
  } catch (e) {
    if (e instanceof DaemonError && e.status === 404) return undefined;
    throw e;
  }
}

export function printInspected(ctx: CommandContext, found: unknown[], errors: string[]): number {
  const format = str(ctx, 'format');
  if (format !== '' && format !== 'json') {
    // As the CLI: each object's output (or error) in turn; nothing printed at all still prints a newline.
    const tree = parseInspectTemplate(format);
    let out = '';
    for (const value of found) {
      try {
        out += executeInspect(tree, value) + '\n';
      } catch (e) {
        if (e instanceof CliError) errors.push(e.message);
        else throw e;
      }
    }
    ctx.io.stdout(out === '' ? '\n' : out);
  } else if (format === 'json') ctx.io.stdout(goJson(found));
  else ctx.io.stdout(indentJson(found));
  if (errors.length) {
    ctx.io.stderr(errors.join('\n') + '\n');
    return 1;
  }
  return 0;
}

/** `docker network|volume inspect`: GETs each named object in turn, gathering the daemon's errors. */
export function inspectEach(ctx: CommandContext, path: (name: string) => string): number {
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of ctx.args) {
    try {
      found.push(ctx.client.json<unknown>('GET', path(name)));
    } catch (e) {
      if (e instanceof DaemonError) errors.push(e.message);
      else throw e;
    }
  }
  return printInspected(ctx, found, errors);
}

function inspectAs(kinds: Kind[], label: (ref: string) => string) {
  return (ctx: CommandContext): number => {
    const type = str(ctx, 'type');
    const order = type ? ([type] as Kind[]) : kinds;
    if (type && !['container', 'image', 'network', 'volume'].includes(type)) throw new CliError(`"${type}" is not a valid value for --type`);
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const ref of ctx.args) {
      let hit: unknown;
      for (const kind of order) {
        hit = fetch(ctx.client, kind, ref, ctx.flags['size'] === true);
        if (hit !== undefined) break;
      }
      if (hit === undefined && type) {
        // With --type the daemon's own error is shown.
        try {
          ctx.client.json<unknown>('GET', PATHS[type as Kind](ref));
        } catch (e) {
          if (e instanceof DaemonError) {
            errors.push(e.message);
            continue;
          }
          throw e;
        }
      }
      if (hit === undefined) errors.push(label(ref));
      else found.push(hit);
    }
    return printInspected(ctx, found, errors);
  };
}

const FLAGS = [
  { long: 'format', short: 'f', type: 'string' as const },
  { long: 'size', short: 's', type: 'bool' as const },
  { long: 'type', type: 'string' as const },
];

export const inspect: Command = {
  path: 'docker inspect',
  usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  flags: FLAGS,
  args: { min: 1 },
  run: inspectAs(['container', 'image', 'network', 'volume'], (ref) => `Error: No such object: ${ref}`),
};

export const containerInspect: Command = {
  path: 'docker container inspect',
  usage: 'docker container inspect [OPTIONS] CONTAINER [CONTAINER...]',
  flags: FLAGS.filter((f) => f.long !== 'type'),
  args: { min: 1 },
  run: inspectAs(['container'], (ref) => `Error response from daemon: No such container: ${ref}`),
};

export const imageInspect: Command = {
  path: 'docker image inspect',
  usage: 'docker image inspect [OPTIONS] IMAGE [IMAGE...]',
  flags: [...FLAGS.filter((f) => f.long === 'format'), { long: 'platform', type: 'string', unsimulated: true }],
  args: { min: 1 },
  run: inspectAs(['image'], (ref) => `Error response from daemon: No such image: ${/:/.test(ref) || /^[0-9a-f]{12,64}$/.test(ref) ? ref : `${ref}:latest`}`),
};
