/**
 * Client parity: Podbook's `docker` client (over real HTTP, as `npm run sim -- --docker-host` runs
 * it) and the real `docker` client run the same command against the same fixture engine
 * (tests/fixtures/engine), independent of the simulated engine. The fixture runs in a child process
 * because Podbook's client blocks this thread while it waits for a reply.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSyncHttp, type SyncHttp } from '../../src/node/sync-http.ts';
import { runRemoteDocker } from '../../src/node/remote-docker.ts';
import { sameOutcome } from './compare.ts';
import type { CommandResult } from './lab-pair.ts';
import { runRealDocker, splitWords, type Outcome } from './real-docker.ts';

export interface FixtureEngine {
  dockerHost: string;
  stop(): void;
}

export function startFixtureProcess(): Promise<FixtureEngine> {
  const child: ChildProcess = spawn(process.execPath, ['tests/fixtures/engine/server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(d.toString());
      if (m) resolve({ dockerHost: `tcp://127.0.0.1:${m[1]}`, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`fixture engine exited (${code})`)));
  });
}

export function runPodbookClient(transport: SyncHttp, command: string): Outcome {
  let stdout = '';
  let stderr = '';
  let exitCode: number;
  try {
    exitCode = runRemoteDocker(transport, splitWords(command).slice(1), { stdin: '', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  } catch (e) {
    stderr += `[podbook client threw: ${e instanceof Error ? e.message : String(e)}]\n`;
    exitCode = 255;
  }
  return { stdout, stderr, exitCode };
}

export async function runClientParity(commands: string[], onResult?: (r: CommandResult) => void): Promise<CommandResult[]> {
  const engine = await startFixtureProcess();
  const transport = createSyncHttp(engine.dockerHost);
  const results: CommandResult[] = [];
  try {
    for (const command of commands) {
      const sim = runPodbookClient(transport, command);
      const real = await runRealDocker(engine.dockerHost, command);
      const same = sameOutcome(command, sim, real);
      const notSimulated = /^podbook: .* is not simulated/m.test(sim.stderr);
      const result: CommandResult = { command, sim, real, verdict: same ? 'same' : notSimulated ? 'not simulated' : 'differs' };
      results.push(result);
      onResult?.(result);
    }
  } finally {
    transport.close();
    engine.stop();
  }
  return results;
}
