/**
 * A lab inside QuickJS, driven from JavaScript: the Web Worker uses it in the browser, the doc tests
 * use it directly in Node. It owns one QuickJS runtime and context with the simulator bundle loaded,
 * and passes only JSON strings across the boundary (every handle lives in a Scope or is owned by this
 * object and disposed with it).
 *
 * Each request gets a deadline (interrupt handler) and the runtime a memory cap. The host always
 * knows the last good state: a base (a snapshot, or the `create` request that made the lab) plus the
 * journal of requests that succeeded since (the simulator is deterministic, so replaying them
 * rebuilds the same lab). Creating or restoring a lab therefore needs no save of its own. When a command is
 * interrupted, runs out of memory or the simulator throws, the host throws the whole context away,
 * builds a fresh one, restores the snapshot and replays the journal, so the lab is usable and exactly
 * as it was before the command. A new snapshot is taken once the journal holds enough work, which
 * keeps the cost of saving off most commands. Replies are results, not throws (protocol.ts).
 */
import { Scope, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from 'quickjs-emscripten-core';
import { loadFreshQuickJs, loadQuickJs, type QuickJSWASMModule, type WasmSource } from './quickjs.ts';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_MEMORY_BYTES,
  failure,
  type DoneReply,
  type Failure,
  type GuestReply,
  type GuestRequest,
  type DetachReply,
  type ResetReply,
  type RunOk,
  type RunReply,
  type RunRequestOptions,
  type SandboxLimits,
  type SessionReply,
  type SnapshotReply,
  type StateReply,
  type StreamReply,
} from './protocol.ts';
import type { WorldState } from '../../simulator/index.ts';
import { partFile } from '../../simulator/lazy/names.ts';

/**
 * The simulator's scripts: `main` (public/sandbox/simulator.js) and its lazily loaded parts
 * (simulator-<name>.js), by name or through a function that returns a part's text when the lab
 * first needs it. A bare string is a main script alone; its lab fails a command that needs a part.
 */
export type SandboxScripts = string | { main: string; parts: Readonly<Record<string, string>> | ((name: string) => string) };

export interface HostOptions extends SandboxLimits {
  bundle: SandboxScripts;
  lab: string;
  seed?: number;
  /** Start from this snapshot instead of a fresh lab. */
  snapshot?: string;
  /** An already loaded QuickJS module (otherwise loaded from `wasmLocation` or the package). */
  quickjs?: QuickJSWASMModule;
  /** Where QuickJS is loaded from, and a fresh instance after a failure broke the loaded one. */
  wasmLocation?: WasmSource;
  /** Enables `evalForTest`, which the sandbox tests use to run runaway code. Never set by the page. */
  testHooks?: boolean;
}

/** Timings of the host's life, for the bench. */
export interface HostTimings {
  /** Runtime + context creation and bundle evaluation, last boot (ms). */
  bootMs: number;
  /** Of which: runtime and context creation (ms). */
  contextMs: number;
  /** Evaluating lazily loaded parts of the simulator, since the last boot (ms). */
  partsMs: number;
  /** How many times the context was rebuilt after a failure. */
  rebuilds: number;
  /** The last request's own run time, and the save of the lab after it (ms). */
  requestMs: number;
  saveMs: number;
}

type Outcome = { ok: true; value: unknown } | Failure;

const now = (): number => performance.now();
const MAX_STACK_BYTES = 128 * 1024;
/** Save a snapshot once the journal took this long to run (bounds the replay after a failure)... */
const SAVE_AFTER_MS = 150;
/** ...or holds this many requests. */
const SAVE_AFTER_REQUESTS = 64;
/** Replaying work that already succeeded once gets this many times the normal deadline. */
const REPLAY_DEADLINE_FACTOR = 5;

export class SandboxHost {
  private quickjs: QuickJSWASMModule;
  private moduleBroken = false;
  private readonly options: HostOptions;
  private readonly deadlineMs: number;
  private readonly memoryBytes: number;
  private runtime: QuickJSRuntime | null = null;
  private context: QuickJSContext | null = null;
  /** `podbook.call`, owned by this host for the context's life. */
  private callFn: QuickJSHandle | null = null;
  private deadline = Infinity;
  private interrupted = false;
  /**
   * What rebuilds the last saved lab (a `restore` of a snapshot, or the `create` that made it); with
   * the journal replayed on it, the state after the last good request.
   */
  private base: Extract<GuestRequest, { op: 'create' | 'restore' }> = { op: 'restore', snapshot: '' };
  /** Requests that succeeded since `base`, in order, and how long they took to run. */
  private journal: GuestRequest[] = [];
  private journalMs = 0;
  private queue: Promise<void> = Promise.resolve();
  readonly timings: HostTimings = { bootMs: 0, contextMs: 0, partsMs: 0, rebuilds: 0, requestMs: 0, saveMs: 0 };

  private constructor(quickjs: QuickJSWASMModule, options: HostOptions) {
    this.quickjs = quickjs;
    this.options = options;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  }

  /** Loads QuickJS if needed, evaluates the bundle and creates (or restores) the lab. */
  static async create(options: HostOptions): Promise<SandboxHost> {
    const quickjs = options.quickjs ?? (await loadQuickJs(options.wasmLocation));
    const host = new SandboxHost(quickjs, options);
    host.boot();
    const first: SandboxHost['base'] = options.snapshot !== undefined
      ? { op: 'restore', snapshot: options.snapshot }
      : { op: 'create', lab: options.lab, seed: options.seed ?? 1 };
    const made = host.call(first);
    if (!made.ok) {
      host.dispose();
      throw new Error(made.message);
    }
    host.base = first;
    return host;
  }

  run(command: string, options: RunRequestOptions = {}): Promise<RunReply> {
    const req: GuestRequest = { op: 'run', command };
    if (options.host !== undefined) req.host = options.host;
    if (options.session !== undefined) req.session = options.session;
    if (options.follow) req.follow = true;
    return this.serial(async () => {
      const out = await this.mutate(req);
      return out.ok ? { ok: true, ...(out.value as Omit<RunOk, 'ok'>) } : out;
    });
  }

  writeFile(path: string, content: string, host?: string): Promise<DoneReply> {
    const req: GuestRequest = { op: 'writeFile', path, content };
    if (host !== undefined) req.host = host;
    return this.serial(async () => {
      const out = await this.mutate(req);
      return out.ok ? { ok: true } : out;
    });
  }

  advance(ms: number): Promise<DoneReply> {
    return this.serial(async () => {
      const out = await this.mutate({ op: 'advance', ms });
      return out.ok ? { ok: true } : out;
    });
  }

  /** The lab as JSON. */
  snapshot(): Promise<SnapshotReply> {
    return this.serial(async () => {
      if (this.journal.length > 0 || this.base.op !== 'restore') {
        const saved = await this.save();
        if (!saved.ok) return saved;
      }
      return { ok: true, snapshot: (this.base as { snapshot: string }).snapshot };
    });
  }

  /** Replaces the lab with a saved one; a bad snapshot is refused and the lab left as it was. */
  restore(snapshot: string): Promise<ResetReply> {
    return this.serial(async () => {
      const out = await this.mutate({ op: 'restore', snapshot });
      return out.ok ? { ok: true, prompt: (out.value as { prompt: string }).prompt } : out;
    });
  }

  /** A fresh lab with the original name and seed. */
  reset(): Promise<ResetReply> {
    return this.serial(async () => {
      const out = await this.mutate({ op: 'create', lab: this.options.lab, seed: this.options.seed ?? 1 });
      return out.ok ? { ok: true, prompt: (out.value as { prompt: string }).prompt } : out;
    });
  }

  /** The prompt a session would show: what a page needs to start, without copying the whole lab as `state` does. */
  prompt(session?: string): Promise<ResetReply> {
    return this.serial(async () => {
      const req: GuestRequest = { op: 'prompt' };
      if (session !== undefined) req.session = session;
      const out = this.call(req);
      if (!out.ok) return this.fail(out);
      return { ok: true, prompt: out.value as string };
    });
  }

  /** A session's prompt and whether it is attached to a container, without changing the lab. */
  session(session?: string): Promise<SessionReply> {
    return this.serial(async () => {
      const req: GuestRequest = { op: 'session' };
      if (session !== undefined) req.session = session;
      const out = this.call(req);
      if (!out.ok) return this.fail(out);
      return { ok: true, ...(out.value as { prompt: string; attached: boolean; streaming?: true }) };
    });
  }

  /** Ctrl+P Ctrl+Q in a session's terminal: leaves an attached container running. */
  detach(session?: string): Promise<DetachReply> {
    const req: GuestRequest = { op: 'detach' };
    if (session !== undefined) req.session = session;
    return this.serial(async () => {
      const out = await this.mutate(req);
      return out.ok ? { ok: true, ...(out.value as { output: string | null; prompt: string }) } : out;
    });
  }

  /**
   * Moves lab time on by `ms` for a session's foreground stream and returns what it printed. Time
   * passing changes the lab, so a pump is journalled like a command (a rollback replays it) and runs
   * under the same deadline and memory cap.
   */
  pump(ms: number, session?: string): Promise<StreamReply> {
    const req: GuestRequest = { op: 'pump', ms };
    if (session !== undefined) req.session = session;
    return this.stream(req);
  }

  /** Ctrl+C on a session's foreground stream: it ends (exit 130) and the prompt comes back. */
  interrupt(session?: string): Promise<StreamReply> {
    const req: GuestRequest = { op: 'interrupt' };
    if (session !== undefined) req.session = session;
    return this.stream(req);
  }

  private stream(req: GuestRequest): Promise<StreamReply> {
    return this.serial(async () => {
      const out = await this.mutate(req);
      return out.ok ? { ok: true, ...(out.value as Omit<Extract<StreamReply, { ok: true }>, 'ok'>) } : out;
    });
  }

  state(): Promise<StateReply> {
    return this.serial(async () => {
      const out = this.call({ op: 'state' });
      if (!out.ok) return this.fail(out);
      return { ok: true, ...(out.value as { state: WorldState; prompt: string }) };
    });
  }

  /** Evaluates code in the guest under the same limits and rollback as a command (tests only). */
  evalForTest(code: string): Promise<Outcome> {
    if (!this.options.testHooks) throw new Error('evalForTest needs testHooks: true');
    return this.serial(() => this.evalGuarded(code));
  }

  private async evalGuarded(code: string): Promise<Outcome> {
    const out = this.guarded((ctx, scope) => {
      const result = ctx.evalCode(code);
      if (result.error) return { thrown: scope.manage(result.error) };
      return { value: ctx.dump(scope.manage(result.value)) as unknown };
    });
    if (!out.ok) return this.fail(out);
    // Arbitrary code cannot be journalled; save at once.
    const saved = await this.save();
    return saved.ok ? out : saved;
  }

  /** QuickJS's own accounting of the runtime's memory (`JS_ComputeMemoryUsage`). */
  memoryUsage(): Record<string, number> {
    const ctx = this.live();
    return Scope.withScope((scope) => ctx.dump(scope.manage((this.runtime as QuickJSRuntime).computeMemoryUsage())) as Record<string, number>);
  }

  /**
   * Frees the runtime. QuickJS checks on the way out that no object is left alive, so a handle
   * this host forgot to dispose makes this throw (the sandbox tests rely on that).
   */
  dispose(): void {
    if (this.moduleBroken) return; // a broken instance is simply dropped
    this.teardown();
  }

  // --- internals -------------------------------------------------------------------------------

  /** Requests run one at a time, in order, even when a caller does not wait for the previous one. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private live(): QuickJSContext {
    if (!this.context) throw new Error('the sandbox host has been disposed');
    return this.context;
  }

  /** A fresh runtime and context with the bundle evaluated and `podbook.call` in hand. */
  private boot(): void {
    const start = now();
    const runtime = this.quickjs.newRuntime();
    runtime.setMemoryLimit(this.memoryBytes);
    // QuickJS must notice deep recursion before the native (wasm) stack runs out: 128 KB allows
    // ~700 plain JS frames, far more than the simulator uses.
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    runtime.setInterruptHandler(() => {
      if (now() <= this.deadline) return false;
      this.interrupted = true;
      return true;
    });
    const context = runtime.newContext();
    this.timings.contextMs = now() - start;
    this.runtime = runtime;
    this.context = context;
    this.timings.partsMs = 0;
    context.newFunction('__pbLoadPart', (nameHandle) => this.loadPart(context, context.getString(nameHandle))).consume((loader) => context.setProp(context.global, '__pbLoadPart', loader));
    const bundle = this.options.bundle;
    const loaded = Scope.withScope((scope) => {
      const result = context.evalCode(typeof bundle === 'string' ? bundle : bundle.main, 'simulator.js');
      if (result.error) return `the simulator bundle failed to load: ${describe(context.dump(scope.manage(result.error)))}`;
      scope.manage(result.value);
      const api = scope.manage(context.getProp(context.global, 'podbook'));
      this.callFn = context.getProp(api, 'call');
      return context.typeof(this.callFn) === 'function' ? null : 'the simulator bundle does not define podbook.call';
    });
    if (loaded) {
      this.teardown();
      throw new Error(loaded);
    }
    this.timings.bootMs = now() - start;
  }

  /**
   * `__pbLoadPart(name)`, called by the bundle's prelude the first time the lab needs a part: evaluates
   * the part's script in the same context (it registers its modules) under the current deadline.
   */
  private loadPart(context: QuickJSContext, name: string): QuickJSHandle | { error: QuickJSHandle } {
    const bundle = this.options.bundle;
    let text: string | undefined;
    try {
      if (typeof bundle !== 'string') text = typeof bundle.parts === 'function' ? bundle.parts(name) : bundle.parts[name];
    } catch (e) {
      return { error: context.newError(`podbook: the part ${name} of the simulator could not be loaded: ${e instanceof Error ? e.message : String(e)}`) };
    }
    if (text === undefined) return { error: context.newError(`podbook: the simulator has no part ${name}`) };
    const start = now();
    const result = context.evalCode(text, partFile(name));
    this.timings.partsMs += now() - start;
    if (result.error) return { error: result.error };
    result.value.dispose();
    return context.undefined;
  }

  private teardown(): void {
    this.callFn?.dispose();
    this.context?.dispose();
    this.runtime?.dispose();
    this.callFn = null;
    this.context = null;
    this.runtime = null;
  }

  /** Runs `body` under the deadline, turning every way it can fail into a Failure. */
  private guarded(body: (ctx: QuickJSContext, scope: Scope) => { value: unknown } | { thrown: QuickJSHandle }, deadlineMs = this.deadlineMs): Outcome {
    const ctx = this.live();
    this.interrupted = false;
    this.deadline = now() + deadlineMs;
    try {
      return Scope.withScope((scope): Outcome => {
        const out = body(ctx, scope);
        // QuickJS's interrupt cannot be caught by guest code, but a request cut short never counts.
        if ('value' in out) return this.interrupted ? this.classify(null) : { ok: true, value: out.value };
        return this.classify(safeDump(ctx, out.thrown));
      });
    } catch (e) {
      // The emscripten side itself failed (the native stack ran out, wasm memory was exhausted):
      // the instance can no longer be trusted.
      this.moduleBroken = true;
      return this.classify(e instanceof Error ? { name: e.name, message: e.message } : e);
    } finally {
      this.deadline = Infinity;
    }
  }

  private classify(error: unknown): Failure {
    if (this.interrupted) return failure('timeout', { seconds: this.deadlineMs / 1000 });
    const text = describe(error);
    if (error === null || /out of memory/i.test(text)) return failure('oom', { megabytes: Math.round(this.memoryBytes / 1024 / 1024) });
    return failure('crash', { detail: text });
  }

  /** One guest request under the limits. */
  private call(req: GuestRequest, deadlineMs = this.deadlineMs): Outcome {
    const json = JSON.stringify(req);
    const out = this.guarded((ctx, scope) => {
      const arg = scope.manage(ctx.newString(json));
      const result = ctx.callFunction(this.callFn as QuickJSHandle, ctx.undefined, arg);
      if (result.error) return { thrown: scope.manage(result.error) };
      return { value: ctx.getString(scope.manage(result.value)) };
    }, deadlineMs);
    if (!out.ok) return out;
    const reply = JSON.parse(out.value as string) as GuestReply;
    if (reply.ok) return reply;
    if (reply.invalid) return failure('invalid', { detail: reply.error });
    // The simulator may catch QuickJS's own errors and report them; they are still the limits'.
    return this.classify({ message: reply.error });
  }

  /**
   * A request that changes the lab. On success it joins the journal (or, for `create` and
   * `restore`, which replace the lab, a snapshot is taken at once); on failure the lab is rebuilt.
   */
  private async mutate(req: GuestRequest): Promise<Outcome> {
    const start = now();
    const out = this.call(req);
    this.timings.requestMs = now() - start;
    this.timings.saveMs = 0;
    if (!out.ok) return this.fail(out);
    if (req.op === 'create' || req.op === 'restore') {
      // The request itself rebuilds this lab: nothing to save.
      this.base = req;
      this.journal = [];
      this.journalMs = 0;
      return out;
    }
    this.journal.push(req);
    this.journalMs += this.timings.requestMs;
    if (this.journalMs < SAVE_AFTER_MS && this.journal.length < SAVE_AFTER_REQUESTS) return out;
    const saved = await this.save();
    return saved.ok ? out : saved;
  }

  /**
   * Snapshots the lab as the new rollback point. A request can leave the lab too big to save
   * within the limits (a shell variable doubled until memory ran out): then the last request is
   * the one that fails, and the lab is rebuilt without it.
   */
  private async save(): Promise<Outcome> {
    const start = now();
    const saved = this.call({ op: 'snapshot' });
    this.timings.saveMs = now() - start;
    if (!saved.ok) {
      this.journal.pop();
      return this.fail(saved);
    }
    this.base = { op: 'restore', snapshot: saved.value as string };
    this.journal = [];
    this.journalMs = 0;
    return saved;
  }

  private async fail(out: Failure): Promise<Failure> {
    if (out.kind !== 'invalid') await this.recover();
    return out;
  }

  /**
   * Throws the context away and rebuilds the lab from its base and journal. When the failure
   * broke the WebAssembly instance itself (a host-side exception unwound through it), freeing the
   * old runtime is unsafe, so a fresh instance of the module is loaded instead.
   */
  private async recover(): Promise<void> {
    await this.rebuild();
    // Requests that succeeded once succeed again the same way; generous limits absorb a slow moment.
    const journal = this.journal;
    this.journal = [];
    this.journalMs = 0;
    for (const req of journal) {
      if (this.call(req, this.deadlineMs * REPLAY_DEADLINE_FACTOR).ok) continue;
      // Should never happen (the simulator is deterministic); fall back to the saved lab alone.
      await this.rebuild();
      return;
    }
    if (journal.length > 0) {
      const saved = this.call({ op: 'snapshot' });
      if (saved.ok) this.base = { op: 'restore', snapshot: saved.value as string };
    }
  }

  /** A fresh context holding the last saved lab. */
  private async rebuild(): Promise<void> {
    if (!this.moduleBroken) {
      try {
        this.teardown();
      } catch {
        this.moduleBroken = true;
      }
    }
    if (this.moduleBroken) {
      this.callFn = null;
      this.context = null;
      this.runtime = null;
      this.quickjs = await loadFreshQuickJs(this.options.wasmLocation);
      this.moduleBroken = false;
    }
    this.boot();
    this.timings.rebuilds++;
    const back = this.call(this.base, this.deadlineMs * REPLAY_DEADLINE_FACTOR);
    if (!back.ok) throw new Error(`podbook: could not restore the lab after a failure: ${back.message}`);
  }
}

function safeDump(ctx: QuickJSContext, handle: QuickJSHandle): unknown {
  try {
    return ctx.dump(handle);
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof name === 'string' && name ? `${name}: ${message}` : message;
  }
  return String(error);
}
