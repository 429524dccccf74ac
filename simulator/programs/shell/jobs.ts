/**
 * Background jobs that keep running after the line that started them (`nc -l 1234 > got &`):
 * what they write later goes to the file their output was redirected to, or to the terminal
 * (shown with the session's next output), and bash's `[1]+  Done  cmd` is printed after they end.
 */
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { Session } from '../../kernel/types.ts';

export const JOB_OUTPUT = 'shell/job-output';
export const JOB_EXIT = 'shell/job-exit';
/** Output of a program whose shell waits on it: wherever the shell's own output goes. */
export const PARENT_OUTPUT = 'shell/parent-output';
/** A program `bash -c` is waiting on as its last command: bash exits with its status. */
export const WAITED_EXIT = 'shell/waited-exit';
/**
 * Standard output of a process a script reads back when it ends (`$(…)`, a stage of a pipeline
 * feeding the next): kept in its `data.captured`; its errors go where its parent's go.
 */
export const CAPTURED_OUTPUT = 'shell/captured-output';
/** A pipe or a substitution holds this much (interpreter.ts MAX_PIPE); the rest is dropped. */
const CAPTURE_LIMIT = 1024 * 1024;

GLOBAL_HOOKS.output[JOB_OUTPUT] = (world, proc, _stream, text) => {
  const out = proc.data?.['jobOut'] as { path?: string; session?: string } | undefined;
  if (out?.path !== undefined) {
    if (out.path === '/dev/null') return;
    const host = world.hostNameOf(proc);
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
  ((data['jobsDone'] ??= []) as { text: string; status: number; job?: number; signal?: number; pid: number }[]).push({ text: String(info.proc.data?.['jobText'] ?? info.proc.argv.join(' ')), status: info.exitCode, ...(typeof job === 'number' ? { job } : {}), ...(info.signal !== undefined ? { signal: info.signal } : {}), pid: info.pid });
};

GLOBAL_HOOKS.exit[WAITED_EXIT] = (world, info) => {
  const host = world.host(info.host);
  if (host.proc(info.proc.ppid)) host.exit(info.proc.ppid, info.signal !== undefined ? 128 + info.signal : info.exitCode);
};

GLOBAL_HOOKS.output[PARENT_OUTPUT] = (world, proc, stream, text) => {
  const host = world.hostNameOf(proc);
  if (host) world.host(host).emit(proc.ppid, stream, text);
};

GLOBAL_HOOKS.output[CAPTURED_OUTPUT] = (world, proc, stream, text) => {
  if (stream === 'stderr') {
    const host = world.hostNameOf(proc);
    if (host) world.host(host).emit(proc.ppid, stream, text);
    return;
  }
  const data = (proc.data ??= {});
  const had = typeof data['captured'] === 'string' ? data['captured'] : '';
  data['captured'] = (had + text).slice(0, CAPTURE_LIMIT);
};
