/**
 * The messages of the sandbox, shared by the page (client.ts), the Web Worker (worker.ts), the
 * QuickJS host (host.ts) and the code inside QuickJS (guest.ts). Everything here is plain JSON data:
 * only JSON strings cross the QuickJS boundary, and only structured-clonable data crosses the worker's.
 */
import type { WorldState } from '../../simulator/index.ts';

/** Why a request did not complete. `invalid` is a caller mistake (bad snapshot, unknown host). */
export type FailureKind = 'timeout' | 'oom' | 'crash' | 'invalid' | 'unavailable';

/** Keys of the sandbox's messages; the page translates them (src/i18n/<locale>.json). */
export type MessageKey = 'sandbox.timeout' | 'sandbox.oom' | 'sandbox.crash' | 'sandbox.invalid' | 'sandbox.unavailable';

/** English text of each message, used outside the page (doc tests, CLI) and as the page's fallback. */
export const MESSAGES: Record<MessageKey, string> = {
  'sandbox.timeout': 'podbook: command stopped: it ran longer than {seconds} s; the lab is back as it was before it',
  'sandbox.oom': 'podbook: command stopped: it used more than {megabytes} MB of memory; the lab is back as it was before it',
  'sandbox.crash': 'podbook: the simulator failed ({detail}); the lab is back as it was before the command',
  'sandbox.invalid': 'podbook: {detail}',
  'sandbox.unavailable': 'podbook: the lab could not start: {detail}',
};

export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders of a message template. */
export function formatMessage(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface Failure {
  ok: false;
  kind: FailureKind;
  key: MessageKey;
  params: MessageParams;
  /** The English text (MESSAGES[key] filled with params). */
  message: string;
}

export function failure(kind: FailureKind, params: MessageParams): Failure {
  const key = `sandbox.${kind}` as MessageKey;
  return { ok: false, kind, key, params, message: formatMessage(MESSAGES[key], params) };
}

export interface RunOk {
  ok: true;
  host: string;
  command: string;
  output: string;
  exitCode: number;
  prompt: string;
  /** The command keeps printing in the foreground (only when run with `follow`): `pump` it, `interrupt` it. */
  streaming?: boolean;
}

export type RunReply = RunOk | Failure;
export type DoneReply = { ok: true } | Failure;
export type SnapshotReply = { ok: true; snapshot: string } | Failure;
export type StateReply = { ok: true; state: WorldState; prompt: string } | Failure;
export type ResetReply = { ok: true; prompt: string } | Failure;
/**
 * Where a terminal session stands: its prompt, whether it types into a container (`run -it`,
 * `attach`, `exec -it`), and `streaming` when a followed command is still in its foreground.
 */
export type SessionReply = { ok: true; prompt: string; attached: boolean; streaming?: true } | Failure;
/**
 * A step of a foreground stream (`pump`, `interrupt`): what it printed meanwhile, and once `done`
 * (ended by itself or by Ctrl+C) its exit status. With nothing in the foreground it is `done` at once.
 */
export type StreamReply = { ok: true; output: string; done: boolean; exitCode?: number; prompt: string } | Failure;
/** Ctrl+P Ctrl+Q: what the terminal prints (`read escape sequence`), or null when nothing was attached. */
export type DetachReply = { ok: true; output: string | null; prompt: string } | Failure;

export interface RunRequestOptions {
  host?: string;
  session?: string;
  /**
   * A terminal follows commands that keep printing (`docker logs -f`, `events`, `stats`, `attach`):
   * they stay in the foreground (`streaming`) until they end or are interrupted. Cells leave it out.
   */
  follow?: boolean;
}

export interface SandboxLimits {
  /** Longest a single request may run (default 2000 ms). */
  deadlineMs?: number;
  /** Memory cap of the QuickJS runtime (default 64 MB). */
  memoryBytes?: number;
}

export const DEFAULT_DEADLINE_MS = 2000;
export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024;

/** Requests into the guest (guest.ts), one JSON string per call. */
export type GuestRequest =
  | { op: 'create'; lab: string; seed: number }
  | { op: 'restore'; snapshot: string }
  | { op: 'run'; command: string; host?: string; session?: string; follow?: boolean }
  | { op: 'writeFile'; path: string; content: string; host?: string }
  | { op: 'advance'; ms: number }
  | { op: 'snapshot' }
  | { op: 'state' }
  | { op: 'prompt'; session?: string }
  | { op: 'session'; session?: string }
  | { op: 'detach'; session?: string }
  | { op: 'pump'; ms: number; session?: string }
  | { op: 'interrupt'; session?: string };

/** The guest's reply: `invalid` marks a LabError (the caller's mistake), anything else thrown is a bug. */
export type GuestReply = { ok: true; value: unknown } | { ok: false; invalid: boolean; error: string };

/** Messages from the page to the worker. */
export type WorkerRequest =
  | {
      type: 'init';
      lab: string;
      seed: number;
      bundleUrl: string;
      wasmUrl?: string;
      limits?: SandboxLimits;
      /** The main script at `bundleUrl`, when the page already downloaded it (src/sandbox/preload.ts). */
      bundle?: string;
      /** QuickJS's WebAssembly, when the page already compiled it. */
      wasmModule?: WebAssembly.Module;
    }
  | { type: 'run'; command: string; options?: RunRequestOptions }
  | { type: 'writeFile'; path: string; content: string; host?: string }
  | { type: 'advance'; ms: number }
  | { type: 'snapshot' }
  | { type: 'restore'; snapshot: string }
  | { type: 'reset' }
  | { type: 'state' }
  | { type: 'session'; session?: string }
  | { type: 'detach'; session?: string }
  | { type: 'pump'; ms: number; session?: string }
  | { type: 'interrupt'; session?: string };

export type WorkerEnvelope = WorkerRequest & { id: number };

/** The worker's answer to the request with the same id. */
export interface WorkerResponse {
  id: number;
  reply: RunReply | DoneReply | SnapshotReply | StateReply | ResetReply | SessionReply | DetachReply | StreamReply;
}
