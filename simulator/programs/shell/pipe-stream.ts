/**
 * A pipeline stage on the clock that never ends (`while true; do date; sleep 1; done | tee -a log`):
 * the stages after it would otherwise read its output only once it ended, that is never. When they
 * are filters that treat each line by itself (cat, tee, grep, sed `s` commands, tr, cut), each
 * line the stage writes is passed through them as it comes, as a real pipe passes it on; their
 * processes stay in the table meanwhile.
 */
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import type { World } from '../../kernel/world.ts';

/** Output hook of a never-ending stage whose next stages are line filters. */
export const PIPE_STREAM = 'shell/pipe-stream';

export interface StreamStage {
  argv: string[];
  prog: string;
  pid: number;
  env: Record<string, string>;
  cwd: string;
}

/** Kept in the stage's `data.pipeStream`. */
export interface PipeStream {
  stages: StreamStage[];
  /** The file the pipeline's output is redirected to; absent: the output of the stage's parent shell. */
  outPath?: string;
  /** An unfinished last line, passed on with the rest of it. */
  partial: string;
}

function base(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Options of grep that make its output depend on more than the line at hand. */
const GREP_STATEFUL = /^-[a-zA-Z]*[clLqmnABCz]|^--(count|files-with|files-without|quiet|silent|max-count|line-number|after|before|context|null-data)/;

/** A command that gives the same output whether it reads its input at once or line by line. */
export function lineFilter(argv: string[]): boolean {
  const [name, ...args] = argv;
  switch (base(name ?? '')) {
    case 'cat':
      return args.every((a) => a === '-' || a === '-u');
    case 'tee':
    case 'tr':
      return true;
    case 'cut':
      // Files named after the options would be read again for every line.
      return args.every((a, i) => a.startsWith('-') || /^-[df]$/.test(args[i - 1] ?? ''));
    case 'grep':
      return !args.some((a) => GREP_STATEFUL.test(a));
    case 'sed': {
      const scripts = args.filter((a, i) => !a.startsWith('-') || args[i - 1] === '-e');
      const plain = args.every((a, i) => !a.startsWith('-') || a === '-e' || a === '-E' || a === '-r' || args[i - 1] === '-e');
      return plain && scripts.length > 0 && scripts.every((s) => /^s[^\w\s\\]/.test(s) && !s.includes('\n'));
    }
    default:
      return false;
  }
}

function hostOf(world: World, proc: Proc): Host | undefined {
  const name = world.hostNameOf(proc);
  return name === undefined ? undefined : world.host(name);
}

/** Passes what the stage wrote through the filters after it; `deliver` takes what the last one writes. */
export function passOn(world: World, host: Host, proc: Proc, d: PipeStream, text: string, deliver: (text: string) => void): void {
  const all = d.partial + text;
  const cut = all.lastIndexOf('\n') + 1;
  d.partial = all.slice(cut);
  let chunk = all.slice(0, cut);
  if (chunk === '') return;
  d.stages.forEach((st, k) => {
    const program = world.programs[st.prog];
    if (!program || !host.proc(st.pid)) return;
    let out = '';
    const last = k === d.stages.length - 1;
    const view = Object.create(host, { fs: { value: host.fsFor(st.pid) } }) as Host;
    program({ argv: st.argv, env: st.env, cwd: st.cwd, stdin: chunk, stdout: last ? deliver : (t) => (out += t), stderr: (t) => host.emit(proc.ppid, 'stderr', t), isTTY: false, host: view, world, pid: st.pid, session: undefined });
    // tee opened its files once: later lines are added to them.
    if (base(st.argv[0] ?? '') === 'tee' && !st.argv.includes('-a') && !st.argv.includes('--append')) st.argv = [st.argv[0] as string, '-a', ...st.argv.slice(1)];
    chunk = out;
  });
}

GLOBAL_HOOKS.output[PIPE_STREAM] = (world, proc, stream, text) => {
  const host = hostOf(world, proc);
  if (!host) return;
  if (stream === 'stderr') {
    host.emit(proc.ppid, stream, text);
    return;
  }
  const d = proc.data?.['pipeStream'] as PipeStream | undefined;
  if (!d) return;
  passOn(world, host, proc, d, text, (t) => {
    if (d.outPath === undefined) host.emit(proc.ppid, 'stdout', t);
    else if (d.outPath !== '/dev/null') {
      try {
        host.fsFor(proc.ppid).appendFile(d.outPath, t);
      } catch {
        // The file went away: the write fails, as it would for the pipeline.
      }
    }
  });
};
