/**
 * Running the real `docker` 28.2.2 client against an engine on 127.0.0.1: non-TTY, `TZ=UTC`, a
 * fresh config directory (no contexts, no credentials, no hints), stdout and stderr kept apart.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const configDir = mkdtempSync(join(tmpdir(), 'podbook-parity-'));

/** The real client's version, or undefined when it is not installed. */
export function realDockerVersion(): string | undefined {
  const r = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return /Docker version (\S+),/.exec(r.stdout)?.[1];
}

/** Splits a command line the way bash would for the simple lines the parity lists hold. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let any = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (ch === ' ' || ch === '\t') {
      if (any || word) words.push(word);
      word = '';
      any = false;
    } else word += ch;
  }
  if (any || word) words.push(word);
  return words;
}

export interface RealRunOptions {
  /** The client's standard input (none: it reads an empty, closed input). */
  stdin?: Buffer;
  /** More environment (e.g. DOCKER_BUILDKIT=0). */
  env?: Record<string, string>;
  /**
   * A real directory the client sees as its `/root` and works in (a private mount namespace):
   * the served lab's files for commands that read or write the client's own files.
   */
  home?: string;
  timeoutMs?: number;
  /** The client's configuration directory (credentials); one per scenario keeps them apart. */
  configDir?: string;
  /**
   * The configuration directory is seen at `/root/.docker`, as the lab client's is (a private
   * mount namespace, A12): `docker login` names the file it wrote.
   */
  rootConfig?: boolean;
}

/** A fresh, empty client configuration directory. */
export function freshConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'podbook-parity-'));
}

function clientEnv(dockerHost: string, options: RealRunOptions): Record<string, string> {
  const home = options.configDir ?? configDir;
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, DOCKER_CONFIG: join(home, '.docker'), DOCKER_HOST: dockerHost, TZ: 'UTC', LANG: 'C.UTF-8', ...options.env };
}

/**
 * Runs a shell line that uses the real client (`echo pw | docker login -u x --password-stdin`):
 * for the client's own state, such as credentials, that a scenario sets up without comparing.
 */
export function runRealShell(dockerHost: string, line: string, options: RealRunOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { env: clientEnv(dockerHost, options), stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code ?? 128 }));
  });
}

export function runRealDocker(dockerHost: string, line: string | string[], options: RealRunOptions = {}): Promise<Outcome & { bytes: Buffer }> {
  const words = typeof line === 'string' ? splitWords(line) : line;
  if (words[0] !== 'docker') throw new Error(`not a docker command: ${line}`);
  const rootConfig = options.rootConfig === true && options.home === undefined;
  const [program, args] = options.home
    ? ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /root && cd /root && exec docker "$@"', options.home, ...words.slice(1)]]
    : rootConfig
      ? ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /root && exec docker "$@"', options.configDir ?? configDir, ...words.slice(1)]]
      : ['docker', words.slice(1)];
  const env = rootConfig ? { ...clientEnv(dockerHost, options), HOME: '/root', DOCKER_CONFIG: '/root/.docker' } : clientEnv(dockerHost, options);
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      env,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    if (options.stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => {
      const bytes = Buffer.concat(out);
      resolve({ stdout: bytes.toString('utf8'), bytes, stderr: Buffer.concat(err).toString('utf8') + (signal ? `[killed by ${signal}]\n` : ''), exitCode: code ?? 128 });
    });
  });
}

/** A word as the shell reads it back: single-quoted unless it is plain. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A real client running in a terminal of its own, typed into one line at a time. */
export interface RealTerminal {
  /**
   * Resolves once `until()` holds (by default: the client has printed something) and the terminal
   * has then been quiet for a moment (its prompt is up), or the client has ended.
   */
  settle(until?: () => boolean): Promise<void>;
  /**
   * Types a line (with Enter) once the terminal has been quiet for a moment, and resolves when
   * `until()` holds (by default: the terminal has echoed it) and the terminal has been quiet
   * again after it (its output is in), or the client has ended.
   */
  type(line: string, until?: () => boolean): Promise<void>;
  /** Every byte the client wrote to its terminal, and its exit code, once it has ended. */
  done: Promise<Outcome & { bytes: Buffer }>;
  /** Ends a client that is still running (a session the lab closed and the client did not). */
  kill(): void;
}

/** How long a terminal must be quiet before a line is typed: a reader types no faster (A14). */
const QUIET_MS = 400;
/** How long a terminal is given to get where it is waited for (then it is typed into anyway). */
const SETTLE_LIMIT_MS = 30_000;

/**
 * Starts an interactive line (`docker run -it ...`, `docker exec -it ...`, `docker attach`) in a
 * terminal of its own (`script` gives the client a pty, as a reader's terminal would). Lines are
 * typed with `type`, each once the terminal has been quiet for a moment, so a session can stay
 * open while other commands run (a chapter's second terminal).
 */
export function openRealTerminal(dockerHost: string, words: string[], options: RealRunOptions = {}): RealTerminal {
  const command = words.map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...clientEnv(dockerHost, options), TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 300_000 });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const started = Date.now();
  let lastOutput = 0;
  let closed = false;
  /** Woken on every piece of output and when the client ends. */
  let wake: (() => void) | undefined;
  const nextEvent = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, Math.max(ms, 1));
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  /** `until()`, then QUIET_MS with no output since the later of `since` and the last output. */
  const settleSince = async (since: number, until: () => boolean): Promise<void> => {
    const limit = Date.now() + SETTLE_LIMIT_MS;
    for (;;) {
      if (closed) return;
      const now = Date.now();
      if (now >= limit) return;
      const quietFor = now - Math.max(since, lastOutput);
      if (!until()) await nextEvent(100);
      else if (quietFor >= QUIET_MS) return;
      else await nextEvent(QUIET_MS - quietFor);
    }
  };
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', (d: Buffer) => {
    out.push(d);
    lastOutput = Date.now();
    wake?.();
  });
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const done = new Promise<Outcome & { bytes: Buffer }>((resolve) => {
    child.on('close', (code, signal) => {
      closed = true;
      wake?.();
      child.stdin.destroy();
      const bytes = Buffer.concat(out);
      resolve({ stdout: bytes.toString('utf8'), bytes, stderr: Buffer.concat(err).toString('utf8') + (signal ? `[killed by ${signal}]\n` : ''), exitCode: code ?? 128 });
    });
  });
  // Lines are typed one after another even when the caller does not wait for each.
  let queue = Promise.resolve();
  const settle = (until?: () => boolean): Promise<void> => {
    queue = queue.then(() => settleSince(started, until ?? (() => lastOutput > 0)));
    return queue;
  };
  const type = (line: string, until?: () => boolean): Promise<void> => {
    queue = queue.then(async () => {
      await settleSince(started, () => lastOutput > 0);
      if (closed) return;
      const typedAt = Date.now();
      child.stdin.write(`${line}\r`);
      await settleSince(typedAt, until ?? (() => lastOutput >= typedAt));
    });
    return queue;
  };
  return { settle, type, done, kill: () => child.kill('SIGKILL') };
}

/**
 * Runs an interactive line in a terminal of its own and types `input` into it, one line at a
 * time, each once the terminal has been quiet for a moment (the prompt is up). Returns every byte
 * the client wrote to its terminal, and its exit code.
 */
export async function runRealInteractive(dockerHost: string, words: string[], input: string[], options: RealRunOptions = {}): Promise<Outcome & { bytes: Buffer }> {
  const terminal = openRealTerminal(dockerHost, words, options);
  for (const line of input) await terminal.type(line);
  return terminal.done;
}
