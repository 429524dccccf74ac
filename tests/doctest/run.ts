/**
 * Doc tests: every chapter's cells, in order, natively and through the QuickJS sandbox; each
 * command's output must equal the chapter's expected output.
 *
 *   npm run doctest                      all chapters under content/, both modes
 *   npm run doctest -- --update          write actual outputs into the chapters (the only bless path)
 *   npm run doctest -- --only FILE       one chapter (refused when CI is set)
 *   npm run doctest -- --mode native     one mode (native | quickjs | both)
 *   npm run doctest -- --root DIR        chapters under another folder (fixtures)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleSimulator, type SandboxBundle } from '../../scripts/build-sandbox.ts';
import { findChapters, readChapter, type Chapter } from './chapters.ts';
import { unifiedDiff } from './diff.ts';
import { MODES, type Mode } from './labs.ts';
import { runChapter, type ExerciseResult, type StepResult } from './runner.ts';
import { updateChapter } from './update.ts';

const USAGE = `usage: npm run doctest -- [--update] [--only FILE] [--mode native|quickjs|both] [--root DIR]`;

export interface DoctestOptions {
  root: string;
  only?: string;
  update: boolean;
  modes: readonly Mode[];
  ci: boolean;
  log: (line: string) => void;
}

export interface DoctestSummary {
  passed: number;
  failed: number;
  updatedBlocks: number;
}

function indent(text: string, by = '    '): string {
  return text.split('\n').map((l) => by + l).join('\n');
}

function report(chapter: Chapter, r: StepResult): string {
  const where = `${chapter.name}: block ${r.cell.fence.index} (line ${r.cell.fence.bodyStart})${r.cell.kind === 'console' ? `, step ${r.step + 1}` : ''} [${r.mode}]`;
  const head = `FAIL ${where}\n  $ ${r.command.split('\n').join('\n    ')}`;
  if (r.error !== undefined) return `${head}\n  error: ${r.error}`;
  if (r.prompt !== undefined) return `${head}\n  the prompt before this command is \`${r.prompt}\`, not the one written`;
  return `${head}\n${indent(unifiedDiff(r.expected, r.actual ?? ''), '  ')}`;
}

export async function doctest(options: DoctestOptions): Promise<DoctestSummary> {
  const { log } = options;
  let files = findChapters(options.root);
  if (options.only !== undefined) {
    const only = resolve(options.only);
    files = files.filter((f) => resolve(f) === only);
    if (files.length === 0) throw new UsageError(`doctest: no chapter ${options.only} under ${options.root}`);
  }
  let bundle: Promise<SandboxBundle> | null = null;
  const getBundle = (): Promise<SandboxBundle> => (bundle ??= bundleSimulator());
  const summary: DoctestSummary = { passed: 0, failed: 0, updatedBlocks: 0 };
  for (const file of files) {
    const chapter = readChapter(file);
    const hasConsole = chapter.cells.some((c) => c.kind === 'console') || chapter.exercises.length > 0;
    if (!chapter.lab) {
      if (hasConsole) {
        summary.failed++;
        log(`FAIL ${chapter.name}: it has console blocks but no lab; add \`lab: docker\` (or another lab) to its frontmatter`);
      }
      continue;
    }
    const byMode = new Map<Mode, StepResult[]>();
    const exercises: ExerciseResult[] = [];
    for (const mode of options.modes) {
      let results: StepResult[];
      try {
        results = await runChapter(chapter, mode, getBundle, exercises);
      } catch (e) {
        summary.failed++;
        log(`FAIL ${chapter.name} [${mode}]: the lab could not start: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      byMode.set(mode, results);
    }
    for (const e of exercises) {
      if (e.problem === undefined) summary.passed++;
      else {
        summary.failed++;
        log(`FAIL ${chapter.name}: exercise ${e.exercise.id} (line ${e.exercise.line + 1}) [${e.mode}]\n  ${e.problem}`);
      }
    }
    // --update writes native outputs (QuickJS must agree with them, which is checked below).
    const source = byMode.get('native') ?? byMode.get('quickjs') ?? [];
    if (options.update) {
      const { text, blocks } = updateChapter(chapter, source);
      if (blocks > 0) {
        writeFileSync(file, text);
        summary.updatedBlocks += blocks;
        log(`updated ${chapter.name}: ${blocks} block${blocks === 1 ? '' : 's'}`);
      }
    }
    for (const [mode, results] of byMode) {
      for (const r of results) {
        const updated = options.update && !r.ok && r.actual !== undefined && r.error === undefined;
        const native = mode === 'quickjs' ? byMode.get('native')?.find((n) => n.cell === r.cell && n.step === r.step) : undefined;
        const agrees = !native || native.actual === r.actual;
        if (r.ok || (updated && agrees)) {
          summary.passed++;
        } else {
          summary.failed++;
          log(updated ? `${report(chapter, { ...r, expected: native?.actual ?? '' })}\n  (QuickJS and native outputs differ: the simulator is not deterministic here)` : report(chapter, r));
        }
      }
    }
  }
  return summary;
}

export class UsageError extends Error {}

function parse(argv: string[]): DoctestOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      update: { type: 'boolean', default: false },
      only: { type: 'string' },
      mode: { type: 'string', default: 'both' },
      root: { type: 'string', default: 'content' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const mode = values.mode as string;
  if (mode !== 'both' && !MODES.includes(mode as Mode)) throw new UsageError(`doctest: --mode must be native, quickjs or both (got ${mode})`);
  const ci = Boolean(process.env['CI']);
  if (values.only !== undefined && ci) throw new UsageError('doctest: --only is refused when CI is set: CI runs every chapter');
  const options: DoctestOptions = {
    root: values.root as string,
    update: values.update as boolean,
    modes: mode === 'both' ? MODES : [mode as Mode],
    ci,
    log: (line) => console.log(line),
  };
  if (values.only !== undefined) options.only = values.only;
  return options;
}

async function main(): Promise<number> {
  let options: DoctestOptions;
  try {
    options = parse(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    return 2;
  }
  const started = performance.now();
  const summary = await doctest(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const updated = options.update ? `; ${summary.updatedBlocks} block${summary.updatedBlocks === 1 ? '' : 's'} updated` : '';
  console.log(`doctest: ${options.modes.join(' + ')}, ${seconds} s${updated}`);
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed > 0 ? 1 : 0;
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof UsageError ? e.message : e);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
