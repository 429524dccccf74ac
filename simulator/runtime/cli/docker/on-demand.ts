/**
 * A docker command whose code lives in the simulator's extras part (simulator/lazy): the command
 * table holds this stand-in, and the first use of any of its fields (usage, flags, run) loads the
 * part. Aliases of it (`docker image build`) stay lazy too, since they read fields through getters.
 */
import { part } from '../../../lazy/index.ts';
import type { Command } from './command.ts';

export function onDemand(name: string): Command {
  const get = (): Command => {
    const cmd = part('extras').commands()[name];
    if (!cmd) throw new Error(`the extras part has no docker command ${name}`);
    return cmd;
  };
  return renamed(get, () => get().path, () => get().usage);
}

/** `cmd` (read when used) under another path and usage line. */
export function renamed(cmd: () => Command, path: () => string, usage: () => string): Command {
  return {
    get path() {
      return path();
    },
    get usage() {
      return usage();
    },
    get flags() {
      return cmd().flags;
    },
    get args() {
      return cmd().args;
    },
    get interspersed() {
      return cmd().interspersed;
    },
    get runStyleErrors() {
      return cmd().runStyleErrors;
    },
    run: (ctx) => cmd().run(ctx),
  };
}
