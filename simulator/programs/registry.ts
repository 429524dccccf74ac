/**
 * The program models of the programs layer, by name, and where a CentOS 7 host installs each.
 * Labs copy these into a world's registry and write the executables into a host's filesystem.
 */
import type { Program } from '../kernel/types.ts';
import { Shell } from './shell/index.ts';
import * as coreutils from './coreutils/index.ts';
import * as procps from './procps/index.ts';
import * as net from './net/index.ts';
import * as servers from './servers/index.ts';

/** bash as a program: `bash -c 'cmd'` runs one line in a child shell. */
const bash: Program = (ctx) => {
  if (ctx.argv[1] === '-c' && ctx.argv[2] !== undefined) {
    const shell = new Shell(ctx.world, { host: ctx.host.name, pid: ctx.pid, kind: 'exec', vars: {}, history: [] });
    return shell.run(ctx.argv[2], ctx);
  }
  if (ctx.argv[1] === '-c') {
    ctx.stderr('bash: -c: option requires an argument\n');
    return 2;
  }
  return 0;
};

export const PROGRAMS: Record<string, Program> = {
  ...coreutils.PROGRAMS,
  ...procps.PROGRAMS,
  ...net.PROGRAMS,
  ...servers.PROGRAMS,
  bash,
  echo: (ctx) => {
    ctx.stdout(ctx.argv.slice(1).join(' ') + '\n');
    return 0;
  },
  true: () => 0,
  false: () => 1,
};

/** Executable paths on a CentOS 7 host (bin is a symlink to usr/bin there). */
export const INSTALL_PATHS: Record<string, string> = {
  ...coreutils.INSTALL_PATHS,
  ...procps.INSTALL_PATHS,
  ...net.INSTALL_PATHS,
  ...servers.INSTALL_PATHS,
  bash: '/usr/bin/bash',
  echo: '/usr/bin/echo',
  true: '/usr/bin/true',
  false: '/usr/bin/false',
};
