/**
 * Serves a lab's API over real HTTP on 127.0.0.1, so a real client drives the simulated world,
 * and opens a REPL on the same lab in this terminal.
 *
 *   npm run serve -- --lab docker [--port 2375] [--seed 1] [--pace wall|instant] [--no-repl] [--verbose]
 *   export DOCKER_HOST=tcp://127.0.0.1:2375 && docker ps
 *
 * While served, the lab's clock follows the wall clock, so the client's "2 minutes ago" is right.
 */
import { parseArgs } from 'node:util';
import { createLab, LabError, labNames, THINK_TIME_MS } from '../simulator/index.ts';
import { startHttpAdapter, type RunningAdapter } from '../src/node/http-adapter.ts';
import { DOCKER_SOCKET, followWallClock, labTarget } from '../src/node/lab-target.ts';
import { startRepl } from '../src/node/repl.ts';

/** What each lab exposes, and how a client is pointed at it. */
const SERVED: Record<string, { address: string; defaultPort: number; hint: (port: number) => string[] }> = {
  docker: {
    address: DOCKER_SOCKET,
    defaultPort: 2375,
    hint: (port) => [`  export DOCKER_HOST=tcp://127.0.0.1:${port}`, '  docker version', '  docker run -d -p 8080:80 httpd'],
  },
};

const USAGE = 'usage: npm run serve -- --lab docker [--port N] [--seed N] [--pace wall|instant] [--listen ADDRESS] [--no-repl] [--verbose]';

function fail(message: string): never {
  process.stderr.write(`serve: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      lab: { type: 'string', default: 'docker' },
      port: { type: 'string' },
      seed: { type: 'string', default: '1' },
      pace: { type: 'string', default: 'wall' },
      listen: { type: 'string' },
      'no-repl': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!labNames().includes(args.lab)) fail(`unknown lab '${args.lab}' (known: ${labNames().join(', ')})`);
const served = SERVED[args.lab];
if (!served && !args.listen) fail(`the '${args.lab}' lab has no API to serve yet (served labs: ${Object.keys(SERVED).join(', ')}); name a socket with --listen`);
const port = args.port === undefined ? (served?.defaultPort ?? 2375) : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${args.port}`);
const seed = Number(args.seed);
if (args.pace !== 'wall' && args.pace !== 'instant') fail(`--pace must be wall or instant`);

let lab;
try {
  lab = createLab(args.lab, { seed });
} catch (error) {
  if (error instanceof LabError) fail(error.message);
  throw error;
}
// The served lab lives on the wall clock from the start.
followWallClock(lab);

const address = args.listen ?? served!.address;
const verbose = args.verbose;
let adapter: RunningAdapter;
try {
  adapter = await startHttpAdapter({
    port,
    pace: args.pace,
    target: labTarget(lab, { address }),
    log: verbose ? (line) => process.stderr.write(`${line}\n`) : (line) => (line.startsWith('podbook serve:') ? process.stderr.write(`${line}\n`) : undefined),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(`serve: cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use (pick another with --port)' : (error as Error).message}\n`);
  process.exit(1);
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await adapter.close();
  process.stdout.write('\nPodbook serve stopped.\n');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const hint = served ? served.hint(adapter.port) : [`  (HTTP on 127.0.0.1:${adapter.port})`];
process.stdout.write(
  [
    `Podbook is serving the '${args.lab}' lab (seed ${seed}) on 127.0.0.1:${adapter.port}: ${address} on ${lab.definition.defaultHost}.`,
    'Point your own client at it:',
    ...hint,
    args['no-repl'] ? 'Ctrl+C stops.' : 'This terminal is a shell in the same lab. Ctrl+C, Ctrl+D or `exit` stops.',
    '',
  ].join('\n'),
);

// A command typed in the lab adds its think time itself, so the lab is brought that much short of
// the wall clock first: virtual and wall time then agree when the command runs.
const beforeCommand = (): void => followWallClock(lab, Date.now() - THINK_TIME_MS);
if (!args['no-repl'] && process.stdin.isTTY) {
  startRepl(lab, { before: beforeCommand, onClose: () => void stop() });
} else if (!args['no-repl']) {
  // Piped input: run it as REPL lines, and keep serving after it ends.
  startRepl(lab, { before: beforeCommand });
}
