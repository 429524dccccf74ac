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

export function runRealDocker(dockerHost: string, line: string, timeoutMs = 60_000): Promise<Outcome> {
  const words = splitWords(line);
  if (words[0] !== 'docker') throw new Error(`not a docker command: ${line}`);
  return new Promise((resolve) => {
    const child = spawn('docker', words.slice(1), {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: configDir, DOCKER_CONFIG: join(configDir, '.docker'), DOCKER_HOST: dockerHost, TZ: 'UTC', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + (signal ? `[killed by ${signal}]\n` : ''), exitCode: code ?? 128 }));
  });
}
