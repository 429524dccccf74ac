/**
 * When two outcomes count as the same: byte for byte, except where the real client itself prints
 * differently from run to run (ALLOWANCES.md, A10), and where the lab's client is installed with
 * a plugin this machine's client lacks (A13).
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

/** What a client with the buildx plugin prints and one without it does not: exactly these lines. */
export const BUILDX_INFO = ' Plugins:\n  buildx: Docker Buildx (Docker Inc.)\n    Version:  v0.24.0\n    Path:     /usr/libexec/docker/cli-plugins/docker-buildx\n';
export const BUILDX_HELP = '  buildx*     Docker Buildx\n';

/**
 * The lab's `docker` has the buildx plugin (docker-ce's packages install it); the real client
 * here has none. Only when the real output lacks them, the plugin's lines are taken out of the
 * lab's output: the Plugins block of `docker info`, and buildx's line among the Management
 * Commands of `docker --help` (or `docker` alone, which prints it too).
 */
function withoutPlugin(command: string, lab: string, real: string): string {
  if (/^docker (system )?info\b/.test(command) && !real.includes('  buildx: ')) return lab.replace(`\n Debug Mode: false\n${BUILDX_INFO}`, '\n Debug Mode: false\n');
  if (/^docker( --help| -h| help)?$/.test(command.trim()) && !real.includes(BUILDX_HELP)) return lab.replace(`\n  builder     Manage builds\n${BUILDX_HELP}`, '\n  builder     Manage builds\n');
  return lab;
}

/** `a` is the lab's client, `b` the real one. */
export function sameOutcome(command: string, a: Outcome, b: Outcome): boolean {
  const stdout = withoutPlugin(command, a.stdout, b.stdout);
  const stderr = withoutPlugin(command, a.stderr, b.stderr);
  return steady(command, stdout) === steady(command, b.stdout) && stderr === b.stderr && a.exitCode === b.exitCode;
}
