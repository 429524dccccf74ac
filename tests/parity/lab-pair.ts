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
import { cpSync, rmSync } from 'node:fs';
import { createLab, restoreLab, type Lab, type RunResult } from '../../simulator/index.ts';
import type { HttpRequest } from '../../simulator/kernel/http.ts';
import { startHttpAdapter, type RunningAdapter } from '../../src/node/http-adapter.ts';
import { labTarget } from '../../src/node/lab-target.ts';
import { createHash } from 'node:crypto';
import { sameOutcome } from './compare.ts';
import { screenText } from './terminal-screen.ts';
import { clientLine, dockerParts, expandSubstitutions, type ClientLine } from './command-line.ts';
import { contentBytes, mirrorLabDir, removeMirror, syncBack, usesLocalFiles } from './local-files.ts';
import { freshConfigDir, openRealTerminal, runRealDocker, runRealInteractive, runRealShell, splitWords, type Outcome, type RealTerminal } from './real-docker.ts';

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
/** How long before the lab's time a listing's client is started (it waits for the held reply). */
const LISTING_LEAD_MS = 5000;

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
function runInSim(lab: Lab, command: string, line: ClientLine, session: string): Outcome {
  const env = Object.entries(buildEnv(line)).map(([k, v]) => `${k}=${v} `).join('');
  const r = lab.run(line.stdoutFile !== undefined ? `${env}${command} 2>${ERR}` : `${env}${command} >${OUT} 2>${ERR}`, { session });
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
 * A step of a scenario: a command compared with the real client (typed in a terminal session of
 * its own when `session` is given: a chapter's second terminal), something done to both labs
 * alike, an interactive line (`docker run -it ... sh`) with the lines typed into its terminal,
 * compared as the whole terminal transcript and the exit code, or an exercise: its steps compared
 * on copies of both labs as they are at that point, which the scenario then leaves behind.
 */
export type ScenarioStep =
  | { compare: string; session?: string }
  | { both: string; apply: (lab: Lab) => void }
  | { interactive: string; input: string[] }
  | { exercise: string; steps: ScenarioStep[] };

/** Text as a terminal shows it: every newline a CR LF. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
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

/** A terminal session the real client holds open while the scenario goes on (A14). */
interface OpenTerminal {
  line: string;
  input: string[];
  /** The lab's session as a terminal shows it, so far. */
  transcript: string;
  exitCode: number;
  real: RealTerminal;
}

/** The served lab's sessions that belong to a real client's terminal (lab-target.ts). */
function clientSessions(lab: Lab): string[] {
  const sessions = (lab.world.state.ext['sessions'] as { sessions?: Record<string, unknown> } | undefined)?.sessions ?? {};
  return Object.keys(sessions).filter((id) => id.startsWith('http-exec-'));
}

/** How long a real client that the lab's session has left may take to end. */
const CLOSE_MS = 15_000;
const TRACE_START = Date.now();

/**
 * The parts of two labs that must be equal when they are twins: the engine's state (containers,
 * images, networks, volumes, logs, events), where the random stream is, and the next pid of each
 * host (the served lab's stand-ins take the pids of the lab's clients). The clients' own
 * processes, sessions and files differ by design (the real client runs outside the served lab).
 */
export function twinState(lab: Lab): Record<string, unknown> {
  const ext = lab.world.state.ext;
  const engine = Object.fromEntries(Object.keys(ext).filter((k) => k.startsWith('docker/')).sort().map((k) => [k, sameMomentInOrder(ext[k])]));
  const pids = Object.fromEntries(Object.entries(lab.world.state.hosts).map(([name, host]) => [name, host.procs.nextPid]));
  return { now: lab.now, rng: lab.world.state.rng, pids, engine };
}

/**
 * The engine's event log with the events of one moment in a fixed order. The real client sends
 * the requests of `docker stop a b` at once, each on its own connection, so which one the served
 * engine takes first (and logs first, at the same virtual time) is the machine's scheduling;
 * the lab's client sends them in argument order.
 */
function sameMomentInOrder(engine: unknown): unknown {
  const events = (engine as { events?: { at: number }[] } | undefined)?.events;
  if (!Array.isArray(events)) return engine;
  const keyed = events.map((e) => ({ e, key: JSON.stringify(e) }));
  keyed.sort((a, b) => a.e.at - b.e.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...(engine as object), events: keyed.map((k) => k.e) };
}

/** The first place where two plain-data values differ, as a path (`engine.docker/localhost.containers.…`). */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(top)'}: ${JSON.stringify(a)?.slice(0, 80)} / ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Two twin labs (one for the in-sim client, one served over HTTP to the real client), stepped
 * together. Each compared command leaves one result.
 */
export class LabPair {
  readonly sim: Lab;
  readonly served: Lab;
  readonly results: CommandResult[] = [];
  /** The step after which the labs stopped being twins (a harness or engine fault). */
  diverged?: string;
  /** A difference found after the last step, not yet confirmed by the next. */
  private unsettled?: string;
  private readonly configDir: string;
  private readonly prefix: string;
  private readonly onResult: ((r: CommandResult) => void) | undefined;
  private adapter?: RunningAdapter;
  private dockerHost = '';
  private agesListing = false;
  private readonly terminals = new Map<string, OpenTerminal>();

  /** Lines the served lab has run (a stand-in, a line a real client typed into a session). */
  private servedRuns = 0;

  private constructor(sim: Lab, served: Lab, configDir: string, prefix: string, onResult?: (r: CommandResult) => void) {
    this.sim = sim;
    this.served = served;
    // Counted so that a line typed into the real client's terminal is known to have run.
    const run = served.run.bind(served);
    served.run = (line, options) => {
      this.servedRuns++;
      return run(line, options);
    };
    this.configDir = configDir;
    this.prefix = prefix;
    this.onResult = onResult;
  }

  /**
   * Serves `served` to the real client. `prefix` goes before each result's command (an exercise's
   * id), and `configDir` is the real client's configuration (credentials), as the lab's is.
   */
  static async open(sim: Lab, served: Lab, configDir: string, prefix = '', onResult?: (r: CommandResult) => void): Promise<LabPair> {
    const pair = new LabPair(sim, served, configDir, prefix, onResult);
    // Listings are held until the wall clock is just past the lab's time (A1): the client ages them
    // by its own clock the moment they arrive. Only for a command that prints such ages: others
    // (`docker stats` lists containers too) need no wait, and the lab may be far ahead of the wall clock.
    const holdUntil = (req: HttpRequest): number | undefined => (pair.agesListing && /\/(containers|images)\/json$|\/history$/.test(req.path) ? served.now + CLIENT_AIM_MS : undefined);
    pair.adapter = await startHttpAdapter({ port: 0, pace: 'instant', target: labTarget(served, { clock: 'manual' }), holdUntil });
    pair.dockerHost = `tcp://127.0.0.1:${pair.adapter.port}`;
    return pair;
  }

  /** Ends what is still open (a session the chapter never left is compared as it stands). */
  async close(): Promise<void> {
    for (const session of [...this.terminals.keys()]) await this.closeTerminal(session, true);
    await this.adapter?.close();
    if (this.diverged === undefined && this.unsettled !== undefined) this.diverged = this.unsettled;
  }

  private record(result: CommandResult): void {
    const named = { ...result, command: `${this.prefix}${result.command}` };
    this.results.push(named);
    this.onResult?.(named);
  }

  /** After a step: the one behind catches up, and the labs must still be twins. */
  private settle(what: string): void {
    catchUp(this.sim, this.served);
    if (process.env['PARITY_TRACE']) process.stderr.write(`[trace] ${this.prefix}${what.slice(0, 60)} wall ${Date.now() - TRACE_START} ms, lab ahead ${this.sim.now - Date.now()} ms\n`);
    if (this.diverged !== undefined) return;
    const difference = firstDifference(twinState(this.sim), twinState(this.served));
    const found = difference === undefined ? undefined : `${this.prefix}${what} (${difference})`;
    // A difference must outlast the next step: the in-sim client's `run -it --rm` leaves its
    // container to the daemon's timer a millisecond after the exit, where the real client's wait
    // for the removal has it removed at once; the next step's pause evens that out.
    if (found !== undefined && this.unsettled !== undefined) this.diverged = this.unsettled;
    this.unsettled = found;
  }

  async step(step: ScenarioStep): Promise<void> {
    if ('exercise' in step) return this.exercise(step.exercise, step.steps);
    if ('interactive' in step) {
      await this.openTerminal('main', step.interactive, this.sim.run(step.interactive));
      for (const line of step.input) if (this.terminals.has('main')) await this.typeInto('main', line);
      if (this.terminals.has('main')) await this.closeTerminal('main', true);
      return;
    }
    if ('both' in step) {
      step.apply(this.sim);
      step.apply(this.served);
      this.settle(step.both);
      return;
    }
    const session = step.session ?? 'main';
    const line = step.compare;
    // A session the real client holds open: the line is typed into it on both sides.
    if (this.terminals.has(session)) return this.typeInto(session, line);
    const inShell = this.sim.session(session).frames.length > 1;
    // A line that opens a terminal (A14): when the lab opens a session, the real client runs the
    // line in a terminal of its own, typed into as the lab's session is, and the two are compared
    // when it ends; when the lab opens none (the container failed, or ran and ended), the real
    // client's terminal is compared at once.
    if (!inShell && opensTerminal(line)) {
      const first = this.sim.run(line, { session });
      if (this.sim.session(session).frames.length > 1) return this.openTerminal(session, line, first);
      return this.compareTerminal(line, [], { stdout: crlf(first.output), stderr: '', exitCode: first.exitCode }, session);
    }
    // Inside a shell the real client does not hold (a nested bash, a session the real client
    // could not open), and lines the real client cannot run: both labs alike.
    if (inShell || !comparable(line)) {
      // The docker commands inside it (`docker inspect X | grep`, `$(docker inspect ...)`, `time
      // docker stop X`) are compared on their own, on copies of both labs as they are now.
      const parts = inShell ? [] : dockerParts(line);
      if (parts.length > 0) await this.onCopies(`in [${line}]: `, parts.map((compare) => ({ compare, session })));
      this.sim.run(line, { session });
      this.served.run(line, { session });
      // Logging in or out is the client's own state: the real client does it too, so that its
      // later pushes and pulls carry the same credentials as the lab's client (A8).
      if (!inShell && /(^|[|;&]\s*)docker\s+(login|logout)\b/.test(line)) await runRealShell(this.dockerHost, line, { configDir: this.configDir });
      this.settle(line);
      return;
    }
    await this.compare(line, session);
  }

  /** An exercise: its steps on copies of both labs (and of the client's configuration), then dropped. */
  private async exercise(id: string, steps: ScenarioStep[]): Promise<void> {
    await this.onCopies(`exercise ${id}: `, steps);
  }

  /** Steps on copies of both labs (and of the client's configuration), which are then dropped. */
  private async onCopies(prefix: string, steps: ScenarioStep[]): Promise<void> {
    const configDir = freshConfigDir();
    cpSync(this.configDir, configDir, { recursive: true });
    const copy = await LabPair.open(restoreLab(this.sim.snapshot()), restoreLab(this.served.snapshot()), configDir, `${this.prefix}${prefix}`, this.onResult);
    try {
      for (const step of steps) await copy.step(step);
    } finally {
      await copy.close();
      rmSync(configDir, { recursive: true, force: true });
    }
    this.results.push(...copy.results);
    if (this.diverged === undefined && copy.diverged !== undefined) this.diverged = copy.diverged;
    // The wall clock went on meanwhile; the labs pick up where they were.
  }

  /**
   * The lab has opened a session for `line`: the real client runs it in a terminal of its own,
   * and the scenario goes on once the client's prompt is up (so the served lab is where the lab is).
   */
  private async openTerminal(session: string, line: string, first: RunResult): Promise<void> {
    this.served.run('/usr/bin/true', { session });
    const before = new Set(clientSessions(this.served));
    const real = openRealTerminal(this.dockerHost, splitWords(line), { configDir: this.configDir });
    // Until the served engine has handed the client its shell (a pull may come first) and the
    // prompt is up: the scenario goes on from the same point on both sides.
    // A line the lab opened no session for (an `interactive` step whose container ends by
    // itself): the real client is waited for until it ends.
    const opened = this.sim.session(session).frames.length > 1;
    await real.settle(() => opened && clientSessions(this.served).some((id) => !before.has(id)));
    this.terminals.set(session, { line, input: [], transcript: crlf(first.output), exitCode: first.exitCode, real });
    if (this.sim.session(session).frames.length === 1) return this.closeTerminal(session);
    this.settle(line);
  }

  /** A line typed into an open session: the prompt, the line as echoed, Enter, its output. */
  private async typeInto(session: string, line: string): Promise<void> {
    const open = this.terminals.get(session) as OpenTerminal;
    open.transcript += `${this.sim.prompt(session)}${line}\r\n`;
    const r = this.sim.run(line, { session });
    open.transcript += crlf(r.output);
    open.exitCode = r.exitCode;
    open.input.push(line);
    const runs = this.servedRuns;
    await open.real.type(line, () => this.servedRuns > runs);
    if (this.sim.session(session).frames.length === 1) return this.closeTerminal(session);
    this.settle(line);
  }

  /** The lab's session has ended (or the scenario has): the real client's terminal is compared. */
  private async closeTerminal(session: string, force = false): Promise<void> {
    const open = this.terminals.get(session) as OpenTerminal;
    this.terminals.delete(session);
    const timer = setTimeout(() => open.real.kill(), force && this.sim.session(session).frames.length > 1 ? 0 : CLOSE_MS);
    const real = await open.real.done;
    clearTimeout(timer);
    const command = open.input.length > 0 ? `${open.line} ⏎ ${open.input.join(' ⏎ ')}` : open.line;
    this.settle(command);
    this.judge(command, { stdout: open.transcript, stderr: '', exitCode: open.exitCode }, { stdout: real.stdout, stderr: real.stderr, exitCode: real.exitCode });
  }

  /** A terminal line the lab ran without opening a session, in the real client's own terminal. */
  private async compareTerminal(line: string, input: string[], simOutcome: Outcome, session: string): Promise<void> {
    this.served.run('/usr/bin/true', { session });
    const real = await runRealInteractive(this.dockerHost, splitWords(line), input, { configDir: this.configDir });
    this.settle(line);
    this.judge(line, simOutcome, { stdout: real.stdout, stderr: real.stderr, exitCode: real.exitCode });
  }

  /** Terminal transcripts are compared as the screens they leave (A14, terminal-screen.ts). */
  private judge(command: string, sim: Outcome, real: Outcome): void {
    const same = sameOutcome(command, { ...sim, stdout: screenText(sim.stdout) }, { ...real, stdout: screenText(real.stdout) });
    this.record({ command, sim, real, verdict: same ? 'same' : 'differs' });
  }

  /** A plain docker line, run once by each client (A1 to A13). */
  private async compare(command: string, session: string): Promise<void> {
    const { sim, served } = this;
    const clientTime = printsClientTime(command);
    const relativeTime = usesClientRelativeTime(command);
    this.agesListing = clientTime;
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
      const simOutcome = runInSim(sim, command, line, session);
      // In the sim the client is a process of the lab host (it takes a pid); the real client
      // runs outside the served lab, so a stand-in command takes that pid and the think time.
      // A command substitution is a subshell running a second client: the stand-in has one too.
      // A command feeding the client through a pipe (`cat FILE |`) is a process too: it runs again.
      served.run(`${line.feeder !== undefined ? `${line.feeder} | ` : ''}/usr/bin/true${' $(/usr/bin/true)'.repeat(line.substitutions?.length ?? 0)}`, { session });
      // The client's own files: the served lab's /root, and what the client writes goes back (A6).
      const home = usesLocalFiles(line.words.join(' ')) ? mirrorLabDir(served, '/root') : undefined;
      const stdin = line.stdinFile !== undefined ? contentBytes(served.readFile(line.stdinFile) ?? '') : line.stdinText !== undefined ? Buffer.from(line.stdinText) : undefined;
      // The client counts `--since 2.5s` back from its clock: it starts when the wall clock is at
      // the lab's time (A11). A listing's reply is held until then (A1); the client starts a few
      // seconds before, so a long hold is not cut short by its timeout.
      if (relativeTime) await wallReaches(served.now);
      else if (clientTime) await wallReaches(served.now - LISTING_LEAD_MS);
      const inner: string[] = [];
      for (const words of line.substitutions ?? []) inner.push((await runRealDocker(this.dockerHost, words, { configDir: this.configDir })).stdout);
      // Commands that name the client's configuration directory see it at /root/.docker (A12).
      const rootConfig = /^docker (login|logout)\b|^docker( --help| -h| help)?$/.test(line.words.join(' '));
      const real = await runRealDocker(this.dockerHost, expandSubstitutions(line.words, inner), { env: buildEnv(line), configDir: this.configDir, rootConfig, ...(home ? { home } : {}), ...(stdin ? { stdin } : {}) });
      if (home) {
        syncBack(served, home, '/root');
        removeMirror(home);
      }
      // Output into a file lands in the served lab's file, as the shell would put it there.
      if (line.stdoutFile !== undefined) served.writeFile(line.stdoutFile, real.bytes.toString('latin1'));
      const realOutcome: Outcome = { stdout: line.stdoutFile !== undefined ? fileSummary(real.bytes, line.stdoutFile) : real.stdout, stderr: real.stderr, exitCode: real.exitCode };
      this.settle(command);
      const same = sameOutcome(command, simOutcome, realOutcome);
      const notSimulated = /^podbook: .* is not simulated/m.test(simOutcome.stderr) || /podbook: /.test(realOutcome.stderr);
      result = { command, sim: simOutcome, real: realOutcome, verdict: same ? 'same' : notSimulated ? 'not simulated' : 'differs', retries: attempt };
      // A listing, and logs or events counted back from the client's clock, are read-only, so a
      // run whose client read its clock late (a loaded machine) is repeated on both labs alike
      // (A3 in ALLOWANCES.md).
      if (same || !(clientTime || relativeTime) || attempt === MAX_RETRIES) break;
      attempt++;
    }
    this.record(result);
  }
}

export interface ScenarioRun {
  results: CommandResult[];
  /** Wall time the scenario took, ms. */
  wallMs: number;
  /** The step after which the two labs stopped being twins, if they did. */
  diverged?: string;
}

export async function runScenario(scenario: Scenario, onResult?: (r: CommandResult) => void): Promise<ScenarioRun> {
  const began = Date.now();
  const sim = createLab(scenario.lab, { seed: scenario.seed });
  const served = createLab(scenario.lab, { seed: scenario.seed });
  // Both start on the wall clock, at a whole second so a client's rounding meets the lab's.
  const start = Math.ceil(Date.now() / 1000) * 1000;
  sim.advance(start - sim.now);
  served.advance(start - served.now);
  // The real client's own state (credentials) belongs to this scenario, as the lab's does.
  const configDir = freshConfigDir();
  const pair = await LabPair.open(sim, served, configDir, '', onResult);
  try {
    for (const line of scenario.setup ?? []) await pair.step({ both: line, apply: (lab) => void lab.run(line) });
    for (const step of stepsOf(scenario)) await pair.step(step);
  } finally {
    await pair.close();
    rmSync(configDir, { recursive: true, force: true });
  }
  return { results: pair.results, wallMs: Date.now() - began, ...(pair.diverged !== undefined ? { diverged: pair.diverged } : {}) };
}
