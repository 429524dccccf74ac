/**
 * The shape every `docker` subcommand has: its usage line, flags, argument count and a run
 * function. `runCommand` does what cobra does around it — parse flags, check arguments, print
 * usage errors with the real wording and exit codes — and turns thrown CliErrors into output.
 */
import { ApiClient, CliError, DaemonError, type CliIo } from './client.ts';
import { FlagError, parseFlags, type FlagSpec, type FlagValue } from './flags.ts';
import { helpText } from './help.ts';

export interface CommandContext {
  client: ApiClient;
  io: CliIo;
  args: string[];
  flags: Record<string, FlagValue>;
  given: Set<string>;
}

export interface Command {
  /** Full command path, `docker ps`, `docker image ls`. */
  path: string;
  /** After `Usage:  `, e.g. `docker ps [OPTIONS]`. */
  usage: string;
  flags: FlagSpec[];
  args?: { min?: number; exact?: number; max?: number };
  /** `false` for commands whose trailing arguments belong to the container (run, exec, create). */
  interspersed?: boolean;
  /** Daemon errors print `docker: Error response...` and exit 125 (run, create). */
  runStyleErrors?: boolean;
  run(ctx: CommandContext): number;
}

export const str = (ctx: CommandContext, name: string): string => ctx.flags[name] as string;
export const bool = (ctx: CommandContext, name: string): boolean => ctx.flags[name] as boolean;
export const list = (ctx: CommandContext, name: string): string[] => ctx.flags[name] as string[];
export const num = (ctx: CommandContext, name: string): number => ctx.flags[name] as number;

function plural(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

export function usageError(cmd: Command, io: CliIo, message: string, trailer: 'Run' | 'See' = 'Run', prefix = 'docker: '): number {
  io.stderr(`${prefix}${message}\n\nUsage:  ${cmd.usage}\n\n${trailer} '${cmd.path} --help' for more information\n`);
  return prefix === '' ? 125 : 1;
}

export function runCommand(cmd: Command, argv: string[], io: CliIo, client: ApiClient): number {
  let parsed;
  try {
    parsed = parseFlags(argv, cmd.flags, cmd.interspersed ?? true);
  } catch (e) {
    if (e instanceof FlagError) return usageError(cmd, io, e.message, 'Run', '');
    throw e;
  }
  if (parsed.help) {
    const text = helpText(cmd.path);
    io.stdout(text ?? `\nUsage:  ${cmd.usage}\n`);
    return 0;
  }
  const a = cmd.args ?? {};
  const n = parsed.args.length;
  if (a.exact !== undefined && n !== a.exact) {
    return usageError(cmd, io, a.exact === 0 ? `'${cmd.path}' accepts no arguments` : `'${cmd.path}' requires ${plural(a.exact)}`);
  }
  if (a.min !== undefined && n < a.min) return usageError(cmd, io, `'${cmd.path}' requires at least ${plural(a.min)}`, 'See');
  if (a.max !== undefined && n > a.max) return usageError(cmd, io, `'${cmd.path}' requires at most ${plural(a.max)}`, 'See');
  const unmodelled = cmd.flags.find((f) => {
    if (!f.unsimulated || !parsed.given.has(f.long)) return false;
    const value = parsed.flags[f.long];
    return f.unsimulated === true || (Array.isArray(value) ? value : [String(value)]).some(f.unsimulated);
  });
  if (unmodelled) {
    io.stderr(`podbook: '${cmd.path} --${unmodelled.long}' is not simulated\n`);
    return 1;
  }
  try {
    return cmd.run({ client, io, args: parsed.args, flags: parsed.flags, given: parsed.given });
  } catch (e) {
    if (e instanceof CliError) {
      if (cmd.runStyleErrors && e instanceof DaemonError) {
        io.stderr(`docker: ${e.message}\n\nRun '${cmd.path} --help' for more information\n`);
        return 125;
      }
      io.stderr(`${e.message}\n`);
      return e.code;
    }
    throw e;
  }
}

/** Runs `fn` for each argument, printing errors and continuing, as rm/stop/start do. */
export function eachArg(ctx: CommandContext, fn: (arg: string) => void): number {
  const errors: string[] = [];
  for (const arg of ctx.args) {
    try {
      fn(arg);
    } catch (e) {
      if (e instanceof CliError) errors.push(e.message);
      else throw e;
    }
  }
  if (errors.length) {
    ctx.io.stderr(errors.join('\n') + '\n');
    return 1;
  }
  return 0;
}
