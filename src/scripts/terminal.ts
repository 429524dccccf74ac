/**
 * A terminal on the page's lab: a prompt from the lab, line editing, history (Up/Down), Tab
 * completion, Ctrl+C (drop the line), Ctrl+L (clear the screen). Commands go through the page's
 * notebook, so cells above the terminal run first, as a cell's Run would.
 *
 * Ctrl+P Ctrl+Q: the simulator can detach an attached terminal, but the sandbox protocol does not
 * carry that request yet, so the terminal says so; `exit` leaves a container's shell.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { isCompleteCommand } from '../markdown/cells.ts';
import type { LabClient } from '../sandbox/client.ts';
import { pageNotebook, type NotebookApi } from './notebook.ts';
import { capLines, commonPrefix, complete, completionContext, flagsFromHelp } from './terminal-complete.ts';

/** Lines of one command's output a terminal shows at most; xterm keeps as many in its scrollback. */
export const MAX_LINES = 5000;

type Strings = Record<string, string>;

const LIGHT: ITheme = { background: '#f6f8fa', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#b6d4fe' };
const DARK: ITheme = { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#264f78' };

function theme(): ITheme {
  return document.documentElement.dataset['theme'] === 'light' ? LIGHT : DARK;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface TerminalHandle {
  /** Types a line as if the reader entered it (tests, "Run solution"). */
  submit(line: string): Promise<void>;
  history: string[];
}

export async function mountTerminal(el: HTMLElement): Promise<TerminalHandle> {
  const t = JSON.parse(el.dataset['strings'] ?? '{}') as Strings;
  const session = el.dataset['session'];
  const options: { session?: string } = session ? { session } : {};
  const notebook: NotebookApi = await pageNotebook();
  const term = new Terminal({
    convertEol: true,
    scrollback: MAX_LINES,
    rows: Number(el.dataset['rows'] ?? '16'),
    fontSize: 13,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    cursorBlink: true,
    theme: theme(),
  });
  el.replaceChildren();
  el.dataset['ready'] = 'true';
  term.open(el);
  new MutationObserver(() => (term.options.theme = theme())).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  let prompt = '$ ';
  let line = '';
  let cursor = 0;
  /** Lines typed so far of a command that continues (`\` or an open heredoc). */
  let pending: string[] = [];
  const history: string[] = JSON.parse(el.dataset['history'] ?? '[]') as string[];
  let historyAt = history.length;
  let afterCtrlP = false;
  const flagCache = new Map<string, string[]>();

  const shownPrompt = (): string => (pending.length > 0 ? '> ' : prompt);
  const redraw = (): void => {
    term.write(`\r\x1b[K${shownPrompt()}${line}`);
    if (cursor < line.length) term.write(`\x1b[${line.length - cursor}D`);
  };
  const newPrompt = (): void => {
    line = '';
    cursor = 0;
    redraw();
  };
  const setLine = (text: string): void => {
    line = text;
    cursor = text.length;
    redraw();
  };

  const first = await notebook.withLab(null, (client) => client.prewarm());
  if (first?.ok) prompt = first.prompt;
  redraw();
  el.dataset['live'] = 'true';

  /** Runs a command on a copy of the lab and puts the lab back (what completion asks). */
  const peek = (client: LabClient, commands: string[]): Promise<string[]> =>
    (async () => {
      const saved = await client.snapshot();
      if (!saved.ok) return [];
      try {
        const out: string[] = [];
        for (const c of commands) {
          const r = await client.run(c, options);
          out.push(r.ok ? r.output : '');
        }
        return out;
      } finally {
        await client.restore(saved.snapshot);
      }
    })();

  const tab = async (): Promise<void> => {
    const before = line.slice(0, cursor);
    const ctx = completionContext(before);
    const needsNames = ctx.words[0] === 'docker' && ctx.words.length >= 2 && !ctx.word.startsWith('-');
    const sub = ctx.dockerSub;
    const needsFlags = ctx.word.startsWith('-') && sub !== undefined && !flagCache.has(sub);
    let containers: string[] = [];
    let images: string[] = [];
    if (needsNames || needsFlags) {
      const asked = [
        "docker ps -a --format '{{.Names}}'",
        "docker images --format '{{.Repository}}:{{.Tag}}'",
        ...(needsFlags ? [`docker ${sub} --help`] : []),
      ];
      const out = (await notebook.withLab(null, (client) => peek(client, asked))) ?? [];
      const words = (text: string | undefined): string[] => (text ?? '').split('\n').filter((w) => w !== '' && !w.includes('<none>'));
      containers = words(out[0]);
      images = words(out[1]);
      if (needsFlags && sub) flagCache.set(sub, flagsFromHelp(out[2] ?? ''));
    }
    const { word, start, candidates } = complete(before, { containers, images, flags: sub ? (flagCache.get(sub) ?? []) : [] });
    if (candidates.length === 0) return;
    const insert = candidates.length === 1 ? `${candidates[0] as string} ` : commonPrefix(candidates);
    if (insert.length > word.length || candidates.length === 1) {
      line = line.slice(0, start) + insert + line.slice(cursor);
      cursor = start + insert.length;
      redraw();
      return;
    }
    term.write(`\r\n${candidates.join('  ')}\r\n`);
    redraw();
  };

  const write = (output: string): void => {
    const { text, truncated } = capLines(output.replace(/\n$/, ''), MAX_LINES);
    if (truncated) el.dataset['truncated'] = 'true';
    if (truncated) term.write(`${fill(t['terminal.truncated'] ?? '[output truncated]', { lines: MAX_LINES })}\n`);
    if (text !== '' || output !== '') term.write(`${text}\n`);
  };

  const submit = async (typed: string): Promise<void> => {
    term.write('\r\n');
    pending.push(typed);
    const whole = pending.join('\n');
    if (!isCompleteCommand(whole)) {
      newPrompt();
      return;
    }
    pending = [];
    line = '';
    cursor = 0;
    if (whole.trim() === '') return redraw();
    if (history[history.length - 1] !== whole) history.push(whole);
    historyAt = history.length;
    el.dispatchEvent(new CustomEvent('podbook:terminal-history', { detail: { history }, bubbles: true }));
    if (whole.trim() === 'clear') {
      term.clear();
      return redraw();
    }
    el.dataset['busy'] = 'true';
    const reply = await notebook.withLab(el, async (client) => {
      const r = await client.run(whole, options);
      if (r.ok) notebook.changed(client);
      return r;
    });
    delete el.dataset['busy'];
    if (reply === undefined) write('');
    else if (reply.ok) {
      write(reply.output);
      prompt = reply.prompt;
    } else write(fill(t[reply.key] ?? reply.message, reply.params));
    redraw();
  };

  // Keys are handled one after another: typing ahead while a command runs or Tab asks the lab
  // lands after it, in order.
  let keys: Promise<void> = Promise.resolve();
  term.onData((data) => {
    keys = keys.then(() => key(data)).catch((error: unknown) => console.error('podbook terminal:', error));
  });

  const key = async (data: string): Promise<void> => {
    if (afterCtrlP) {
      afterCtrlP = false;
      if (data === '\x11') {
        term.write(`^P^Q\r\n${t['terminal.detachUnsupported'] ?? ''}\r\n`);
        return redraw();
      }
    }
    switch (data) {
      case '\r':
        return submit(line);
      case '\x7f':
      case '\b':
        if (cursor > 0) {
          line = line.slice(0, cursor - 1) + line.slice(cursor);
          cursor--;
          redraw();
        }
        return;
      case '\x1b[3~':
        line = line.slice(0, cursor) + line.slice(cursor + 1);
        return redraw();
      case '\x1b[D':
        if (cursor > 0) cursor--;
        return redraw();
      case '\x1b[C':
        if (cursor < line.length) cursor++;
        return redraw();
      case '\x1b[H':
      case '\x01':
        cursor = 0;
        return redraw();
      case '\x1b[F':
      case '\x05':
        cursor = line.length;
        return redraw();
      case '\x1b[A':
        if (historyAt > 0) setLine(history[--historyAt] as string);
        return;
      case '\x1b[B':
        if (historyAt < history.length) {
          historyAt++;
          setLine(historyAt === history.length ? '' : (history[historyAt] as string));
        }
        return;
      case '\t':
        return tab();
      case '\x03':
        term.write('^C\r\n');
        pending = [];
        historyAt = history.length;
        return newPrompt();
      case '\x0c':
        term.clear();
        term.write('\x1b[H\x1b[2K');
        return redraw();
      case '\x10':
        afterCtrlP = true;
        return;
      case '\x15':
        line = line.slice(cursor);
        cursor = 0;
        return redraw();
    }
    // Typed or pasted text: pasted lines run one after another.
    const printable = data.replace(/\r\n?/g, '\n');
    if (/^[\x20-\x7e\u00a0-\uffff\n]+$/.test(printable)) {
      const parts = printable.split('\n');
      line = line.slice(0, cursor) + (parts[0] as string) + line.slice(cursor);
      cursor += (parts[0] as string).length;
      redraw();
      for (const next of parts.slice(1)) {
        await submit(line);
        setLine(next);
      }
    }
  };

  const handle: TerminalHandle = {
    submit: async (text) => {
      setLine(text);
      await submit(text);
    },
    history,
  };
  (el as HTMLElement & { podbookTerminal?: TerminalHandle }).podbookTerminal = handle;
  el.dispatchEvent(new CustomEvent('podbook:terminal-ready', { bubbles: true }));
  return handle;
}
