/**
 * Signal numbers and names of Linux on x86_64, and what each does by default. A process killed by
 * signal N reports exit status 128+N to shells and to Docker (143 after TERM, 137 after KILL).
 */
export const SIGNALS: readonly string[] = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS',
];

export type SignalAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

const DEFAULT_ACTION: Record<string, SignalAction> = {
  CHLD: 'ignore', URG: 'ignore', WINCH: 'ignore',
  CONT: 'cont', STOP: 'stop', TSTP: 'stop', TTIN: 'stop', TTOU: 'stop',
  QUIT: 'core', ILL: 'core', TRAP: 'core', ABRT: 'core', BUS: 'core', FPE: 'core', SEGV: 'core', XCPU: 'core', XFSZ: 'core', SYS: 'core',
};

export function defaultAction(signal: number): SignalAction {
  return DEFAULT_ACTION[SIGNALS[signal] ?? ''] ?? 'term';
}

/**
 * Parses a signal as kill(1), docker and Kubernetes accept it: a number (`9`), a name with or
 * without SIG (`KILL`, `SIGKILL`, case-insensitive). Real-time signals are not modelled. 0 is valid
 * (existence check); undefined when unknown.
 */
export function parseSignal(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 0 && n < SIGNALS.length ? n : undefined;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  if (name === 'IOT') return 6;
  if (name === 'IO') return 29;
  if (name === 'CLD') return 17;
  const n = SIGNALS.indexOf(name);
  return n > 0 ? n : undefined;
}

export function signalName(signal: number): string {
  return SIGNALS[signal] ?? String(signal);
}
