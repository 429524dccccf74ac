/**
 * Podbook's own `docker` client pointed at a real engine: the lab's `docker` program is swapped
 * for one whose transport is real HTTP (sync-http.ts) and whose clock is the wall clock (CREATED
 * columns are computed client-side, against the engine's real times). `npm run sim --
 * --docker-host tcp://127.0.0.1:PORT` uses it; so do the client parity tests.
 */
import type { Lab } from '../../simulator/index.ts';
import type { Program } from '../../simulator/kernel/types.ts';
import { runDockerCli, type CliIo } from '../../simulator/runtime/index.ts';
import type { SyncHttp } from './sync-http.ts';

/** Runs Podbook's docker client over `transport` (argv without the leading `docker`). */
export function runRemoteDocker(transport: SyncHttp, argv: string[], io: Omit<CliIo, 'now' | 'env'> & { env?: Record<string, string> }): number {
  const env = { ...(io.env ?? {}), DOCKER_HOST: transport.dockerHost };
  return runDockerCli(argv, { ...io, env, now: () => Date.now() }, (req) => transport.request(req), { hostLabel: transport.dockerHost });
}

export function remoteDockerProgram(transport: SyncHttp): Program {
  return (ctx) => runRemoteDocker(transport, ctx.argv.slice(1), { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, isTTY: ctx.isTTY, env: ctx.env });
}

/** Makes every `docker` typed in the lab talk to the engine at `transport` instead of the lab's own. */
export function useRemoteDocker(lab: Lab, transport: SyncHttp): void {
  lab.world.programs['docker'] = remoteDockerProgram(transport);
}
