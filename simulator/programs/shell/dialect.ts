/**
 * The shells behind `/bin/sh`: bash (CentOS, where sh is a link to bash), dash (Debian and Ubuntu
 * images) and busybox ash (busybox and Alpine images). One interpreter runs all three; what differs
 * and shows is how each words its errors:
 *
 *   bash  `sh: foo: command not found`          `bash: /x/y: No such file or directory`
 *   dash  `sh: 1: foo: not found`                `sh: 1: cannot create /x/y: Directory nonexistent`
 *   ash   `sh: foo: not found`                   `sh: can't create /x/y: nonexistent directory`
 *
 * dash puts the line number after the shell's name; ash names the builtin and adds `line N:` in a
 * shell that is not interactive. A failed redirection or `cd` gives status 2 in dash and ash, 1 in bash.
 */
import { ERRNO_TEXT, type FsError, type Vfs } from '../../kernel/vfs.ts';

type Errno = FsError['code'];

export type Dialect = 'bash' | 'dash' | 'ash';

/**
 * Which shell a process running the `sh` program is: images carry `/bin/sh` as the program `sh`,
 * and what it is follows from the system it runs on (busybox's multi-call binary or Alpine: ash;
 * Debian or Ubuntu: dash; CentOS, where sh is bash, and the host: bash). `bash` is always bash.
 */
export function dialectOf(prog: string, fs: Vfs): Dialect {
  if (prog !== 'sh') return 'bash';
  if (fs.tryStat('/bin/busybox')) return 'ash';
  let release: string;
  try {
    release = fs.readFile('/etc/os-release');
  } catch {
    return 'bash';
  }
  const id = /^ID="?([a-z]+)/m.exec(release)?.[1];
  if (id === 'debian' || id === 'ubuntu') return 'dash';
  if (id === 'alpine') return 'ash';
  return 'bash';
}

export interface Speaker {
  dialect: Dialect;
  /** `$0` as the shell reports itself (`sh`, `/bin/sh`, `bash`). */
  name: string;
  /** Line of the command being run (dash prints it). */
  line: number;
  interactive: boolean;
}

/** The prefix of a shell error: `sh: `, `sh: 3: `. */
export function prefix(s: Speaker): string {
  return s.dialect === 'dash' ? `${s.name}: ${s.line}: ` : `${s.name}: `;
}

/** A command that could not be run: not found (127) or not executable (126). */
export function execError(s: Speaker, command: string, error: 'ENOENT' | 'EACCES' | 'EISDIR'): string {
  if (s.dialect === 'bash') {
    if (error === 'ENOENT') return `${prefix(s)}${command}: ${command.includes('/') ? 'No such file or directory' : 'command not found'}\n`;
    return `${prefix(s)}${command}: ${ERRNO_TEXT[error]}\n`;
  }
  return `${prefix(s)}${command}: ${error === 'ENOENT' ? 'not found' : ERRNO_TEXT[error]}\n`;
}

/** A redirection that failed to open its file, for reading (`<`) or writing. */
export function redirectError(s: Speaker, target: string, code: Errno, reading: boolean): string {
  if (s.dialect === 'bash') return `${prefix(s)}${target}: ${ERRNO_TEXT[code]}\n`;
  const missing = code === 'ENOENT' || code === 'ENOTDIR';
  if (s.dialect === 'dash') {
    if (reading) return `${prefix(s)}cannot open ${target}: ${missing ? 'No such file' : ERRNO_TEXT[code]}\n`;
    return `${prefix(s)}cannot create ${target}: ${missing ? 'Directory nonexistent' : ERRNO_TEXT[code]}\n`;
  }
  if (reading) return `${prefix(s)}can't open ${target}: ${missing ? 'no such file' : ERRNO_TEXT[code]}\n`;
  return `${prefix(s)}can't create ${target}: ${missing ? 'nonexistent directory' : ERRNO_TEXT[code]}\n`;
}

/** Status of a command whose redirection failed. */
export function redirectStatus(s: Speaker): number {
  return s.dialect === 'bash' ? 1 : 2;
}

/** `cd` into a missing path or a file, and the status it gives. */
export function cdError(s: Speaker, target: string, code: 'ENOENT' | 'ENOTDIR'): { text: string; status: number } {
  if (s.dialect === 'bash') return { text: `${prefix(s)}cd: ${target}: ${ERRNO_TEXT[code]}\n`, status: 1 };
  if (s.dialect === 'dash') return { text: `${prefix(s)}cd: can't cd to ${target}\n`, status: 2 };
  return { text: `${prefix(s)}cd: ${s.interactive ? '' : `line ${s.line}: `}can't cd to ${target}: ${ERRNO_TEXT[code]}\n`, status: 2 };
}
