/** Running another program from a program (env, xargs, nice…): PATH lookup, a child process, its exit status. */
import type { ExecContext } from '../../kernel/types.ts';
import { DEFAULT_PATH } from '../../kernel/host.ts';

/** Runs argv as a child of ctx's process; returns 127 (not found) or 126 (not executable) as execvp callers do. */
export function runProgram(ctx: ExecContext, prog: string, argv: string[], overrides: Partial<Pick<ExecContext, 'env' | 'stdin'>> = {}): number {
  const env = overrides.env ?? ctx.env;
  const found = ctx.host.findExecutable(argv[0] as string, env['PATH'] ?? DEFAULT_PATH, ctx.cwd);
  if ('error' in found) {
    ctx.stderr(`${prog}: ${argv[0]}: ${found.error === 'ENOENT' ? 'No such file or directory' : found.error === 'EISDIR' ? 'Permission denied' : 'Permission denied'}\n`);
    return found.error === 'ENOENT' ? 127 : 126;
  }
  const program = ctx.world.programs[found.prog];
  if (!program) {
    ctx.stderr(`podbook: '${argv[0]}' is not simulated\n`);
    return 126;
  }
  const child = ctx.host.spawn({ ppid: ctx.pid, argv, prog: found.prog, state: 'R', env, cwd: ctx.cwd });
  try {
    return program({ ...ctx, argv, env, stdin: overrides.stdin ?? ctx.stdin, pid: child.pid });
  } finally {
    ctx.host.reap(child.pid);
  }
}
