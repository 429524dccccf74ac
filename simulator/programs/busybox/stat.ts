/**
 * busybox stat: the GNU model's fields in busybox's default layout. busybox prints the name
 * unquoted (a symlink as `'a' -> 'b'`), has no `Birth:` line, and words a failure
 * `stat: can't stat 'x': No such file or directory`.
 */
import type { Program } from '../../kernel/types.ts';
import { onDemand } from '../on-demand.ts';

// The GNU model is in the simulator's extras part (simulator/lazy).
const stat = onDemand('stat');

const Q = `['‘’]`;

export const busyboxStat: Program = (ctx) =>
  stat({
    ...ctx,
    stdout: (t) =>
      ctx.stdout(
        t
          .replace(new RegExp(`^ {2}File: ${Q}(.*)${Q} -> ${Q}(.*)${Q}$`, 'gm'), "  File: '$1' -> '$2'")
          .replace(new RegExp(`^ {2}File: ${Q}([^\\n]*)${Q}$`, 'gm'), (line, name: string) => (line.includes(' -> ') && line.startsWith("  File: '") && line.includes("' -> '") ? line : `  File: ${name}`))
          .replace(/^ Birth: .*\n/gm, ''),
      ),
    stderr: (t) => ctx.stderr(t.replace(new RegExp(`^stat: cannot stat ${Q}(.*)${Q}: `, 'gm'), "stat: can't stat '$1': ")),
  });
