/**
 * Podbook's simulator in a terminal.
 *
 *   npm run sim -- --lab docker                     interactive shell (Ctrl+D leaves)
 *   npm run sim -- --lab docker --script FILE       run a file of command lines, print a transcript
 *   npm run --silent sim -- --script FILE --json    only [{host, command, output, exitCode}] on stdout
 *
 * A script has one command line per line; a heredoc or a trailing `\` continues the command on the
 * next lines; blank lines and lines starting with `#` are skipped. `--script -` reads standard input.
 * These flags are a stable interface: outside checks rely on them.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createLab, labNames, type Lab } from '../simulator/index.ts';
import { isCompleteCommand } from '../src/markdown/cells.ts';
import { useRemoteDocker } from '../src/node/remote-docker.ts';
import { createSyncHttp, parseDockerHost } from '../src/node/sync-http.ts';

export const USAGE = `usage: npm run sim -- [--lab NAME] [--seed N] [--host NAME] [--script FILE|-] [--json]

  --lab NAME      lab to start (${labNames().join(', ')}; default docker)
  --seed N        seed of the lab's random choices, 0 to 4294967295 (default 1)
  --host NAME     host to type on (default: the lab's first host)
  --script FILE   run the command lines in FILE (- for standard input) and print a transcript
  --json          with --script: print only [{host, command, output, exitCode}] as JSON
  --docker-host URL  run Podbook's docker client against the engine at URL (tcp://127.0.0.1:2375)
  --help          show this help`;

export interface SimIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a whole file, or standard input for `-`. */
  readScript: (file: string) => string;
}

export interface Step {
  host: string;
  command: string;
  output: string;
  exitCode: number;
}

interface Options {
  lab: string;
  seed: number;
  host?: string;
  script?: string;
  json: boolean;
  dockerHost?: string;
}

class UsageError extends Error {}

function parse(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        lab: { type: 'string', default: 'docker' },
        seed: { type: 'string', default: '1' },
        host: { type: 'string' },
        script: { type: 'string' },
        json: { type: 'boolean', default: false },
        'docker-host': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return 'help';
  const lab = values.lab as string;
  if (!labNames().includes(lab)) throw new UsageError(`unknown lab '${lab}' (known: ${labNames().join(', ')})`);
  const seedText = values.seed as string;
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || seed > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to 4294967295 (got ${seedText})`);
  if (values.json && values.script === undefined) throw new UsageError('--json needs --script');
  const options: Options = { lab, seed, json: values.json as boolean };
  if (values.host !== undefined) options.host = values.host;
  if (values.script !== undefined) options.script = values.script;
  if (values['docker-host'] !== undefined) {
    try {
      parseDockerHost(values['docker-host']);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    options.dockerHost = values['docker-host'];
  }
  return options;
}

/** Command lines of a script: comments and blank lines dropped, heredocs and `\` lines joined. */
export function scriptCommands(text: string): string[] {
  const commands: string[] = [];
  let pending: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')) {
    if (pending.length === 0 && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    pending.push(line);
    if (isCompleteCommand(pending.join('\n'))) {
      commands.push(pending.join('\n'));
      pending = [];
    }
  }
  if (pending.length > 0) commands.push(pending.join('\n'));
  return commands;
}

/** What a terminal shows for one command: prompt, the command (continuation lines after `> `), output. */
export function transcript(prompt: string, step: Step): string {
  const [first, ...rest] = step.command.split('\n');
  return `${prompt}${first}\n${rest.map((l) => `> ${l}\n`).join('')}${step.output}`;
}

export function runScript(lab: Lab, text: string, host?: string, onStep?: (step: Step, prompt: string) => void): Step[] {
  const steps: Step[] = [];
  const runOptions = host === undefined ? {} : { host };
  for (const command of scriptCommands(text)) {
    const prompt = lab.prompt();
    const r = lab.run(command, runOptions);
    const step = { host: r.host, command, output: r.output, exitCode: r.exitCode };
    steps.push(step);
    onStep?.(step, prompt);
  }
  return steps;
}

function repl(lab: Lab, host: string | undefined): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true && process.stdout.isTTY === true, historySize: 1000 });
  const runOptions = host === undefined ? {} : { host };
  let pending: string[] = [];
  const prompt = (): void => {
    rl.setPrompt(pending.length === 0 ? lab.prompt() : '> ');
    rl.prompt();
  };
  rl.on('line', (line) => {
    pending.push(line);
    const command = pending.join('\n');
    if (!isCompleteCommand(command)) return prompt();
    pending = [];
    // `exit` in the login shell leaves, as it closes a terminal; in a nested shell the lab pops it.
    if (/^\s*(exit|logout)(\s+\d+)?\s*$/.test(command) && lab.session().frames.length <= 1) {
      rl.close();
      return;
    }
    process.stdout.write(lab.run(command, runOptions).output);
    prompt();
  });
  rl.on('SIGINT', () => {
    // As bash does: Ctrl+C abandons the line being typed.
    pending = [];
    process.stdout.write('^C\n');
    prompt();
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      if (process.stdout.isTTY) process.stdout.write('logout\n');
      resolve(0);
    });
    prompt();
  });
}

export async function main(argv: string[], io: SimIo): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(argv);
  } catch (e) {
    io.stderr(`sim: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const lab = createLab(options.lab, { seed: options.seed });
  if (options.host !== undefined && !lab.hosts().includes(options.host)) {
    io.stderr(`sim: lab ${options.lab} has no host '${options.host}' (hosts: ${lab.hosts().join(', ')})\n${USAGE}\n`);
    return 2;
  }
  // `docker` typed in this lab talks to that engine over real HTTP instead of the lab's own.
  if (options.dockerHost !== undefined) useRemoteDocker(lab, createSyncHttp(options.dockerHost));
  // The terminal session starts on the chosen host, so the first prompt is already that host's.
  lab.session('main', options.host);
  if (options.script === undefined) return repl(lab, options.host);
  let text: string;
  try {
    text = io.readScript(options.script);
  } catch (e) {
    io.stderr(`sim: cannot read ${options.script}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(runScript(lab, text, options.host), null, 2)}\n`);
  } else {
    runScript(lab, text, options.host, (step, prompt) => io.stdout(transcript(prompt, step)));
  }
  return 0;
}

if (import.meta.main) {
  const io: SimIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readScript: (file) => readFileSync(file === '-' ? 0 : file, 'utf8'),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
