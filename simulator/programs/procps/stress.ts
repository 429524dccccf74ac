/**
 * stress 1.0.4, the load generator the notes run in containers: `--cpu N` forks N workers that
 * spin, `--vm N --vm-bytes B` forks workers that keep B bytes allocated (and spin touching them),
 * `--timeout T` ends the run. Workers are real child processes, so the scheduler shares CPU
 * between them by cgroup weight and the memory cgroup can OOM-kill them, which stress reports
 * with its own FAIL lines and exit status 1.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { STILL_RUNNING } from '../../kernel/types.ts';
import type { Host } from '../../kernel/host.ts';
import type { Proc } from '../../kernel/process.ts';
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import { registerReaper } from '../../kernel/hooks.ts';

const USAGE = `\`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).
`;

/** stress's size suffixes: B, K, M, G (powers of 1024). */
function size(text: string): number | undefined {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] as string).toLowerCase()] as number);
}

/** stress's time suffixes: s, m, h, d, y. */
function seconds(text: string): number | undefined {
  const m = /^(\d+)([smhdy]?)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31536000 }[m[2] as string] as number);
}

interface StressData {
  workers: number[];
  startedAt: number;
  [key: string]: unknown;
}

function nsPid(_host: Host, proc: Proc): number {
  return proc.nsPids?.[proc.nsPids.length - 1] ?? proc.pid;
}

function finish(host: Host, main: Proc, ok: boolean, write: (stream: 'stdout' | 'stderr', text: string) => void): number {
  const data = main.data as StressData;
  const workers = data.workers;
  data.workers = [];
  for (const w of workers) if (host.proc(w)) host.kill(w, 9);
  const secs = Math.round((host.world.clock.now - data.startedAt) / 1000);
  if (ok) write('stdout', `stress: info: [${nsPid(host, main)}] successful run completed in ${secs}s\n`);
  return ok ? 0 : 1;
}

GLOBAL_HOOKS.timers['procps/stress-timeout'] = (host, proc) => {
  const code = finish(host, proc, true, (stream, text) => host.emit(proc.pid, stream, text));
  host.exit(proc.pid, code);
};

/** A worker died of a signal (the OOM killer): stress reports it and gives up, exiting 1. */
GLOBAL_HOOKS.exit['procps/stress-worker'] = (world, info) => {
  const host = world.host(info.host);
  const main = host.proc(info.proc.ppid);
  if (!main || main.prog !== 'stress' || info.signal === undefined) return;
  const data = main.data as StressData;
  if (!data.workers.includes(info.pid)) return;
  data.workers = data.workers.filter((w) => w !== info.pid);
  const me = nsPid(host, main);
  const text =
    `stress: FAIL: [${me}] (416) <-- worker ${nsPid(host, info.proc)} got signal ${info.signal}\nstress: WARN: [${me}] (418) now reaping child worker processes\n` +
    `stress: FAIL: [${me}] (452) failed run completed in ${Math.round((world.clock.now - data.startedAt) / 1000)}s\n`;
  finish(host, main, false, () => undefined);
  // While the program itself is still running it prints the report and exits with 1.
  if (data['inProgram']) {
    data['failure'] = text;
    return;
  }
  host.emit(main.pid, 'stderr', text);
  host.exit(main.pid, 1);
};

export const stress: Program = (ctx: ExecContext) => {
  let cpu = 0;
  let io = 0;
  let vm = 0;
  let hdd = 0;
  let vmBytes = 256 * 1024 * 1024;
  let timeout: number | undefined;
  let quiet = false;
  const args = ctx.argv.slice(1);
  const me = ctx.host.proc(ctx.pid);
  const myPid = me ? nsPid(ctx.host, me) : ctx.pid;
  if (args.length === 0) {
    ctx.stdout(USAGE);
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = (): string => args[++i] ?? '';
    const count = (): number | undefined => {
      const v = next();
      return /^\d+$/.test(v) ? Number(v) : undefined;
    };
    let bad = false;
    switch (a) {
      case '-c':
      case '--cpu':
        bad = (cpu = count() ?? -1) < 0;
        break;
      case '-i':
      case '--io':
        bad = (io = count() ?? -1) < 0;
        break;
      case '-m':
      case '--vm':
        bad = (vm = count() ?? -1) < 0;
        break;
      case '-d':
      case '--hdd':
        bad = (hdd = count() ?? -1) < 0;
        break;
      case '--vm-bytes': {
        const b = size(next());
        bad = b === undefined;
        vmBytes = b ?? 0;
        break;
      }
      case '-t':
      case '--timeout': {
        const t = seconds(next());
        bad = t === undefined;
        timeout = t;
        break;
      }
      case '--vm-keep':
      case '-v':
      case '--verbose':
        break;
      case '-q':
      case '--quiet':
        quiet = true;
        break;
      case '--vm-stride':
      case '--vm-hang':
      case '--backoff':
      case '--hdd-bytes':
        next();
        break;
      case '--version':
        ctx.stdout('stress 1.0.4\n');
        return 0;
      case '-?':
      case '--help':
        ctx.stdout(USAGE);
        return 0;
      default:
        ctx.stderr(`stress: FAIL: [${myPid}] (244) unrecognized option: ${a}\n`);
        return 1;
    }
    if (bad) {
      ctx.stderr(`stress: FAIL: [${myPid}] (275) bad argument to ${a}\n`);
      return 1;
    }
  }
  if (cpu + io + vm + hdd === 0) {
    ctx.stderr(`stress: FAIL: [${myPid}] (370) no hogs to dispatch\n`);
    return 1;
  }
  if (!quiet) ctx.stdout(`stress: info: [${myPid}] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`);
  if (!me) return 1;
  const host = ctx.host;
  const data: StressData = { workers: [], startedAt: ctx.world.clock.now };
  me.data = { ...(me.data ?? {}), ...data };
  const state = me.data as StressData;
  const spawn = (busy: number): Proc => {
    const w = host.spawn({ ppid: me.pid, argv: [...me.argv], prog: 'stress', onExit: 'procps/stress-worker' });
    state.workers.push(w.pid);
    if (busy > 0) host.setDemand(w.pid, busy);
    return w;
  };
  for (let i = 0; i < cpu; i++) spawn(1);
  for (let i = 0; i < io; i++) spawn(0);
  for (let i = 0; i < hdd; i++) spawn(1);
  state['inProgram'] = true;
  for (let i = 0; i < vm; i++) {
    const w = spawn(1);
    if (host.setMemory(w.pid, vmBytes) === 'oom') break;
  }
  delete state['inProgram'];
  if (typeof state['failure'] === 'string') {
    ctx.stderr(state['failure']);
    // The run is over: the process ends here, whoever started it (its exit hook sees status 1).
    host.exit(me.pid, 1);
    return 1;
  }
  if (timeout !== undefined && ctx.session) {
    ctx.world.advance(timeout * 1000);
    if (!host.proc(me.pid)) return STILL_RUNNING;
    return finish(host, me, true, (stream, text) => (stream === 'stdout' ? ctx.stdout(text) : ctx.stderr(text)));
  }
  if (timeout !== undefined) host.setTimer(me.pid, timeout * 1000, 'procps/stress-timeout');
  return STILL_RUNNING;
};

registerReaper('stress');
