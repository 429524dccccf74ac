/**
 * Engine parity: each command runs once through Podbook's own `docker` inside a lab, and once
 * through the real `docker` client against a twin lab (same lab, same seed) served over HTTP by
 * Podbook's adapter. The twins are kept in lockstep: for each command both run one process on the
 * host with the think time `lab.run` adds (the served twin a stand-in `true`), and after it the one behind catches up with the other, so the engine
 * sees the same state at the same virtual time on both sides.
 *
 * The real client computes "2 hours ago" from the wall clock, so both labs start on the wall clock
 * and, before a command that prints such a time, the harness waits until the wall clock has
 * caught up with the virtual one (ALLOWANCES.md, A1 and A2).
 */
import { createLab, type Lab } from '../../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../../src/node/http-adapter.ts';
import { labTarget } from '../../src/node/lab-target.ts';
import { runRealDocker, type Outcome } from './real-docker.ts';

export interface CommandResult {
  command: string;
  sim: Outcome;
  real: Outcome;
  verdict: 'same' | 'differs' | 'not simulated';
}

/** Commands whose output holds a time the client computes from its own clock. */
export function printsClientTime(command: string): boolean {
  const words = command.split(/\s+/);
  if (words.includes('-q') || words.includes('--quiet')) return false;
  return /^docker (ps|container (ls|ps|list)|images|image (ls|list|history)|history)\b/.test(command);
}

/** How far past the virtual time the harness lets the wall clock run before starting the client. */
const CLIENT_AIM_MS = 400;

const OUT = '/tmp/.parity.stdout';
const ERR = '/tmp/.parity.stderr';

/** Runs a line through the lab's shell with stdout and stderr sent to files (so not a TTY, as the real client is here). */
function runInSim(lab: Lab, command: string): Outcome {
  const r = lab.run(`${command} >${OUT} 2>${ERR}`);
  return { stdout: lab.readFile(OUT) ?? '', stderr: lab.readFile(ERR) ?? '', exitCode: r.exitCode };
}

function catchUp(a: Lab, b: Lab): void {
  if (a.now < b.now) a.advance(b.now - a.now);
  if (b.now < a.now) b.advance(a.now - b.now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Scenario {
  name: string;
  lab: string;
  seed: number;
  /** Lines run before the compared commands, on both labs (the same way), not compared. */
  setup?: string[];
  commands: string[];
}

export async function runScenario(scenario: Scenario, onResult?: (r: CommandResult) => void): Promise<CommandResult[]> {
  const sim = createLab(scenario.lab, { seed: scenario.seed });
  const served = createLab(scenario.lab, { seed: scenario.seed });
  // Both start on the wall clock, at a whole second so a client's rounding meets the lab's.
  const start = Math.ceil(Date.now() / 1000) * 1000;
  sim.advance(start - sim.now);
  served.advance(start - served.now);
  const adapter: RunningAdapter = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(served, { clock: 'manual' }) });
  const dockerHost = `tcp://127.0.0.1:${adapter.port}`;
  const results: CommandResult[] = [];
  try {
    for (const line of scenario.setup ?? []) {
      sim.run(line);
      served.run(line);
      catchUp(sim, served);
    }
    for (const command of scenario.commands) {
      if (printsClientTime(command)) {
        // The reader pauses until the next whole second (A2 in ALLOWANCES.md): the virtual clock's
        // fraction of a second is then about zero, and the client's lag behind it cannot round.
        const pad = (1000 - (sim.now % 1000)) % 1000;
        sim.advance(pad);
        served.advance(pad);
      }
      const simOutcome = runInSim(sim, command);
      // In the sim the client is a process of the lab host (it takes a pid); the real client
      // runs outside the served lab, so a stand-in command takes that pid and the think time.
      served.run('/usr/bin/true');
      // Aim the client's clock reading at mid-second (A2): its start-up lag then has room both ways.
      if (printsClientTime(command) && served.now + CLIENT_AIM_MS > Date.now()) await sleep(served.now + CLIENT_AIM_MS - Date.now());
      const realOutcome = await runRealDocker(dockerHost, command);
      catchUp(sim, served);
      const same = simOutcome.stdout === realOutcome.stdout && simOutcome.stderr === realOutcome.stderr && simOutcome.exitCode === realOutcome.exitCode;
      const notSimulated = /^podbook: .* is not simulated/m.test(simOutcome.stderr) || /podbook: /.test(realOutcome.stderr);
      const result: CommandResult = { command, sim: simOutcome, real: realOutcome, verdict: same ? 'same' : notSimulated ? 'not simulated' : 'differs' };
      results.push(result);
      onResult?.(result);
    }
  } finally {
    await adapter.close();
  }
  return results;
}
