/** rpm (4.11.3, CentOS 7) queries: `-q NAME`, `-qa`, `-ql NAME`, over the rpm database of the caller's root file system. */
import type { Program } from '../../kernel/types.ts';
import { byCodePoint } from '../../core/format.ts';
import { installedTable, nevra } from './packages.ts';
import { REPO } from './yum-repo.ts';

/** rpm -q / -qa / -ql basics. */
export const rpm: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const names = args.filter((a) => !a.startsWith('-'));
  if (!/q/.test(flags)) {
    ctx.stderr(`podbook: 'rpm ${args.join(' ')}' is not simulated (rpm -q, -qa and -ql are)\n`);
    return 1;
  }
  const installed = installedTable(ctx.host.fsFor(ctx.pid));
  if (/a/.test(flags)) {
    for (const name of Object.keys(installed).sort(byCodePoint)) ctx.stdout(nevra(name, installed[name] as { version: string; release: string; arch: string }) + '\n');
    return 0;
  }
  if (names.length === 0) {
    ctx.stderr('rpm: no arguments given for query\n');
    return 1;
  }
  let status = 0;
  for (const name of names) {
    const p = installed[name];
    if (!p) {
      ctx.stdout(`package ${name} is not installed\n`);
      status = 1;
      continue;
    }
    if (/l/.test(flags)) {
      const files = Object.keys(REPO[name]?.files ?? {}).sort(byCodePoint);
      ctx.stdout(files.length ? files.map((f) => f + '\n').join('') : '(contains no files)\n');
    } else ctx.stdout(nevra(name, p) + '\n');
  }
  return status;
};
