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

/**
 * Runs an interactive line (`docker run -it ...`, `docker exec -it ...`) in a terminal of its own
 * (`script` gives the client a pty, as a reader's terminal would) and types `input` into it, one
 * line at a time, each once the terminal has been quiet for a moment (the prompt is up). Returns
 * every byte the client wrote to its terminal, and its exit code.
 */
export function runRealInteractive(dockerHost: string, words: string[], input: string[], options: RealRunOptions = {}): Promise<Outcome & { bytes: Buffer }> {
  const command = words.map(shellQuote).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...clientEnv(dockerHost, options), TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const pending = [...input];
    let quietTimer: NodeJS.Timeout | undefined;
    const typeNext = (): void => {
      const line = pending.shift();
      if (line !== undefined) child.stdin.write(`${line}\r`);
    };
    const onOutput = (): void => {
      if (quietTimer) clearTimeout(quietTimer);
      quietTimer = setTimeout(typeNext, 400);
    };
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      onOutput();
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => {
      if (quietTimer) clearTimeout(quietTimer);
      child.stdin.destroy();
      const bytes = Buffer.concat(out);
      resolve({ stdout: bytes.toString('utf8'), bytes, stderr: Buffer.concat(err).toString('utf8') + (signal ? `[killed by ${signal}]\n` : ''), exitCode: code ?? 128 });
    });
  });
}
