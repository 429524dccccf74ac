/**
 * busybox's file applets share libbb's error wording, not GNU's: `rm: can't remove 'x': …`,
 * `mkdir: can't create directory 'x': …`, `cp: can't stat 'x': …`, `mv: can't rename 'x': …`,
 * `head: can't open 'x': …` (tail and wc alike), `touch: x: …`, `chmod: x: …`, `rm: 'd' is a
 * directory`. These applets run the GNU model (same results otherwise) with its messages reworded.
 */
import type { Program } from '../../kernel/types.ts';
import { chmod } from '../coreutils/chmod.ts';
import { cp } from '../coreutils/cp.ts';
import { head } from '../coreutils/head.ts';
import { mkdir } from '../coreutils/mkdir.ts';
import { mv } from '../coreutils/mv.ts';
import { rm } from '../coreutils/rm.ts';
import { tail } from '../coreutils/tail.ts';
import { touch } from '../coreutils/touch.ts';
import { wc } from '../coreutils/wc.ts';

/** A GNU quoted name, in ASCII or the UTF-8 locale's quotes. */
const NAME = `['‘](.*?)['’]`;

type Rule = [RegExp, string];

const RULES: Record<string, Rule[]> = {
  rm: [
    [new RegExp(`^rm: cannot remove ${NAME}: Is a directory$`, 'gm'), "rm: '$1' is a directory"],
    [new RegExp(`^rm: cannot remove ${NAME}: `, 'gm'), "rm: can't remove '$1': "],
  ],
  mkdir: [[new RegExp(`^mkdir: cannot create directory ${NAME}: `, 'gm'), "mkdir: can't create directory '$1': "]],
  cp: [[new RegExp(`^cp: cannot stat ${NAME}: `, 'gm'), "cp: can't stat '$1': "]],
  mv: [[new RegExp(`^mv: cannot stat ${NAME}: `, 'gm'), "mv: can't rename '$1': "]],
  head: [[new RegExp(`^head: cannot open ${NAME} for reading: `, 'gm'), "head: can't open '$1': "]],
  tail: [[new RegExp(`^tail: cannot open ${NAME} for reading: `, 'gm'), "tail: can't open '$1': "]],
  wc: [[/^wc: (.*): (No such file or directory|Permission denied)$/gm, "wc: can't open '$1': $2"]],
  touch: [[new RegExp(`^touch: cannot touch ${NAME}: `, 'gm'), 'touch: $1: ']],
  chmod: [[new RegExp(`^chmod: cannot access ${NAME}: `, 'gm'), 'chmod: $1: ']],
};

function reworded(name: string, model: Program): Program {
  const rules = RULES[name] ?? [];
  return (ctx) =>
    model({
      ...ctx,
      stderr: (t) => ctx.stderr(rules.reduce((text, [re, to]) => text.replace(re, to), t)),
    });
}

export const BUSYBOX_FILE_APPLETS: Record<string, Program> = {
  rm: reworded('rm', rm),
  mkdir: reworded('mkdir', mkdir),
  cp: reworded('cp', cp),
  mv: reworded('mv', mv),
  head: reworded('head', head),
  tail: reworded('tail', tail),
  wc: reworded('wc', wc),
  touch: reworded('touch', touch),
  chmod: reworded('chmod', chmod),
};
