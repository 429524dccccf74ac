/**
 * bash as a program: `bash -c 'cmd' [arg0 args]`, `bash script.sh args`, and `bash` reading a script
 * from a pipe. Each runs in a fresh child shell on the process the kernel spawned for it.
 */
import { STILL_RUNNING, type Program } from '../../kernel/types.ts';
import { normalizePath, FsError, ERRNO_TEXT } from '../../kernel/vfs.ts';
import { Shell } from './interpreter.ts';
import { registerReaper } from '../../kernel/hooks.ts';
// Registers the hook that resumes detached scripts (detached.ts).
import './detached.ts';

export const bash: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let i = 0;
  let command: string | undefined;
  let xtrace = false;
  let errexit = false;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--version') {
      ctx.stdout('GNU bash, version 4.2.46(2)-release (x86_64-redhat-linux-gnu)\nCopyright (C) 2011 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\nThis is free software; you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n');
      return 0;
    }
    if (a === '--login' || a === '--norc' || a === '--noprofile') continue;
    if (a === '-' || a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a.startsWith('--')) {
      if (a.startsWith('--')) {
        ctx.stderr(`bash: ${a}: invalid option\nUsage:\tbash [GNU long option] [option] ...\n\tbash [GNU long option] -c command [option] ...\n`);
        return 2;
      }
      break;
    }
    let wantsCommand = false;
    for (const c of a.slice(1)) {
      if (c === 'c') wantsCommand = true;
      else if (c === 'x') xtrace = true;
      else if (c === 'e') errexit = true;
      else if (!'lisv'.includes(c)) {
        ctx.stderr(`bash: -${c}: invalid option\nUsage:\tbash [GNU long option] [option] ...\n\tbash [GNU long option] -c command [option] ...\n`);
        return 2;
      }
    }
    if (wantsCommand) {
      command = args[i + 1];
      if (command === undefined) {
        ctx.stderr('bash: -c: option requires an argument\n');
        return 2;
      }
      i += 2;
      break;
    }
  }
  const shell = new Shell(ctx.world, { host: ctx.host.name, pid: ctx.pid, kind: 'exec', vars: {}, history: [] });
  const proc = ctx.host.proc(ctx.pid);
  if (proc) {
    proc.env = { ...ctx.env };
    proc.cwd = ctx.cwd;
  }
  shell.data.xtrace = xtrace;
  shell.data.errexit = errexit;
  const fds = { in: { data: ctx.stdin, pos: 0 }, out: ctx.stdout, err: ctx.stderr, outTTY: ctx.isTTY, errTTY: ctx.isTTY };
  if (command !== undefined) {
    // `$0` is the word after the command, else the name the shell was started by (`sh`, `/bin/sh`).
    const arg0 = args[i] ?? ctx.argv[0] ?? 'bash';
    shell.data.errName = arg0;
    shell.tailExec = true;
    // Nobody waits on it (a container's command): it runs on the clock, sleeping as it goes.
    if (ctx.detached) return shell.runDetached(command, arg0, args.slice(i + 1), fds);
    const status = shell.runScript(command, arg0, args.slice(i + 1), fds);
    return shell.stillRunning ? STILL_RUNNING : status;
  }
  const file = args[i];
  if (file === undefined && ctx.session && ctx.isTTY && ctx.stdin === '') {
    // `bash` typed at a terminal: a nested interactive shell the reader types into until `exit`.
    const parent = ctx.host.proc(ctx.pid)?.ppid ?? 1;
    const env = { ...ctx.env, SHLVL: String(Number(ctx.env['SHLVL'] ?? '1') + 1) };
    const self = ctx.host.proc(ctx.pid);
    const nested = ctx.host.spawn({ ppid: parent, argv: [self?.argv[0] ?? 'bash'], prog: self?.prog ?? 'bash', state: 'S', env, cwd: ctx.cwd });
    ctx.session.frames.push({ host: ctx.host.name, pid: nested.pid, kind: 'exec', vars: {}, history: [] });
    return 0;
  }
  if (file === undefined) {
    // Commands from standard input (`echo 'echo hi' | bash`); an interactive `bash` has nothing to read.
    const text = ctx.stdin;
    fds.in = { data: '', pos: 0 };
    return shell.runScript(text, 'bash', [], fds);
  }
  let text: string;
  try {
    text = ctx.host.fs.readFile(normalizePath(file, ctx.cwd));
  } catch (e) {
    ctx.stderr(`bash: ${file}: ${e instanceof FsError ? ERRNO_TEXT[e.code] : 'No such file or directory'}\n`);
    return 127;
  }
  if (shell.speaker().dialect !== 'bash') shell.data.errName = file;
  if (ctx.detached) return shell.runDetached(text, file, args.slice(i + 1), fds);
  return shell.runScript(text, file, args.slice(i + 1), fds);
};

registerReaper('bash');
registerReaper('sh');
