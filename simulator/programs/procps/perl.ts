/**
 * perl 5.16 (CentOS 7) as far as the notes use it: the Kubernetes Job example
 * `perl -Mbignum=bpi -wle 'print bpi(2000)'` prints 2000 digits of pi, computed for real and
 * charged as CPU time on the scheduler (a busy process for as long as its share of the CPU takes).
 * Other scripts are reported as not simulated.
 */
import type { Program } from '../../kernel/types.ts';
import { STILL_RUNNING } from '../../kernel/types.ts';
import { GLOBAL_HOOKS } from '../../kernel/hooks.ts';
import { piDigits } from './pi.ts';

/** CPU milliseconds Math::BigFloat spends per bpi digit (2000 digits take about 2.4 s). */
const MS_PER_DIGIT = 1.2;

GLOBAL_HOOKS.workDone['procps/perl-done'] = (host, proc) => {
  host.emit(proc.pid, 'stdout', String(proc.data?.['output'] ?? ''));
  host.exit(proc.pid, 0);
};

export const perl: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let code: string | undefined;
  let newline = false;
  const modules: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-v' || a === '--version') {
      ctx.stdout('\nThis is perl 5, version 16, subversion 3 (v5.16.3) built for x86_64-linux-thread-multi\n(with 44 registered patches, see perl -V for more detail)\n\nCopyright 1987-2012, Larry Wall\n\nPerl may be copied only under the terms of either the Artistic License or the\nGNU General Public License, which may be found in the Perl 5 source kit.\n\nComplete documentation for Perl, including FAQ lists, should be found on\nthis system using "man perl" or "perldoc perl".  If you have access to the\nInternet, point your browser at http://www.perl.org/, the Perl Home Page.\n\n');
      return 0;
    }
    if (a.startsWith('-M')) {
      modules.push(a.slice(2));
      continue;
    }
    if (/^-[wlse]+$/.test(a)) {
      if (a.includes('l')) newline = true;
      if (a.endsWith('e')) code = args[++i];
      continue;
    }
    if (code === undefined) {
      ctx.stderr(`Can't open perl script "${a}": No such file or directory\n`);
      return 2;
    }
  }
  if (code === undefined) {
    ctx.stderr("podbook: 'perl' reading a script from standard input is not simulated\n");
    return 1;
  }
  const m = /^\s*print\s+bpi\(\s*(\d+)\s*\)\s*;?\s*$/.exec(code);
  if (!m || !modules.some((mod) => /^bignum=.*\bbpi\b/.test(mod))) {
    const literal = /^\s*print\s+"((?:[^"\\]|\\.)*)"\s*;?\s*$/.exec(code);
    if (literal) {
      ctx.stdout((literal[1] as string).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1') + (newline ? '\n' : ''));
      return 0;
    }
    ctx.stderr("podbook: this perl program is not simulated (only `print bpi(N)` with -Mbignum=bpi and `print \"text\"`)\n");
    return 1;
  }
  const digits = Math.min(Number(m[1]), 20000);
  const output = (digits === 0 ? 'NaN' : piDigits(digits)) + (newline ? '\n' : '');
  const cpuMs = Math.round(200 + digits * MS_PER_DIGIT);
  if (ctx.session) {
    ctx.host.burnCpu(ctx.pid, cpuMs);
    ctx.stdout(output);
    return 0;
  }
  const proc = ctx.host.proc(ctx.pid);
  if (!proc) return 1;
  proc.data = { ...(proc.data ?? {}), output };
  ctx.host.startWork(ctx.pid, cpuMs, 'procps/perl-done');
  return STILL_RUNNING;
};
