/**
 * Background jobs that keep running after the line that started them (`nc -l 1234 > got &`):
 * what they write later goes to the file their output was redirected to, or to the terminal
 * (shown with the session's next output), and bash's `[1]+  Done  cmd` is printed after they end.
 */
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { Proc } from '../../kernel/process.ts';
import type { Session } from '../../kernel/types.ts';
import type { World } from '../../kernel/world.ts';

export const JOB_OUTPUT = 'shell/job-output';
export const JOB_EXIT = 'shell/job-exit';

function hostOf(world: World, proc: Proc): string | undefined {
  return world.hostNames().find((h) => world.state.hosts[h]?.procs.procs[proc.pid] === proc);
}

GLOBAL_HOOKS.output[JOB_OUTPUT] = (world, proc, _stream, text) => {
  const out = proc.data?.['jobOut'] as { path?: string; session?: string } | undefined;
  if (out?.path !== undefined) {
    if (out.path === '/dev/null') return;
    const host = hostOf(world, proc);
    try {
      if (host) world.host(host).fsFor(proc.pid).appendFile(out.path, text);
    } catch {
      // The file went away: the write fails, as it would for the job.
    }
    return;
  }
  const sessions = (world.state.ext['sessions'] as { sessions?: Record<string, Session> } | undefined)?.sessions;
  const session = sessions?.[out?.session ?? 'main'];
  if (session) session.pending = (session.pending ?? '') + text;
};

GLOBAL_HOOKS.exit[JOB_EXIT] = (world, info) => {
  const shell = world.host(info.host).proc(info.proc.ppid);
  if (!shell) return;
  // Kept beside the shell's own state, which a subshell running at this moment would restore.
  const data = (shell.data ??= {});
  const job = info.proc.data?.['jobNumber'];
  ((data['jobsDone'] ??= []) as { text: string; status: number; job?: number }[]).push({ text: String(info.proc.data?.['jobText'] ?? info.proc.argv.join(' ')), status: info.exitCode, ...(typeof job === 'number' ? { job } : {}) });
};
