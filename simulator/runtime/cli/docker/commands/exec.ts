/**
 * `docker exec [-it] CONTAINER COMMAND` and `docker attach CONTAINER`. A command runs to its end
 * and the client exits with its status (read back from `GET /exec/{id}/json`); an interactive
 * shell (`-it`) becomes the reader's terminal: the CLI pushes a frame onto the session, so the
 * next lines run in the container and the prompt becomes `[root@<id12> /]#`.
 */
import { CliError } from '../client.ts';
import { bool, list, str, type Command } from '../command.ts';
import { demuxLogs, logText } from './logs.ts';

export const exec: Command = {
  path: 'docker exec',
  usage: 'docker exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  flags: [
    { long: 'detach', short: 'd', type: 'bool' },
    { long: 'detach-keys', type: 'string' },
    { long: 'env', short: 'e', type: 'list' },
    { long: 'env-file', type: 'list' },
    { long: 'interactive', short: 'i', type: 'bool' },
    { long: 'privileged', type: 'bool' },
    { long: 'tty', short: 't', type: 'bool' },
    { long: 'user', short: 'u', type: 'string' },
    { long: 'workdir', short: 'w', type: 'string' },
  ],
  args: { min: 2 },
  interspersed: false,
  run(ctx) {
    const [name, ...cmd] = ctx.args as [string, ...string[]];
    const tty = bool(ctx, 'tty');
    const interactive = bool(ctx, 'interactive');
    const detach = bool(ctx, 'detach');
    const body = {
      User: str(ctx, 'user'),
      Privileged: bool(ctx, 'privileged'),
      Tty: tty,
      ConsoleSize: [0, 0],
      AttachStdin: interactive && !detach,
      AttachStderr: !detach,
      AttachStdout: !detach,
      Detach: detach,
      DetachKeys: '',
      Env: list(ctx, 'env').length ? list(ctx, 'env') : null,
      WorkingDir: str(ctx, 'workdir'),
      Cmd: cmd,
    };
    const created = ctx.client.json<{ Id: string }>('POST', `/containers/${encodeURIComponent(name)}/exec`, [], body);
    const res = ctx.client.request('POST', `/exec/${created.Id}/start`, [], { Detach: detach, Tty: tty, ConsoleSize: [0, 0], ...(interactive ? { Stdin: ctx.io.stdin } : {}) });
    const sessionPid = res.headers['X-Podbook-Session-Pid'];
    if (sessionPid !== undefined) {
      if (!ctx.io.attach) throw new CliError('the input device is not a TTY');
      const inspected = ctx.client.json<{ ContainerID: string }>('GET', `/exec/${created.Id}/json`);
      ctx.io.attach(Number(sessionPid), inspected.ContainerID, 'exec');
      return 0;
    }
    if (detach) return 0;
    demuxLogs(res, ctx.io.stdout, ctx.io.stderr);
    // A command that never ends by itself: the reader's Ctrl+C ends the client (exit 130).
    if (res.headers['X-Podbook-Interrupted'] !== undefined) {
      ctx.io.stdout('^C\n');
      return 130;
    }
    const inspected = ctx.client.json<{ ExitCode: number | null }>('GET', `/exec/${created.Id}/json`);
    return inspected.ExitCode ?? 0;
  },
};

export const attach: Command = {
  path: 'docker attach',
  usage: 'docker attach [OPTIONS] CONTAINER',
  flags: [
    { long: 'detach-keys', type: 'string' },
    { long: 'no-stdin', type: 'bool' },
    { long: 'sig-proxy', type: 'bool' },
  ],
  args: { exact: 1 },
  run(ctx) {
    const c = ctx.client.json<{ Id: string; State: { Running: boolean; Paused: boolean; Pid: number }; Config: { Tty: boolean; OpenStdin: boolean } }>('GET', `/containers/${encodeURIComponent(ctx.args[0] as string)}/json`);
    if (!c.State.Running) throw new CliError('You cannot attach to a stopped container, start it first');
    if (c.State.Paused) throw new CliError('You cannot attach to a paused container, unpause it first');
    if (c.Config.Tty && c.Config.OpenStdin && ctx.io.attach) {
      ctx.io.attach(c.State.Pid, c.Id, 'attach');
      return 0;
    }
    if (c.Config.Tty && c.Config.OpenStdin) throw new CliError('the input device is not a TTY');
    // A container without a terminal of its own: its output from now on, until it exits (then its
    // status). Followed in a terminal; elsewhere nothing has been written yet, so it stops at once
    // as if the reader pressed Ctrl+C.
    if (ctx.io.startStream) {
      ctx.io.startStream('docker-attach', { container: c.Id, shown: logText(ctx.client, c.Id).length });
      return 0;
    }
    ctx.io.stdout('^C\n');
    return 130;
  },
};
