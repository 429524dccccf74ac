/**
 * Engine parity: each command runs once through Podbook's own `docker` inside a lab, and once
 * through the real `docker` client against a twin lab (same lab, same seed) served over HTTP by
 * Podbook's adapter. The twins are kept in lockstep: for each command both run one process on the
 * host with the think time `lab.run` adds (the served twin a stand-in `true`), and after it the one behind catches up with the other, so the engine
 * sees the same state at the same virtual time on both sides.
 *
 * The real client computes "2 hours ago" from the wall clock, so both labs start on the wall clock
 * and the reply to a listing is held until the wall clock has caught up with the virtual one
 * (ALLOWANCES.md, A1 to A3).
 */
import { createLab, type Lab } from '../../simulator/index.ts';
import type { HttpRequest } from '../../simulator/kernel/http.ts';
import { startHttpAdapter, type RunningAdapter } from '../../src/node/http-adapter.ts';
import { labTarget } from '../../src/node/lab-target.ts';
import { sameOutcome } from './compare.ts';
import { createHash } from 'node:crypto';
import { clientLine, expandSubstitutions, type ClientLine } from './command-line.ts';
import { contentBytes, mirrorLabDir, removeMirror, syncBack, usesLocalFiles } from './local-files.ts';
import { freshConfigDir, runRealDocker, runRealInteractive, runRealShell, splitWords, type Outcome } from './real-docker.ts';

export interface CommandResult {
  command: string;
  sim: Outcome;
  real: Outcome;
  verdict: 'same' | 'differs' | 'not simulated';
  /** Times a read-only listing was run again because the client read its clock late (A3). */
  retries?: number;
}

/** Commands whose output holds a time the client computes from its own clock. */
export function printsClientTime(command: string): boolean {
  const words = command.split(/\s+/);
  if (words.includes('-q') || words.includes('--quiet')) return false;
  return /^docker (ps|container (ls|ps|list)|images|image (ls|list|history)|history)\b/.test(command);
}

/** How far past the lab's virtual time the wall clock is when a listing reaches the client. */
const CLIENT_AIM_MS = 150;
const MAX_RETRIES = 2;

const OUT = '/tmp/.parity.stdout';
const ERR = '/tmp/.parity.stderr';

/**
 * Builds run the classic builder on both sides (A7): the real client here has no buildx plugin,
 * so `docker build` is always classic for it.
 */
function buildEnv(line: ClientLine): Record<string, string> {
  return /^docker (image |builder )?build\b/.test(line.words.join(' ')) ? { ...line.env, DOCKER_BUILDKIT: '0' } : line.env;
}

/**
 * Runs a line through the lab's shell with stdout and stderr sent to files (so not a TTY, as the
 * real client is here). A line that sends its output into a file of its own is compared by that
 * file's bytes.
 */
function runInSim(lab: Lab, command: string, line: ClientLine): Outcome {
  const env = Object.entries(buildEnv(line)).map(([k, v]) => `${k}=${v} `).join('');
  const r = lab.run(line.stdoutFile !== undefined ? `${env}${command} 2>${ERR}` : `${env}${command} >${OUT} 2>${ERR}`);
  const stdout = line.stdoutFile !== undefined ? fileSummary(contentBytes(lab.readFile(line.stdoutFile) ?? ''), line.stdoutFile) : (lab.readFile(OUT) ?? '');
  return { stdout, stderr: lab.readFile(ERR) ?? '', exitCode: r.exitCode };
}

/** Output that went into a file, as the report shows it: its size and digest. */
function fileSummary(bytes: Buffer, file: string): string {
  return `[${bytes.length} bytes into ${file}, sha256 ${createHash('sha256').update(bytes).digest('hex')}]\n`;
}

/**
 * Commands with a time the client counts back from its own clock (`--since 2.5s`, `--until 10m`,
 * A11): the real client must start when the wall clock is at the served lab's time.
 */
export function usesClientRelativeTime(command: string): boolean {
  return /\s--(since|until)[ =](?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+(\s|$)/.test(command);
}

/** Waits (wall time) until the wall clock has reached `ms`. */
async function wallReaches(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

function catchUp(a: Lab, b: Lab): void {
  if (a.now < b.now) a.advance(b.now - a.now);
  if (b.now < a.now) b.advance(a.now - b.now);
}

/**
 * A step of a scenario: a command compared with the real client, something done to both labs
 * alike, or an interactive line (`docker run -it ... sh`) with the lines typed into its terminal,
 * compared as the whole terminal transcript and the exit code.
 */
export type ScenarioStep = { compare: string } | { both: string; apply: (lab: Lab) => void } | { interactive: string; input: string[] };

/** Text as a terminal shows it: every newline a CR LF. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * The terminal transcript of an interactive line in the lab: what the line printed, then for
 * each typed line the prompt, the line as echoed, Enter, and its output, until the session ends.
 */
function interactiveInSim(lab: Lab, command: string, input: string[]): Outcome {
  const first = lab.run(command);
  let transcript = crlf(first.output);
  let exitCode = first.exitCode;
  for (const line of input) {
    if (lab.session().frames.length === 1) break;
    transcript += `${lab.prompt()}${line}\r\n`;
    const r = lab.run(line);
    transcript += crlf(r.output);
    exitCode = r.exitCode;
  }
  return { stdout: transcript, stderr: '', exitCode };
}

export interface Scenario {
  name: string;
  lab: string;
  seed: number;
  /** Lines run before the compared commands, on both labs (the same way), not compared. */
  setup?: string[];
  commands?: string[];
  /** Steps in order (a chapter's cells); used instead of `commands` when given. */
  steps?: ScenarioStep[];
}

/**
 * Whether a line can go to the real client as it is: a docker command (quoted words, `NAME=value`
 * before it, input from a file or output into one: command-line.ts), nothing interactive.
 */
export function comparable(line: string): boolean {
  const parsed = clientLine(line);
  if (!parsed) return false;
  const words = parsed.words;
  const verb = words[1] === 'container' ? words[2] : words[1];
  if (verb === 'attach') return false;
  if (!['run', 'exec', 'create', 'start'].includes(verb ?? '')) return true;
  // `-it`, `-t`, `-ai`: the real client wants a terminal; `-dit` is detached and fine, and so is
  // `start -a` (it only attaches the output).
  const clusters = words.filter((w) => /^-[a-zA-Z]+$/.test(w) && !(verb === 'start' && w === '-a'));
  return !clusters.some((w) => /[ita]/.test(w) && !w.includes('d') && /^-[ita]+$/.test(w));
}

/** A docker line that opens a terminal session: `run -it`, `exec -it`, `attach`. */
export function opensTerminal(line: string): boolean {
  const parsed = clientLine(line);
  if (!parsed || parsed.stdinFile !== undefined || parsed.stdoutFile !== undefined || parsed.substitutions) return false;
  const verb = parsed.words[1] === 'container' ? parsed.words[2] : parsed.words[1];
  return verb === 'attach' || (['run', 'exec'].includes(verb ?? '') && !comparable(line) && parsed.words.some((w) => /^-[a-z]*t[a-z]*$/.test(w) && !w.includes('d')));
}

function stepsOf(scenario: Scenario): ScenarioStep[] {
  return scenario.steps ?? (scenario.commands ?? []).map((compare) => ({ compare }));
}

export async function runScenario(scenario: Scenario, onResult?: (r: CommandResult) => void): Promise<CommandResult[]> {
  const sim = createLab(scenario.lab, { seed: scenario.seed });
  const served = createLab(scenario.lab, { seed: scenario.seed });
  // Both start on the wall clock, at a whole second so a client's rounding meets the lab's.
  const start = Math.ceil(Date.now() / 1000) * 1000;
  sim.advance(start - sim.now);
  served.advance(start - served.now);
  // Listings are held until the wall clock is just past the lab's time (A1): the client ages them
  // by its own clock the moment they arrive.
  // Only for a command that prints such ages: others (`docker stats` lists containers too) need no
  // wait, and the lab may be far ahead of the wall clock.
  let agesListing = false;
  const holdUntil = (req: HttpRequest): number | undefined => (agesListing && /\/(containers|images)\/json$|\/history$/.test(req.path) ? served.now + CLIENT_AIM_MS : undefined);
  const adapter: RunningAdapter = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(served, { clock: 'manual' }), holdUntil });
  const dockerHost = `tcp://127.0.0.1:${adapter.port}`;
  // The real client's own state (credentials) belongs to this scenario, as the lab's does.
  const configDir = freshConfigDir();
  const results: CommandResult[] = [];
  /** An interactive line and its typed lines on both sides, compared as terminals (A14). */
  const compareInteractive = async (line: string, input: string[], simDone?: Outcome): Promise<void> => {
    const simOutcome = simDone ?? interactiveInSim(sim, line, input);
    served.run('/usr/bin/true');
    const real = await runRealInteractive(dockerHost, splitWords(line), input, { configDir });
    catchUp(sim, served);
    const realOutcome: Outcome = { stdout: real.stdout, stderr: real.stderr, exitCode: real.exitCode };
    const command = input.length > 0 ? `${line} ⏎ ${input.join(' ⏎ ')}` : line;
    const result: CommandResult = { command, sim: simOutcome, real: realOutcome, verdict: sameOutcome(command, simOutcome, realOutcome) ? 'same' : 'differs' };
    results.push(result);
    onResult?.(result);
  };
  try {
    for (const line of scenario.setup ?? []) {
      sim.run(line);
      served.run(line);
      catchUp(sim, served);
    }
    for (const step of stepsOf(scenario)) {
      if ('interactive' in step) {
        await compareInteractive(step.interactive, step.input);
        continue;
      }
      // A line that opens a terminal, with no typed lines to go with it (A14): when the lab shows
      // no session opened (the container failed, or ran and ended), the real client runs it in a
      // terminal of its own and the two are compared; otherwise it is done to both labs alike.
      if ('compare' in step && sim.session().frames.length === 1 && opensTerminal(step.compare)) {
        const before = sim.session().frames.length;
        const simOutcome = interactiveInSim(sim, step.compare, []);
        if (sim.session().frames.length > before) {
          served.run(step.compare);
          catchUp(sim, served);
        } else await compareInteractive(step.compare, [], simOutcome);
        continue;
      }
      // Inside a container shell (after `docker run -it`) the next lines are not docker commands
      // of the host: they run on both labs alike, as does anything not comparable.
      if ('both' in step || !comparable(step.compare) || sim.session().frames.length > 1) {
        const apply = 'both' in step ? step.apply : (lab: Lab): void => void lab.run(step.compare);
        apply(sim);
        apply(served);
        // Logging in or out is the client's own state: the real client does it too, so that its
        // later pushes and pulls carry the same credentials as the lab's client.
        if ('compare' in step && /(^|[|;&]\s*)docker\s+(login|logout)\b/.test(step.compare) && sim.session().frames.length === 1) await runRealShell(dockerHost, step.compare, { configDir });
        catchUp(sim, served);
        continue;
      }
      const command = step.compare;
      const clientTime = printsClientTime(command);
      const relativeTime = usesClientRelativeTime(command);
      agesListing = clientTime;
      let result: CommandResult;
      let attempt = 0;
      for (;;) {
        if (clientTime || relativeTime) {
          // The reader pauses until the next whole second (A2 in ALLOWANCES.md): the virtual clock's
          // fraction of a second is then about zero, and the client's lag behind it cannot round.
          // On a loaded machine the wall clock may have got ahead of the labs: the pause lasts until
          // the second after it too, so the real client does not see the lab's times as older.
          const pad = Math.ceil(Math.max(sim.now, Date.now()) / 1000) * 1000 - sim.now;
          sim.advance(pad);
          served.advance(pad);
        }
        const line = clientLine(command) as ClientLine;
        const simOutcome = runInSim(sim, command, line);
        // In the sim the client is a process of the lab host (it takes a pid); the real client
        // runs outside the served lab, so a stand-in command takes that pid and the think time.
        // A command substitution is a subshell running a second client: the stand-in has one too.
        served.run(`/usr/bin/true${' $(/usr/bin/true)'.repeat(line.substitutions?.length ?? 0)}`);
        // The client's own files: the served lab's /root, and what the client writes goes back (A6).
        const home = usesLocalFiles(line.words.join(' ')) ? mirrorLabDir(served, '/root') : undefined;
        const stdin = line.stdinFile !== undefined ? contentBytes(served.readFile(line.stdinFile) ?? '') : line.stdinText !== undefined ? Buffer.from(line.stdinText) : undefined;
        // The client counts `--since 2.5s` back from its clock: it starts when the wall clock is at the lab's time (A11).
        if (relativeTime) await wallReaches(served.now);
        const inner: string[] = [];
        for (const words of line.substitutions ?? []) inner.push((await runRealDocker(dockerHost, words, { configDir })).stdout);
        // Commands that name the client's configuration directory see it at /root/.docker (A12).
        const rootConfig = /^docker (login|logout)\b|^docker( --help| -h| help)?$/.test(line.words.join(' '));
        const real = await runRealDocker(dockerHost, expandSubstitutions(line.words, inner), { env: buildEnv(line), configDir, rootConfig, ...(home ? { home } : {}), ...(stdin ? { stdin } : {}) });
        if (home) {
          syncBack(served, home, '/root');
          removeMirror(home);
        }
        // Output into a file lands in the served lab's file, as the shell would put it there.
        if (line.stdoutFile !== undefined) served.writeFile(line.stdoutFile, real.bytes.toString('latin1'));
        const realOutcome: Outcome = { stdout: line.stdoutFile !== undefined ? fileSummary(real.bytes, line.stdoutFile) : real.stdout, stderr: real.stderr, exitCode: real.exitCode };
        catchUp(sim, served);
        const same = sameOutcome(command, simOutcome, realOutcome);
        const notSimulated = /^podbook: .* is not simulated/m.test(simOutcome.stderr) || /podbook: /.test(realOutcome.stderr);
        result = { command, sim: simOutcome, real: realOutcome, verdict: same ? 'same' : notSimulated ? 'not simulated' : 'differs', retries: attempt };
        // A listing is read-only, so a run whose client read its clock late (a loaded machine) is
        // repeated on both labs alike (A3 in ALLOWANCES.md).
        if (same || !clientTime || attempt === MAX_RETRIES) break;
        attempt++;
      }
      results.push(result);
      onResult?.(result);
    }
  } finally {
    await adapter.close();
  }
  return results;
}
