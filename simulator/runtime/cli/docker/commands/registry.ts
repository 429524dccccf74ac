/**
 * `docker push`, `docker login` and `docker logout`. Credentials live in ~/.docker/config.json as
 * the real client keeps them (base64 of `user:password` per registry) and travel to the daemon in
 * the `X-Registry-Auth` header.
 */
import { base64Decode, base64Encode } from '../../../../core/base64.ts';
import { utf8Decode, utf8Encode } from '../../../../core/utf8.ts';
import { familiarName, withDefaultTag, HUB_DOMAIN } from '../../../image/reference.ts';
import { CliError, type CliIo } from '../client.ts';
import { bool, str, type Command } from '../command.ts';
import { renderProgress } from '../format/progress.ts';
import { parseImageArg } from './pull.ts';

const HUB_KEY = 'https://index.docker.io/v1/';

interface ConfigFile {
  auths?: Record<string, { auth?: string }>;
}

function readConfig(io: CliIo): ConfigFile {
  try {
    return JSON.parse(io.readConfig?.() ?? '{}') as ConfigFile;
  } catch {
    return {};
  }
}

function authKey(server: string): string {
  return server === '' || server === HUB_DOMAIN || server === 'index.docker.io' || server === HUB_KEY ? HUB_KEY : server;
}

function credentials(io: CliIo, server: string): { username: string; password: string } | undefined {
  const entry = readConfig(io).auths?.[authKey(server)];
  const bytes = entry?.auth ? base64Decode(entry.auth) : null;
  if (!bytes) return undefined;
  const text = utf8Decode(bytes);
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export const push: Command = {
  path: 'docker push',
  usage: 'docker push [OPTIONS] NAME[:TAG]',
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
    if (given.tag === undefined) ctx.io.stdout('Using default tag: latest\n');
    const creds = credentials(ctx.io, ref.domain);
    const auth = base64Encode(utf8Encode(JSON.stringify(creds ? { username: creds.username, password: creds.password, serveraddress: authKey(ref.domain) } : {})));
    const name = ref.domain === HUB_DOMAIN ? familiarName(ref) : `${ref.domain}/${ref.path}`;
    const res = ctx.client.request('POST', `/images/${name}/push`, [['tag', ref.tag ?? 'latest']], undefined, false, { 'X-Registry-Auth': auth });
    let text: string;
    try {
      text = renderProgress(res.body, ctx.io.isTTY);
    } catch (e) {
      if (e instanceof CliError) {
        const partial = renderProgress(res.body.split('\n').filter((l) => !l.includes('"error"')).join('\n'), ctx.io.isTTY);
        if (!bool(ctx, 'quiet')) ctx.io.stdout(partial);
      }
      throw e;
    }
    if (!bool(ctx, 'quiet')) ctx.io.stdout(text);
    else ctx.io.stdout(`${ref.domain === HUB_DOMAIN ? `docker.io/${ref.path}` : name}:${ref.tag}\n`);
    return 0;
  },
};

export const login: Command = {
  path: 'docker login',
  usage: 'docker login [OPTIONS] [SERVER]',
  flags: [
    { long: 'password', short: 'p', type: 'string' },
    { long: 'password-stdin', type: 'bool' },
    { long: 'username', short: 'u', type: 'string' },
  ],
  args: { max: 1 },
  run(ctx) {
    const server = ctx.args[0] ?? '';
    const input = ctx.io.stdin.split('\n');
    let username = str(ctx, 'username');
    let password = str(ctx, 'password');
    if (ctx.given.has('password')) ctx.io.stderr('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    if (bool(ctx, 'password-stdin')) {
      if (username === '') throw new CliError('the --password-stdin option requires --username to be set');
      password = ctx.io.stdin.replace(/\n$/, '').replace(/\r$/, '');
    }
    const key = authKey(server);
    const stored = credentials(ctx.io, server);
    // With neither name nor password given, the client first tries what it has stored.
    if (username === '' && password === '' && stored) {
      ctx.io.stderr(`Authenticating with existing credentials... [Username: ${stored.username}]\n\n Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n`);
      ctx.client.request('POST', '/auth', [], { username: stored.username, password: stored.password, serveraddress: key });
      ctx.io.stdout('Login Succeeded\n');
      return 0;
    }
    // Prompting needs a terminal: a client reading a pipe or a file refuses.
    if ((username === '' || password === '') && !ctx.io.isTTY) throw new CliError('Error: Cannot perform an interactive login from a non TTY device');
    if (username === '') {
      ctx.io.stdout('Username: ');
      username = (input.shift() ?? '').trim();
      if (username === '') throw new CliError('Error: Non-null Username Required');
    }
    if (password === '') {
      ctx.io.stdout('Password: ');
      password = input.shift() ?? '';
      ctx.io.stdout('\n');
      if (password === '') throw new CliError('Error: Password Required');
    }
    ctx.client.request('POST', '/auth', [], { username, password, serveraddress: key });
    // The file store writes (and warns) only when the credentials change.
    if (!stored || stored.username !== username || stored.password !== password) {
      const config = readConfig(ctx.io);
      (config.auths ??= {})[key] = { auth: base64Encode(utf8Encode(`${username}:${password}`)) };
      ctx.io.writeConfig?.(JSON.stringify(config, null, '\t'));
      ctx.io.stderr("\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n");
    }
    ctx.io.stdout('Login Succeeded\n');
    return 0;
  },
};

export const logout: Command = {
  path: 'docker logout',
  usage: 'docker logout [SERVER]',
  flags: [],
  args: { max: 1 },
  run(ctx) {
    const server = ctx.args[0] ?? '';
    const key = authKey(server);
    const config = readConfig(ctx.io);
    // The client names the registry by its host (the Hub by its index URL) and says it removes
    // the credentials whether or not it had any.
    const shown = key === HUB_KEY ? key : hostnameOf(server);
    ctx.io.stdout(`Removing login credentials for ${shown}\n`);
    if (!config.auths?.[key]) return 0;
    delete config.auths[key];
    ctx.io.writeConfig?.(JSON.stringify(config, null, '\t'));
    return 0;
  },
};

/** A registry address without its scheme or path (`https://r.example:5000/x` → `r.example:5000`). */
function hostnameOf(server: string): string {
  return server.replace(/^[a-z]+:\/\//, '').split('/')[0] ?? server;
}
