/**
 * When two outcomes count as the same: byte for byte, except where the real client itself prints
 * differently from run to run (ALLOWANCES.md, A10).
 */
import type { Outcome } from './real-docker.ts';

/**
 * `docker info` lists the daemon's runtimes in Go's map iteration order, which changes from run to
 * run (cli/command/system/info.go ranges over the map): that one line is compared as a set.
 */
function steady(command: string, text: string): string {
  if (!/^docker (system )?info\b/.test(command)) return text;
  return text.replace(/^ Runtimes: (.*)$/m, (_, names: string) => ` Runtimes: ${names.split(' ').sort().join(' ')}`);
}

export function sameOutcome(command: string, a: Outcome, b: Outcome): boolean {
  return steady(command, a.stdout) === steady(command, b.stdout) && a.stderr === b.stderr && a.exitCode === b.exitCode;
}
