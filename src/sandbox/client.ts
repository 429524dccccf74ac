/**
 * What the page uses to talk to its lab. The Web Worker (worker.ts) starts lazily, on the first
 * request or on `prewarm()` (call it when the reader is idle), so the page renders and reads fully
 * without it. Every method resolves to a reply (protocol.ts), never rejects: a failure is
 * `{ok: false, kind, key, params, message}` for the page to translate and show.
 *
 *   const lab = createLabClient({ lab: 'docker', seed: 1 });
 *   const r = await lab.run('docker ps');
 *   if (r.ok) show(r.output); else show(t(r.key, r.params));
 */
import {
  failure,
  type DetachReply,
  type DoneReply,
  type Failure,
  type ResetReply,
  type RunReply,
  type RunRequestOptions,
  type SandboxLimits,
  type SessionReply,
  type SnapshotReply,
  type StateReply,
  type StreamReply,
  type WorkerEnvelope,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.ts';
import { preloadSandbox, quickJsWasmUrl, sandboxBundleUrl, type Preloaded } from './preload.ts';

export interface LabClientOptions {
  lab: string;
  seed?: number;
  /** Where the simulator bundle is served (default `<base>/sandbox/simulator.js`). */
  bundleUrl?: string;
  limits?: SandboxLimits;
  /** Makes the worker (tests substitute their own). */
  createWorker?: () => Worker;
  /**
   * How long a request may go unanswered before the worker is presumed stuck and stopped (default
   * 20 s: far beyond the sandbox's own deadline and the rebuild after it, so it only fires when the
   * worker itself is wedged). Pending and later requests then get an `unavailable` failure.
   */
  watchdogMs?: number;
  /**
   * Downloads the sandbox's files in the page while the worker starts, for its `init` message. By
   * default the page does this when it makes the worker itself (not with `createWorker`).
   */
  preload?: (bundleUrl: string) => Promise<Preloaded>;
}

/** How long the worker's start waits for the page's downloads before it fetches the files itself. */
const PRELOAD_WAIT_MS = 15_000;

const DEFAULT_WATCHDOG_MS = 20_000;

export interface LabClient {
  run(command: string, options?: RunRequestOptions): Promise<RunReply>;
  writeFile(path: string, content: string, host?: string): Promise<DoneReply>;
  advance(ms: number): Promise<DoneReply>;
  reset(): Promise<ResetReply>;
  snapshot(): Promise<SnapshotReply>;
  restore(snapshot: string): Promise<ResetReply>;
  state(): Promise<StateReply>;
  /** A terminal session's prompt and whether it types into a container. */
  session(session?: string): Promise<SessionReply>;
  /** Ctrl+P Ctrl+Q: detaches the session from the container it is attached to, which keeps running. */
  detach(session?: string): Promise<DetachReply>;
  /** Moves lab time on by `ms` for a session's foreground stream (a run with `follow` that is `streaming`). */
  pump(ms: number, session?: string): Promise<StreamReply>;
  /** Ctrl+C on a session's foreground stream: it ends with exit 130. */
  interrupt(session?: string): Promise<StreamReply>;
  /** Starts the worker and builds the lab now; resolves with the first prompt (or the failure). */
  prewarm(): Promise<ResetReply>;
  dispose(): void;
}

function defaultWorker(): Worker {
  // This exact shape lets Vite find and bundle the worker and its dependencies.
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'podbook-lab' });
}

/** The promise's value, or undefined if it fails or takes longer than `ms`. */
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

export function createLabClient(options: LabClientOptions): LabClient {
  let worker: Worker | null = null;
  let started: Promise<ResetReply> | null = null;
  let nextId = 1;
  let down: Failure | null = null;
  const pending = new Map<number, (reply: WorkerResponse['reply']) => void>();

  const failAll = (reason: Failure): void => {
    down = reason;
    for (const resolve of pending.values()) resolve(reason);
    pending.clear();
  };

  const watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  const send = (request: WorkerRequest): Promise<WorkerResponse['reply']> => {
    if (down) return Promise.resolve(down);
    const w = worker as Worker;
    const id = nextId++;
    // Starting includes downloading QuickJS on the reader's connection: give it far longer.
    const limit = request.type === 'init' ? watchdogMs * 6 : watchdogMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        w.terminate();
        failAll(failure('unavailable', { detail: `the lab stopped answering for ${limit / 1000} s` }));
      }, limit);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      w.postMessage({ ...request, id } satisfies WorkerEnvelope);
    });
  };

  const start = (): Promise<ResetReply> => {
    if (started) return started;
    try {
      worker = (options.createWorker ?? defaultWorker)();
    } catch (e) {
      down = failure('unavailable', { detail: e instanceof Error ? e.message : String(e) });
      return (started = Promise.resolve(down));
    }
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const resolve = pending.get(event.data.id);
      pending.delete(event.data.id);
      resolve?.(event.data.reply);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      failAll(failure('unavailable', { detail: event.message || 'the worker failed to load' }));
    };
    const bundleUrl = options.bundleUrl ?? sandboxBundleUrl();
    const init: WorkerRequest = { type: 'init', lab: options.lab, seed: options.seed ?? 1, bundleUrl };
    if (options.limits) init.limits = options.limits;
    // The page's own worker learns where QuickJS is from the page (a test's worker loads its own).
    if (!options.createWorker) init.wasmUrl = quickJsWasmUrl(bundleUrl);
    const preload = options.preload ?? (options.createWorker ? undefined : preloadSandbox);
    started = (preload ? withinTime(preload(bundleUrl), PRELOAD_WAIT_MS) : Promise.resolve(undefined)).then(
      (preloaded) => send({ ...init, ...preloaded }) as Promise<ResetReply>,
    );
    return started;
  };

  const request = async <T extends WorkerResponse['reply']>(req: WorkerRequest): Promise<T> => {
    await start();
    return (await send(req)) as T;
  };

  return {
    run: (command, runOptions) => request<RunReply>(runOptions ? { type: 'run', command, options: runOptions } : { type: 'run', command }),
    writeFile: (path, content, host) => request<DoneReply>(host === undefined ? { type: 'writeFile', path, content } : { type: 'writeFile', path, content, host }),
    advance: (ms) => request<DoneReply>({ type: 'advance', ms }),
    reset: () => request<ResetReply>({ type: 'reset' }),
    snapshot: () => request<SnapshotReply>({ type: 'snapshot' }),
    restore: (snapshot) => request<ResetReply>({ type: 'restore', snapshot }),
    state: () => request<StateReply>({ type: 'state' }),
    session: (session) => request<SessionReply>(session === undefined ? { type: 'session' } : { type: 'session', session }),
    detach: (session) => request<DetachReply>(session === undefined ? { type: 'detach' } : { type: 'detach', session }),
    pump: (ms, session) => request<StreamReply>(session === undefined ? { type: 'pump', ms } : { type: 'pump', ms, session }),
    interrupt: (session) => request<StreamReply>(session === undefined ? { type: 'interrupt' } : { type: 'interrupt', session }),
    prewarm: start,
    dispose(): void {
      worker?.terminate();
      worker = null;
      failAll(failure('unavailable', { detail: 'the lab was closed' }));
    },
  };
}

export type { Failure, RunReply, DoneReply, ResetReply, SnapshotReply, StateReply, SessionReply, DetachReply, StreamReply } from './protocol.ts';
export { formatMessage, MESSAGES } from './protocol.ts';
