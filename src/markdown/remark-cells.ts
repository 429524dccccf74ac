/**
 * Turns a chapter's fenced blocks into the cells of its notebook.
 *
 * - ```console blocks become runnable cells: each step shows its prompt and command (highlighted
 *   at build time) and the expected output as text, so the page reads fully without JavaScript; the
 *   page runtime (src/scripts/notebook.ts) adds the actual output after a run.
 * - Any other fenced block with `title="path"` becomes a file cell: Expressive Code still draws the
 *   code; the wrapper carries the path and text that the runtime writes on the lab host.
 *
 * Mistakes an author can make (text before the first prompt, unknown meta) fail the build with the
 * file, line and the fix.
 */
import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Element, ElementContent } from 'hast';
import { createHighlighter, type HighlighterGeneric } from 'shiki';
import { exercisePart, leadingText, parseConsole, parseProbes, type ConsoleStep, type ExercisePart } from './cells.ts';
import { consoleMetaSchema, fileMetaSchema, parseMeta } from '../schemas/cell-meta.ts';
import { fill, localeOfPath, uiStrings, type UiStrings } from '../i18n/index.ts';

/** The part of a VFile the plugin uses. */
interface FileLike {
  path?: string;
  fail(reason: string, place?: unknown): never;
}

type Highlighter = HighlighterGeneric<string, string>;

// github-light's keyword red is under 4.5:1 on a light cell; its -default variant is not.
const THEMES = { light: 'github-light-default', dark: 'github-dark' } as const;
let highlighter: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: Object.values(THEMES), langs: ['bash'] }) as Promise<Highlighter>;
  return highlighter;
}

function el(tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/** A command line as highlighted spans (bash grammar; heredoc bodies read as plain text). */
function highlightCommand(h: Highlighter, command: string): ElementContent[] {
  const { tokens } = h.codeToTokens(command, { lang: 'bash', themes: THEMES, defaultColor: false });
  const out: ElementContent[] = [];
  tokens.forEach((line, i) => {
    if (i > 0) out.push(text('\n'));
    for (const token of line) {
      const style = token.htmlStyle ? Object.entries(token.htmlStyle).map(([k, v]) => `${k}:${v}`).join(';') : '';
      out.push(style && token.content.trim() !== '' ? el('span', { style }, [text(token.content)]) : text(token.content));
    }
  });
  return out;
}

const ENGLISH = uiStrings('en');

/**
 * A cell's button. Its accessible name always contains the English word (`Run`), which browser
 * tests and outside checks look for on every locale's pages; other locales show their own word
 * first, so the visible text stays part of the name.
 */
function runButton(label: string, kind: 'run' | 'write'): Element {
  const english = ENGLISH[kind === 'run' ? 'cell.run' : 'cell.write'];
  const ariaLabel = label === english ? undefined : `${label} (${english})`;
  return el('button', { type: 'button', className: ['pb-run'], dataAction: kind, ariaLabel, ariaKeyShortcuts: 'Control+Enter Meta+Enter' }, [text(label)]);
}

function head(title: ElementContent[], button: Element): Element {
  return el('div', { className: ['pb-cell-head'] }, [
    el('span', { className: ['pb-cell-title'] }, title),
    el('span', { className: ['pb-cell-state'], role: 'status' }),
    button,
  ]);
}

function consoleCell(h: Highlighter, steps: ConsoleStep[], meta: { host?: string; session?: string }, t: UiStrings): Element {
  const stepEls = steps.map((step) =>
    el('div', { className: ['pb-step'], dataCommand: step.command, dataPrompt: step.prompt }, [
      el('pre', { className: ['pb-cmd'] }, [el('span', { className: ['pb-prompt'] }, [text(step.prompt)]), text(' '), ...highlightCommand(h, step.command)]),
      // An HTML parser drops a newline right after <pre>, so output that starts with a blank line
      // (docker login's warning) also keeps its exact text in an attribute.
      el('pre', { className: step.expected === '' ? ['pb-out', 'pb-expected', 'pb-empty'] : ['pb-out', 'pb-expected'], ...(step.expected.startsWith('\n') ? { dataExpected: step.expected } : {}) }, [text(step.expected)]),
    ]),
  );
  const title = meta.host ? `console · ${fill(t['cell.onHost'], { host: meta.host })}` : 'console';
  return el(
    'div',
    { className: ['pb-cell', 'not-content'], dataCell: 'console', dataStatus: 'idle', dataHost: meta.host, dataSession: meta.session },
    [
      head([text(title)], runButton(t['cell.run'], 'run')),
      el('div', { className: ['pb-cell-body'], tabIndex: 0, role: 'group', ariaLabel: t['cell.commands'] }, stepEls),
    ],
  );
}

/**
 * A part of an `<Exercise>` (src/components/Exercise.astro): the checks list what Check looks for,
 * the hint and the solution are disclosures, so the page reads fully without JavaScript.
 */
function exerciseElement(h: Highlighter, part: ExercisePart, code: string, t: UiStrings): Element {
  if (part === 'check') {
    const probes = parseProbes(code);
    return el('div', { className: ['pb-ex-check'], dataProbes: JSON.stringify(probes) }, [
      el('p', { className: ['pb-ex-label'] }, [text(t['exercise.checks'])]),
      el('ul', { className: ['pb-ex-probes'] }, probes.map((p, i) => el('li', { className: ['pb-ex-probe'], dataIndex: String(i) }, [text(p.what)]))),
    ]);
  }
  if (part === 'hint') {
    return el('details', { className: ['pb-ex-hint'] }, [el('summary', {}, [text(t['exercise.hint'])]), el('p', {}, [text(code.trim())])]);
  }
  const steps = parseConsole(code);
  const lines: ElementContent[] = [];
  steps.forEach((step, i) => {
    if (i > 0) lines.push(text('\n'));
    lines.push(el('span', { className: ['pb-prompt'] }, [text(step.prompt)]), text(' '), ...highlightCommand(h, step.command));
  });
  return el('details', { className: ['pb-ex-solution'], dataCommands: JSON.stringify(steps.map((s) => s.command)) }, [
    el('summary', {}, [text(t['exercise.solution'])]),
    el('pre', { className: ['pb-cmd', 'pb-ex-solution-code'] }, lines),
  ]);
}

function where(file: FileLike, node: Code): string {
  return `${file.path ?? 'chapter'}:${node.position?.start.line ?? '?'}`;
}

function zodMessage(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** The replacement for one code node, or undefined to leave it alone. */
function transform(node: Code, file: FileLike, h: Highlighter, t: UiStrings): RootContent | undefined {
  const meta = parseMeta(node.meta);
  const part = exercisePart(node.lang, meta);
  if (part) {
    if (part !== 'hint' && parseConsole(node.value).length === 0) file.fail(`${where(file, node)}: ${part} block has no command. Write "$ command" lines.`, node);
    const partEl = exerciseElement(h, part, node.value, t);
    return { type: 'podbookExercisePart', data: { hName: partEl.tagName, hProperties: partEl.properties, hChildren: partEl.children } } as unknown as RootContent;
  }
  if (node.lang === 'console') {
    const parsedMeta = consoleMetaSchema.safeParse(meta);
    if (!parsedMeta.success) {
      file.fail(`${where(file, node)}: console block meta is wrong (${zodMessage(parsedMeta.error)}). Allowed: host=NAME, session=NAME.`, node);
    }
    const stray = leadingText(node.value);
    if (stray !== '') {
      file.fail(
        `${where(file, node)}: console block has text before its first prompt (${JSON.stringify(stray.split('\n')[0])}). Start each command with "$ " or "# ".`,
        node,
      );
    }
    const steps = parseConsole(node.value);
    if (steps.length === 0) file.fail(`${where(file, node)}: console block has no command. Write "$ command" lines.`, node);
    const cell = consoleCell(h, steps, parsedMeta.data ?? {}, t);
    return { type: 'podbookCell', data: { hName: 'div', hProperties: cell.properties, hChildren: cell.children } } as unknown as RootContent;
  }
  if (typeof meta['title'] === 'string') {
    const parsedMeta = fileMetaSchema.safeParse(meta);
    if (!parsedMeta.success) file.fail(`${where(file, node)}: file block meta is wrong (${zodMessage(parsedMeta.error)}).`, node);
    const { title: path, host } = parsedMeta.data as { title: string; host?: string };
    const headEl = head([text(fill(t['cell.file'], { path }))], runButton(t['cell.write'], 'write'));
    return {
      type: 'podbookFileCell',
      data: {
        hName: 'div',
        hProperties: { className: ['pb-cell', 'pb-file-cell'], dataCell: 'file', dataStatus: 'idle', dataPath: path, dataHost: host, dataContent: node.value },
      },
      children: [{ type: 'podbookCellHead', data: { hName: 'div', hProperties: headEl.properties, hChildren: headEl.children } }, node],
    } as unknown as RootContent;
  }
  return undefined;
}

function walk(parent: Parent, visit: (node: Code) => RootContent | undefined): void {
  parent.children.forEach((child, i) => {
    if (child.type === 'code') {
      const replacement = visit(child);
      if (replacement) parent.children[i] = replacement;
    } else if ('children' in child) {
      walk(child as Parent, visit);
    }
  });
}

export function remarkCells() {
  return async (tree: Root, file: FileLike): Promise<void> => {
    let found = false;
    walk(tree, (node) => {
      if (node.lang === 'console' || /\btitle=/.test(node.meta ?? '')) found = true;
      return undefined;
    });
    if (!found) return;
    const h = await getHighlighter();
    const t = uiStrings(localeOfPath(file.path));
    walk(tree, (node) => transform(node, file, h, t));
  };
}
