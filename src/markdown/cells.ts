/**
 * The cell format of a chapter, shared by the remark plugin (which renders cells), the page runtime
 * and the doc tests (which run them). Pure: no DOM, no Node APIs.
 *
 * A ```console block holds one or more commands, each on a prompt line, followed by the output the
 * reader should see:
 *
 *   $ docker run -d -p 8080:80 httpd          <- `$ ` or `# ` prompt
 *   [root@hwhost /]# ls                       <- or a full bash prompt (inside a container),
 *   root@8d0c1f6e2b7a:/usr/local/apache2# ls  <- CentOS or Debian style, or BusyBox's `/ # `
 *   bin  dev  etc ...                         <- expected output, up to the next prompt line
 *
 * A command continues on the next line when the line ends with `\`, and a heredoc (`<<EOF`) takes
 * every line up to its terminator. Any other fenced block with `title="name"` is a file cell: its
 * text is written to that path (relative to the lab user's home) on the lab host.
 */
export interface ConsoleStep {
  /** The command line as typed (continuation lines and heredoc bodies joined with `\n`). */
  command: string;
  /** The prompt as written in the chapter (`$`, `#`, or `[root@hwhost /]#`). */
  prompt: string;
  /** Expected output, exactly (no trailing newline is added or removed: lines joined with `\n`). */
  expected: string;
}

const PROMPT = /^(\$|#|\[[^\]\n]+\][#$]|[a-z_][\w.-]*@[\w.-]+:[^\s]*[#$]|[~/][^\s]* [#$]) (.*)$/;

export function isPromptLine(line: string): boolean {
  return PROMPT.test(line);
}

/** Heredoc terminators opened on a command line (`<<EOF`, `<<-'EOF'`, `<< "END"`). */
function heredocTerminators(line: string): { word: string; strip: boolean }[] {
  const out: { word: string; strip: boolean }[] = [];
  const re = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ word: m[3] as string, strip: m[1] === '-' });
  return out;
}

export function parseConsole(code: string): ConsoleStep[] {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const steps: ConsoleStep[] = [];
  let i = 0;
  // Lines before the first prompt are not part of any step; the plugin reports them to the author.
  while (i < lines.length && !isPromptLine(lines[i] as string)) i++;
  while (i < lines.length) {
    const m = PROMPT.exec(lines[i] as string) as RegExpExecArray;
    const prompt = m[1] as string;
    const commandLines = [m[2] as string];
    i++;
    while ((commandLines[commandLines.length - 1] as string).endsWith('\\') && i < lines.length) commandLines.push(lines[i++] as string);
    for (const { word, strip } of heredocTerminators(commandLines.join('\n'))) {
      while (i < lines.length) {
        const body = lines[i++] as string;
        commandLines.push(body);
        if ((strip ? body.replace(/^\t+/, '') : body) === word) break;
      }
    }
    const output: string[] = [];
    while (i < lines.length && !isPromptLine(lines[i] as string)) output.push(lines[i++] as string);
    steps.push({ command: commandLines.join('\n'), prompt, expected: output.join('\n') });
  }
  return steps;
}

/** Text of lines before the first prompt (a chapter mistake when not blank). */
export function leadingText(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => isPromptLine(l));
  return (first < 0 ? lines : lines.slice(0, first)).join('\n').trim();
}

/** Rebuilds a console block from steps (used by `doctest --update`). */
export function formatConsole(steps: readonly ConsoleStep[]): string {
  return steps.map((s) => `${s.prompt} ${s.command}` + (s.expected === '' ? '' : `\n${s.expected}`)).join('\n');
}

/**
 * Compares actual output (as the simulator returns it, ending in `\n`) with expected text from a
 * chapter (lines without the final newline). Trailing newlines are not significant; everything else is.
 */
export function normalizeOutput(output: string): string {
  return output.replace(/\n+$/, '');
}

/**
 * The text a file cell writes: the block's code plus the final newline an editor saves (mdast's
 * code value has none), so `cat file` ends its line as it would on a real host.
 */
export function fileCellContent(code: string): string {
  return code.endsWith('\n') ? code : `${code}\n`;
}

/**
 * Whether typed lines (joined with `\n`) make a whole command line: not ending in a `\`
 * continuation and with every heredoc it opens closed. Terminal front ends (`npm run sim`) read
 * more lines, with bash's `> ` prompt, until this holds.
 */
export function isCompleteCommand(text: string): boolean {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const commandLines = [lines[i++] as string];
    while ((commandLines[commandLines.length - 1] as string).endsWith('\\')) {
      if (i >= lines.length) return false;
      commandLines.push(lines[i++] as string);
    }
    for (const { word, strip } of heredocTerminators(commandLines.join('\n'))) {
      let closed = false;
      while (i < lines.length && !closed) {
        const body = lines[i++] as string;
        closed = (strip ? body.replace(/^\t+/, '') : body) === word;
      }
      if (!closed) return false;
    }
  }
  return true;
}

/**
 * The parts of an `<Exercise>`: a ```console block whose meta is `check`, `hint` or `solution`.
 * They are not notebook cells: `check` holds probes (commands with the output they must print),
 * `hint` is prose, `solution` the commands that do the task.
 */
export type ExercisePart = 'check' | 'hint' | 'solution';

export function exercisePart(lang: string | null | undefined, meta: Record<string, string | true>): ExercisePart | undefined {
  if (lang !== 'console') return undefined;
  for (const part of ['check', 'hint', 'solution'] as const) if (meta[part] === true) return part;
  return undefined;
}

/** A probe of a `check` block: the command to run, its expected output and what it looks for. */
export interface Probe {
  command: string;
  expected: string;
  /** The probe's trailing `# comment` (what the reader still has to do when it fails), or the command. */
  what: string;
}

/** Where a one-line command's trailing comment starts: a `#` after a blank, outside quotes (as bash reads it). */
function commentStart(command: string): number {
  let quote = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && i > 0 && /\s/.test(command[i - 1] as string)) return i;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** Splits a trailing `   # comment` off a probe command (the comment may hold quotes: `the registry's catalog`). */
export function parseProbes(code: string): Probe[] {
  return parseConsole(code).map((step) => {
    const at = commentStart(step.command);
    const what = at >= 0 ? step.command.slice(at + 1).trim() : '';
    const command = what !== '' ? step.command.slice(0, at).trimEnd() : step.command;
    return { command, expected: step.expected, what: what !== '' ? what : command };
  });
}
