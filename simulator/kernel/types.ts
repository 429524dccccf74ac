/**
 * The contract between the kernel and the programs it runs. A program model is a synchronous
 * function of its context that writes to stdout/stderr and returns an exit status. Programs are
 * registered by name; executables in a host's filesystem carry that name (`Inode.prog`), so
 * `PATH` lookup finds them the way a real shell does, and layers above the kernel (the docker CLI,
 * kubectl) install themselves as files rather than being imported by the shell.
 */
import type { Host } from './host.ts';
import type { World } from './world.ts';

export interface ExecContext {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** All of standard input (pipes are buffered: the producer runs to completion first). */
  stdin: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is the reader's terminal rather than a pipe or file. */
  isTTY: boolean;
  host: Host;
  world: World;
  /** The process running this program. */
  pid: number;
  /** The terminal session the command was typed in (interactive programs push shells onto it). */
  session: Session | undefined;
  /**
   * Nobody waits on this call to return (a container's init, a script's command waiting on the
   * lab clock): a program that blocks for a while (`sleep 5`) may return STILL_RUNNING and end
   * later on the clock (a timer) instead of moving the clock itself, as a foreground one does.
   */
  detached?: boolean;
}

export type Program = (ctx: ExecContext) => number;

/**
 * What a program returns when its process keeps running after the call (a server, `stress`, a
 * container's init): the process stays in the table until it exits (`host.exit`, a signal, the
 * OOM killer) and whoever started it must not reap it.
 */
export const STILL_RUNNING = -1;

/**
 * A terminal: a stack of interactive shells. `docker run -it` and `docker exec -it` push a shell
 * running in the container; `exit` pops it; Ctrl+P Ctrl+Q detaches it. The top frame decides which
 * host and process the next line runs in, and the prompt.
 */
export interface SessionFrame {
  host: string;
  /** Pid (host namespace) of the shell process this frame types into. */
  pid: number;
  /** What the frame is: the login shell, or an attach/exec into a container. */
  kind: 'login' | 'attach' | 'exec';
  /** Container id for attach/exec frames (leaving an attached PID-1 shell stops it). */
  container?: string;
  /** Shell variables of this frame (`$?`, assignments). */
  vars: Record<string, string>;
  history: string[];
}

export interface Session {
  id: string;
  frames: SessionFrame[];
  /** What background jobs wrote to the terminal since the last line (shown with the next output). */
  pending?: string;
  /** The line being run may follow output as time passes (a terminal, not a notebook cell or script). */
  follow?: boolean;
  /**
   * A command still printing in the foreground (`docker logs -f`, `docker events`): its handler is
   * `world.streams[kind]`, asked for more as time passes and told when the reader presses Ctrl+C.
   */
  stream?: SessionStream;
}

export interface SessionStream {
  kind: string;
  host: string;
  data: Record<string, unknown>;
}

/** What a stream printed since it was last asked; `exitCode` once it has ended. */
export interface StreamStep {
  output: string;
  exitCode?: number;
}
