/**
 * Tab completion of a terminal line: commands, docker subcommands and flags, container and image
 * names. Pure: the terminal supplies what it learned from the lab (names, a subcommand's flags).
 */
export const COMMANDS = [
  'awk', 'bash', 'cat', 'cd', 'chmod', 'clear', 'cp', 'curl', 'cut', 'date', 'df', 'docker', 'echo', 'env', 'exit', 'export',
  'find', 'free', 'grep', 'head', 'hostname', 'id', 'ip', 'kill', 'ls', 'mkdir', 'mount', 'mv', 'nproc', 'ping', 'ps', 'pwd',
  'rm', 'sed', 'sh', 'sha256sum', 'sleep', 'sort', 'tac', 'tail', 'tar', 'tee', 'time', 'top', 'touch', 'tr', 'uname', 'uniq',
  'wc', 'wget', 'which', 'whoami', 'xargs',
];

export const DOCKER_SUBCOMMANDS = [
  'attach', 'build', 'commit', 'container', 'cp', 'create', 'diff', 'events', 'exec', 'export', 'history', 'image', 'images',
  'import', 'info', 'inspect', 'kill', 'load', 'login', 'logout', 'logs', 'network', 'pause', 'port', 'ps', 'pull', 'push',
  'rename', 'restart', 'rm', 'rmi', 'run', 'save', 'search', 'start', 'stats', 'stop', 'system', 'tag', 'top', 'unpause',
  'update', 'version', 'volume', 'wait',
];

/** Subcommands whose operands are images (the rest take containers). */
const IMAGE_OPERANDS = new Set(['run', 'create', 'rmi', 'tag', 'history', 'push', 'save', 'pull']);

export interface CompletionSources {
  containers: readonly string[];
  images: readonly string[];
  /** Flags of a docker subcommand (from its --help), or [] when not known yet. */
  flags: readonly string[];
}

export interface Completion {
  /** The word being completed and where it starts in the line. */
  word: string;
  start: number;
  candidates: string[];
}

/** What the cursor's word is, and for docker the subcommand, so the terminal knows what to ask the lab. */
export function completionContext(line: string): { words: string[]; word: string; start: number; dockerSub?: string } {
  const start = Math.max(line.lastIndexOf(' '), line.lastIndexOf('|'), line.lastIndexOf(';')) + 1;
  const word = line.slice(start);
  const words = line.slice(0, start).trim().split(/\s+/).filter((w) => w !== '');
  const ctx: { words: string[]; word: string; start: number; dockerSub?: string } = { words, word, start };
  if (words[0] === 'docker' && words[1] !== undefined) ctx.dockerSub = words[1];
  return ctx;
}

export function complete(line: string, sources: CompletionSources): Completion {
  const { words, word, start, dockerSub } = completionContext(line);
  let pool: readonly string[];
  if (words.length === 0 || /[|;]\s*$/.test(line.slice(0, start))) pool = COMMANDS;
  else if (words[0] === 'docker' && words.length === 1) pool = DOCKER_SUBCOMMANDS;
  else if (word.startsWith('-')) pool = sources.flags;
  else if (words[0] === 'docker' && dockerSub && IMAGE_OPERANDS.has(dockerSub)) pool = sources.images;
  else if (words[0] === 'docker') pool = [...sources.containers, ...sources.images];
  else pool = [];
  const candidates = Array.from(new Set(pool.filter((c) => c.startsWith(word)))).sort();
  return { word, start, candidates };
}

/** The longest text every candidate starts with. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0] as string;
  for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Long and short flags named in a `--help` text. */
export function flagsFromHelp(help: string): string[] {
  const out = new Set<string>();
  for (const m of help.matchAll(/(?:^|\s)(-[A-Za-z]|--[a-z][a-z0-9-]*)\b/g)) out.add(m[1] as string);
  return Array.from(out).sort();
}

/** Keeps the last `max` lines of an output; says whether any were dropped. */
export function capLines(text: string, max: number): { text: string; truncated: boolean } {
  const lines = text.split('\n');
  if (lines.length <= max) return { text, truncated: false };
  return { text: lines.slice(lines.length - max).join('\n'), truncated: true };
}

/** Keeps the last `max` characters of an output (from a line start when one is near); says whether any were dropped. */
export function capChars(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const tail = text.slice(text.length - max);
  const newline = tail.indexOf('\n');
  return { text: newline >= 0 && newline < 1000 ? tail.slice(newline + 1) : tail, truncated: true };
}
