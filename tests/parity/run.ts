/**
 * The parity tests: Podbook's docker against the real docker 28.2.2 client, byte for byte
 * (stdout, stderr, exit code).
 *
 *   node tests/parity/run.ts [--only engine|client] [--update] [--verbose]
 *
 * Engine scenarios are the lists in commands.ts plus every chapter (chapters.ts): the report gives
 * the parity rate per chapter.
 * Every command is reported (same / differs / not simulated) with the parity rate. The run fails
 * when a command listed in baseline.json stops matching; `--update` records the commands that
 * match now. `--verbose` shows each difference, and the output of each command that matches for
 * the first time (marked `(new)`), to read before recording it. When the real client is not installed the run says so and passes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runClientParity } from './client-fixture.ts';
import { chapterScenarios } from './chapters.ts';
import { CLIENT_COMMANDS, ENGINE_SCENARIOS } from './commands.ts';
import { runScenario, type CommandResult } from './lab-pair.ts';
import { realDockerVersion } from './real-docker.ts';

const BASELINE = join(dirname(fileURLToPath(import.meta.url)), 'baseline.json');

interface Baseline {
  engine: Record<string, string[]>;
  client: string[];
}

function readBaseline(): Baseline {
  try {
    return JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  } catch {
    return { engine: {}, client: [] };
  }
}

function show(text: string): string {
  return text === '' ? '    (empty)\n' : text.replace(/\n$/, '').split('\n').map((l) => `    |${l}\n`).join('');
}

function describe(r: CommandResult): string {
  const parts: string[] = [];
  for (const key of ['stdout', 'stderr'] as const) {
    if (r.sim[key] !== r.real[key]) parts.push(`  ${key}, podbook:\n${show(r.sim[key])}  ${key}, docker 28.2.2:\n${show(r.real[key])}`);
  }
  if (r.sim.exitCode !== r.real.exitCode) parts.push(`  exit code: podbook ${r.sim.exitCode}, docker ${r.real.exitCode}\n`);
  return parts.join('');
}

const MARK = { same: 'ok  ', differs: 'DIFF', 'not simulated': 'n/s ' } as const;

function report(title: string, results: CommandResult[], pinned: Set<string>, verbose: boolean): string[] {
  const same = results.filter((r) => r.verdict === 'same').length;
  const rate = results.length === 0 ? 0 : (100 * same) / results.length;
  process.stdout.write(`\n${title}: ${same}/${results.length} identical (${rate.toFixed(1)}%), ${results.filter((r) => r.verdict === 'not simulated').length} not simulated yet\n`);
  const regressions: string[] = [];
  for (const r of results) {
    const regressed = r.verdict !== 'same' && pinned.has(r.command);
    if (regressed) regressions.push(`${title}: ${r.command}`);
    const retried = r.retries ? `   (run ${r.retries + 1} times, A3)` : '';
    const fresh = r.verdict === 'same' && !pinned.has(r.command);
    process.stdout.write(`  ${MARK[r.verdict]} ${r.command}${retried}${regressed ? '   <- matched before' : ''}${fresh ? '   (new)' : ''}\n`);
    if (r.verdict === 'differs' && verbose || regressed) process.stdout.write(describe(r));
    // A command matching for the first time: its output, to read before recording it with --update.
    if (fresh && verbose) process.stdout.write(`${show(r.real.stdout)}${r.real.stderr ? `  stderr:\n${show(r.real.stderr)}` : ''}  exit code ${r.real.exitCode}\n`);
  }
  return regressions;
}

const { values } = parseArgs({ options: { only: { type: 'string' }, update: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
const version = realDockerVersion();
if (!version) {
  process.stdout.write('parity: the real docker client is not installed here; nothing to compare against (skipped)\n');
  process.exit(0);
}
if (version !== '28.2.2') process.stdout.write(`parity: note: the real client is ${version}, the facts are for 28.2.2\n`);

const baseline = readBaseline();
const next: Baseline = { engine: { ...baseline.engine }, client: baseline.client };
const regressions: string[] = [];
let total = 0;
let identical = 0;

if (values.only !== 'client') {
  const scenarios = [...ENGINE_SCENARIOS, ...chapterScenarios()];
  const all = await Promise.all(scenarios.map((s) => runScenario(s)));
  scenarios.forEach((scenario, i) => {
    const results = all[i] as CommandResult[];
    regressions.push(...report(`engine/${scenario.name}`, results, new Set(baseline.engine[scenario.name] ?? []), values.verbose));
    next.engine[scenario.name] = results.filter((r) => r.verdict === 'same').map((r) => r.command);
    total += results.length;
    identical += results.filter((r) => r.verdict === 'same').length;
  });
}
if (values.only !== 'engine') {
  const results = await runClientParity(CLIENT_COMMANDS);
  regressions.push(...report('client (fixture engine)', results, new Set(baseline.client), values.verbose));
  next.client = results.filter((r) => r.verdict === 'same').map((r) => r.command);
  total += results.length;
  identical += results.filter((r) => r.verdict === 'same').length;
}

process.stdout.write(`\nparity: ${identical}/${total} commands identical (${total ? ((100 * identical) / total).toFixed(1) : '0'}%)\n`);
if (values.update) {
  writeFileSync(BASELINE, `${JSON.stringify(next, null, 2)}\n`);
  process.stdout.write(`parity: recorded ${identical} matching commands in ${BASELINE}\n`);
} else if (regressions.length > 0) {
  process.stdout.write(`\nparity: ${regressions.length} command(s) that matched before no longer match:\n${regressions.map((r) => `  ${r}\n`).join('')}`);
  process.exit(1);
}
