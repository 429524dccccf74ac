/**
 * The program models of the programs layer, by name, and where a CentOS 7 host installs each.
 * Labs copy these into a world's registry and write the executables into a host's filesystem.
 */
import type { Program } from '../kernel/types.ts';
import { bash } from './shell/index.ts';
import * as coreutils from './coreutils/index.ts';
import * as procps from './procps/index.ts';
import * as net from './net/index.ts';
import * as servers from './servers/index.ts';
import { withLocale } from './coreutils/locale.ts';
import { busybox } from './busybox/busybox.ts';
import { unsimulated } from './unsimulated.ts';
import { onDemand } from './on-demand.ts';

/** Every model runs with its environment's locale, which decides how GNU tools quote names. */
function localized(programs: Record<string, Program>): Record<string, Program> {
  const out: Record<string, Program> = {};
  for (const [name, program] of Object.entries(programs)) out[name] = (ctx) => withLocale(ctx.env, () => program(ctx));
  return out;
}

export const PROGRAMS: Record<string, Program> = {
  ...localized({ ...coreutils.PROGRAMS, ...procps.PROGRAMS, ...net.PROGRAMS }),
  ...servers.PROGRAMS,
  busybox,
  bash,
  sh: bash,
  unsimulated,
  hello: onDemand('hello'),
};

/** Executable paths on a CentOS 7 host (bin is a symlink to usr/bin there). */
export const INSTALL_PATHS: Record<string, string> = {
  ...coreutils.INSTALL_PATHS,
  ...procps.INSTALL_PATHS,
  ...net.INSTALL_PATHS,
  ...servers.INSTALL_PATHS,
  bash: '/usr/bin/bash',
  sh: '/usr/bin/sh',
};
