/** Program models of the procps group: name -> model, and name -> install path on a CentOS 7 host. */
import type { Program } from '../../kernel/types.ts';

export const PROGRAMS: Record<string, Program> = {};

export const INSTALL_PATHS: Record<string, string> = {};
