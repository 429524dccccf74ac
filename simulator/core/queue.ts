/**
 * A discrete-event queue on the virtual clock. Events are plain data ({at, seq, kind, data}) so a
 * snapshot carries pending work; behaviour lives in handlers registered by kind. Ties at the same
 * instant run in the order they were scheduled (seq), which keeps runs deterministic.
 */
import type { Clock } from './clock.ts';

export interface SimEvent {
  at: number;
  seq: number;
  kind: string;
  data: unknown;
}

export interface QueueState {
  events: SimEvent[];
  seq: number;
}

export type EventHandler = (event: SimEvent) => void;

export class EventQueue {
  private readonly handlers: Record<string, EventHandler> = {};

  readonly state: QueueState;
  private readonly clock: Clock;

  constructor(state: QueueState, clock: Clock) {
    this.state = state;
    this.clock = clock;
  }

  on(kind: string, handler: EventHandler): void {
    this.handlers[kind] = handler;
  }

  schedule(at: number, kind: string, data: unknown = null): number {
    const event: SimEvent = { at: Math.max(at, this.clock.now), seq: this.state.seq++, kind, data };
    const events = this.state.events;
    // Keep the list sorted by (at, seq); most events land near the end, so search from there.
    let i = events.length;
    while (i > 0 && compare(events[i - 1] as SimEvent, event) > 0) i--;
    events.splice(i, 0, event);
    return event.seq;
  }

  after(delayMs: number, kind: string, data: unknown = null): number {
    return this.schedule(this.clock.now + delayMs, kind, data);
  }

  cancel(seq: number): boolean {
    const i = this.state.events.findIndex((e) => e.seq === seq);
    if (i < 0) return false;
    this.state.events.splice(i, 1);
    return true;
  }

  /** Cancel every pending event of a kind whose data matches. */
  cancelWhere(kind: string, match: (data: unknown) => boolean): number {
    const before = this.state.events.length;
    this.state.events = this.state.events.filter((e) => !(e.kind === kind && match(e.data)));
    return before - this.state.events.length;
  }

  peek(): SimEvent | undefined {
    return this.state.events[0];
  }

  /**
   * Move the clock to `until`, running every event due on the way at its own instant.
   * `budget` bounds the number of events so a self-rescheduling handler cannot spin forever.
   */
  runUntil(until: number, budget = 1_000_000): void {
    let left = budget;
    for (;;) {
      const next = this.state.events[0];
      if (!next || next.at > until) break;
      if (left-- <= 0) throw new Error('event budget exhausted: a handler keeps rescheduling itself');
      this.state.events.shift();
      if (next.at > this.clock.now) this.clock.set(next.at);
      const handler = this.handlers[next.kind];
      if (handler) handler(next);
    }
    if (until > this.clock.now) this.clock.set(until);
  }
}

function compare(a: SimEvent, b: SimEvent): number {
  return a.at - b.at || a.seq - b.seq;
}
