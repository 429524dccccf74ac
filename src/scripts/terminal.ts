/**
 * A terminal on the page's lab: a prompt from the lab, line editing, history (Up/Down), Tab
 * completion, Ctrl+C (drop the line), Ctrl+L (clear the screen). Commands go through the page's
 * notebook, so cells above the terminal run first, as a cell's Run would.
 *
 * A command that keeps printing (`docker logs -f`, `docker events`, `docker stats`, `docker attach`
 * to a container without a terminal) stays in the foreground, as in a real terminal: lab time follows
 * the wall clock, its new output appears as it comes, and Ctrl+C ends it (`^C`, exit 130). Keys other
 * than Ctrl+C wait for nothing meanwhile: they are dropped.
 *
 * Ctrl+P Ctrl+Q detaches from a container the terminal is attached to (`run -it`, `attach`,
 * `exec -it`), as docker's default detach keys do: the container keeps running. Elsewhere Ctrl+P is
 * bash's previous-history and Ctrl+Q does nothing. A flood of output is capped (the last lines and
 * characters are kept, with a line saying so); Reset lab puts the terminal back at a fresh prompt.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { isCompleteCommand } from '../markdown/cells.ts';
import type { LabClient } from '../sandbox/client.ts';
import { pageNotebook, type NotebookApi } from './notebook.ts';
import { capLines, capChars, commonPrefix, complete, completionContext, flagsFromHelp } from './terminal-complete.ts';
import { columns, drawLine, leaveLine } from './terminal-line.ts';

/** Lines of one command's output a terminal shows at most; xterm keeps as many in its scrollback. */
export const MAX_LINES = 5000;
/** Characters of one command's output shown at most: one huge line would otherwise stall the page. */
export const MAX_CHARS = 400_000;
/** How often a foreground stream is given the lab time that passed (ms of wall time). */
export const PUMP_EVERY_MS = 250;
/** Most lab time one step gives it: a throttled background tab or a slow step does not leap ahead. */
export const MAX_PUMP_MS = 1000;

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

/** Numbers the hidden hints that tell a screen reader how to leave a terminal. */
let leaveHints = 0;

export async function mountTerminal(el: HTMLElement): Promise<TerminalHandle> {
  const t = JSON.parse(el.dataset['strings'] ?? '{}') as Strings;
  const session = el.dataset['session'];
  const options: { session?: string } = session ? { session } : {};
  const notebook: NotebookApi = await pageNotebook();
  // xterm names its input and its screen-reader overflow notice in English unless told otherwise.
  if (t['terminal.input']) Terminal.strings.promptLabel = t['terminal.input'];
  if (t['terminal.tooMuchOutput']) Terminal.strings.tooMuchOutput = t['terminal.tooMuchOutput'];
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
  // Tab completes inside the terminal, so it would keep keyboard focus for good: Shift+Tab leaves
  // backwards, and Escape then Tab leaves forwards (the browser moves focus; xterm ignores the key).
  let escaped = false;
  if (t['terminal.leave'] && term.textarea) {
    const how = document.createElement('span');
    how.className = 'sr-only';
    how.id = `pb-terminal-leave-${++leaveHints}`;
    how.textContent = t['terminal.leave'];
    el.append(how);
    term.textarea.setAttribute('aria-describedby', how.id);
  }
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Tab' && (escaped || event.shiftKey)) {
      escaped = false;
      return false;
    }
    escaped = event.key === 'Escape';
    return true;
  });
  new MutationObserver(() => (term.options.theme = theme())).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  let prompt = '$ ';
  /** Whether the session types into a container (then Ctrl+P waits for Ctrl+Q, as docker does). */
  let attached = false;
  let line = '';
  let cursor = 0;
  /** Lines typed so far of a command that continues (`\` or an open heredoc). */
  let pending: string[] = [];
  const history: string[] = JSON.parse(el.dataset['history'] ?? '[]') as string[];
  let historyAt = history.length;
  let afterCtrlP = false;
  const flagCache = new Map<string, string[]>();

  const shownPrompt = (): string => (pending.length > 0 ? '> ' : prompt);
  /** Row of the edited line (prompt included) the cursor is on: a long command wraps over several. */
  let cursorRow = 0;
  const cursorAt = (): number => columns(shownPrompt() + line.slice(0, cursor));
  const redraw = (): void => {
    const drawn = drawLine(cursorRow, shownPrompt() + line, cursorAt(), term.cols);
    cursorRow = drawn.row;
    term.write(drawn.sequence);
  };
  /** Moves below the edited line (after `mark`, e.g. ^C) so output starts on a fresh row. */
  const leave = (mark = ''): void => {
    term.write(leaveLine(cursorRow, shownPrompt() + line, term.cols, mark));
    cursorRow = 0;
  };

  // As many columns as the box holds (xterm starts at 80, which a narrow column would cut off).
  const fit = (): void => {
    const screen = el.querySelector<HTMLElement>('.xterm-screen');
    const cell = screen ? screen.getBoundingClientRect().width / term.cols : 0;
    if (!(cell > 0)) return;
    const style = getComputedStyle(el);
    const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 14; // the scrollbar
    const cols = Math.max(20, Math.floor(inner / cell));
    if (cols === term.cols) return;
    term.resize(cols, term.rows);
    // xterm reflows wrapped rows: the cursor is where the new width puts it.
    cursorRow = Math.floor(cursorAt() / cols);
  };
  fit();
  if ('ResizeObserver' in window) new ResizeObserver(() => fit()).observe(el);
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

  /** Reads where the session stands (after a command, a reset or a restored lab). */
  const refresh = async (client: LabClient): Promise<void> => {
    const s = await client.session(session);
    if (!s.ok) return;
    prompt = s.prompt;
    attached = s.attached;
  };

  // The lab can take a few seconds to start: say so rather than show an empty screen.
  term.write(t['cell.starting'] ?? '');
  const first = await notebook.withLab(null, async (client) => {
    const started = await client.prewarm();
    if (!started.ok) return started;
    // A command this terminal followed before the page was reloaded ended with it (as a closed
    // terminal's would): it must not stay in the foreground of the next one.
    const s = await client.session(options.session);
    if (s.ok && s.streaming) {
      await client.interrupt(options.session);
      notebook.changed(client);
    }
    await refresh(client);
    return started;
  });
  if (first?.ok) el.dataset['attached'] = String(attached);
  term.write('\r\x1b[2K');
  redraw();
  el.dataset['live'] = 'true';
  let commands = 0;
  /** Counts finished commands, so a test (or a script) can wait for the one it typed. */
  const finished = async (): Promise<void> => {
    // xterm parses big writes over several frames: the command is done once its output is on screen
    // (and keys typed meanwhile wait for that, which keeps the page responsive during a flood).
    await new Promise<void>((resolve) => term.write('', resolve));
    el.dataset['commands'] = String(++commands);
    el.dataset['attached'] = String(attached);
  };


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
    leave();
    term.write(`${candidates.join('  ')}\r\n`);
    redraw();
  };

  /** Whether the last output left the cursor at the start of a row (a stream may stop mid-line). */
  let atRowStart = true;
  /** Output of a foreground stream, written as it comes (no newline of its own). */
  const writeStream = (output: string): void => {
    if (output === '') return;
    const { text, truncated } = capChars(output, MAX_CHARS);
    term.write(text);
    // `docker stats` ends each screen with a newline and then "clear below" (ESC [ J).
    const after = text.slice(text.lastIndexOf('\n') + 1).split('\x1b[');
    atRowStart = text.includes('\n') && after.every((part, i) => (i === 0 ? part === '' : /^[0-9;]*[A-Za-z]$/.test(part)));
    if (truncated) el.dataset['truncated'] = 'true';
  };

  const write = (output: string): void => {
    const byLines = capLines(output.replace(/\n$/, ''), MAX_LINES);
    const { text, truncated } = capChars(byLines.text, MAX_CHARS);
    if (text !== '' || output !== '') term.write(`${text}\n`);
    // Said after the output, where the reader's eyes are when the prompt comes back.
    if (byLines.truncated || truncated) {
      el.dataset['truncated'] = 'true';
      term.write(`${fill(t['terminal.truncated'] ?? '[output truncated]', { lines: MAX_LINES, chars: MAX_CHARS })}\n`);
    }
  };

  const submit = async (typed: string): Promise<void> => {
    leave();
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
      const r = await client.run(whole, { ...options, follow: true });
      if (r.ok) {
        await refresh(client);
        notebook.changed(client);
      }
      return r;
    });
    delete el.dataset['busy'];
    // No reply: a reset dropped the command (the reset's own notice follows).
    if (reply === undefined) return void (await finished());
    if (reply.ok && reply.streaming) {
      prompt = reply.prompt;
      writeStream(reply.output);
      return follow();
    }
    if (reply.ok) {
      write(reply.output);
      prompt = reply.prompt;
    } else write(fill(t[reply.key] ?? reply.message, reply.params));
    redraw();
    await finished();
  };

  /**
   * The command in the foreground keeps printing: every PUMP_EVERY_MS the lab is given the time that
   * passed and the terminal writes what the command printed meanwhile, until it ends or Ctrl+C.
   */
  let stream: { timer: ReturnType<typeof setInterval>; step: Promise<void> | null } | null = null;
  const follow = (): void => {
    el.dataset['streaming'] = 'true';
    let last = performance.now();
    const current: NonNullable<typeof stream> = {
      step: null,
      timer: setInterval(() => {
        if (stream !== current || current.step) return;
        const now = performance.now();
        const ms = Math.min(Math.round(now - last), MAX_PUMP_MS);
        last = now;
        current.step = pump(current, ms).finally(() => (current.step = null));
      }, PUMP_EVERY_MS),
    };
    stream = current;
  };
  const pump = async (current: NonNullable<typeof stream>, ms: number): Promise<void> => {
    const reply = await notebook.withLab(null, async (client) => {
      const r = await client.pump(ms, options.session);
      if (r.ok && r.done) notebook.changed(client);
      return r;
    });
    // Ctrl+C or Reset lab took over meanwhile.
    if (stream !== current || reply === undefined) return;
    if (!reply.ok) {
      // The step was too big for the sandbox (the lab is back as before it): say so and stop the command.
      if (!atRowStart) term.write('\r\n');
      write(fill(t[reply.key] ?? reply.message, reply.params));
      atRowStart = true;
      return stopForeground(current, '');
    }
    writeStream(reply.output);
    if (reply.done) await endStream(reply.prompt);
  };
  /** Ctrl+C: the command ends (exit 130) and the prompt comes back. */
  const interrupt = async (): Promise<void> => {
    const current = stream;
    if (!current) return;
    clearInterval(current.timer);
    // A step under way lands first, and may have ended the command by itself.
    if (current.step) await current.step;
    if (stream === current) await stopForeground(current, '^C\n');
  };
  /** Ends the command in the lab too; `mark` is what the terminal echoes first (`^C`). */
  const stopForeground = async (current: NonNullable<typeof stream>, mark: string): Promise<void> => {
    clearInterval(current.timer);
    const reply = await notebook.withLab(null, async (client) => {
      const r = await client.interrupt(options.session);
      if (r.ok) notebook.changed(client);
      return r;
    });
    if (stream !== current) return;
    writeStream(mark);
    if (reply?.ok) writeStream(reply.output);
    await endStream(reply?.ok ? reply.prompt : prompt);
  };
  const stopStream = (): boolean => {
    if (!stream) return false;
    clearInterval(stream.timer);
    stream = null;
    delete el.dataset['streaming'];
    return true;
  };
  const endStream = async (next: string): Promise<void> => {
    stopStream();
    if (!atRowStart) term.write('\r\n');
    atRowStart = true;
    prompt = next;
    redraw();
    await finished();
  };

  /** Ctrl+P Ctrl+Q: the container keeps running, the terminal is back at the shell it came from. */
  const detach = async (): Promise<void> => {
    const reply = await notebook.withLab(el, async (client) => {
      const r = await client.detach(session);
      // The reply carries the new prompt; the line on screen is still drawn with the old one.
      if (r.ok && r.output !== null) notebook.changed(client);
      return r;
    });
    if (!reply?.ok || reply.output === null) return;
    // docker prints its line after whatever was typed.
    leave(reply.output.replace(/\n$/, ''));
    prompt = reply.prompt;
    attached = false;
    pending = [];
    newPrompt();
    await finished();
  };

  const previousHistory = (): void => {
    if (historyAt > 0) setLine(history[--historyAt] as string);
  };

  // Keys are handled one after another: typing ahead while a command runs or Tab asks the lab
  // lands after it, in order.
  let keys: Promise<void> = Promise.resolve();
  term.onData((data) => {
    keys = keys.then(() => key(data)).catch((error: unknown) => console.error('podbook terminal:', error));
  });

  // Reset lab (or Run all) gave the page a fresh lab: the terminal says so and shows its new prompt.
  document.addEventListener('podbook:lab-reset', () => {
    // The fresh lab has nothing in the foreground: a followed command is over.
    const stopped = stopStream();
    keys = keys.then(async () => {
      if (stopped && !atRowStart) term.write('\r\n');
      atRowStart = true;
      await notebook.withLab(null, refresh);
      pending = [];
      line = '';
      cursor = 0;
      term.write(drawLine(cursorRow, '', 0, term.cols).sequence);
      cursorRow = 0;
      term.write(`${t['notebook.resetDone'] ?? ''}\r\n`);
      redraw();
      if (stopped) await finished();
      else await new Promise<void>((resolve) => term.write('', resolve));
      el.dataset['attached'] = String(attached);
    }).catch((error: unknown) => console.error('podbook terminal:', error));
  });

  const key = async (data: string): Promise<void> => {
    if (stream) {
      if (data === '\x03') await interrupt();
      return;
    }
    if (afterCtrlP) {
      afterCtrlP = false;
      if (data === '\x11') return detach();
      // Not the detach sequence: docker passes the held Ctrl+P on, then this key.
      previousHistory();
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
        return previousHistory();
      case '\x1b[B':
        if (historyAt < history.length) {
          historyAt++;
          setLine(historyAt === history.length ? '' : (history[historyAt] as string));
        }
        return;
      case '\t':
        return tab();
      case '\x03':
        leave('^C');
        pending = [];
        historyAt = history.length;
        return newPrompt();
      case '\x0c':
        term.clear();
        term.write('\x1b[H\x1b[2K');
        cursorRow = 0;
        return redraw();
      case '\x10':
        if (attached) afterCtrlP = true;
        else previousHistory();
        return;
      case '\x11':
        return; // XON: nothing to resume
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
        // A pasted command that keeps printing holds the terminal: the lines after it are dropped.
        if (stream) return;
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
