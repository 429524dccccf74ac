/**
 * The virtual clock. Time in the simulator is milliseconds since the Unix epoch, held in plain data
 * and moved only by the simulator itself: commands advance it by what they cost, `sleep 30` jumps
 * 30 s, and a host page may make it follow the wall clock. Nothing under simulator/ reads real time.
 */
export interface ClockState {
  now: number;
}

/** Every lab starts here unless told otherwise: Monday 2 June 2025, 09:00:00 UTC. */
export const LAB_EPOCH_MS = Date.UTC(2025, 5, 2, 9, 0, 0);

export class Clock {
  readonly state: ClockState;

  constructor(state: ClockState) {
    this.state = state;
  }

  get now(): number {
    return this.state.now;
  }

  /** Seconds since the epoch, truncated (what Unix timestamps in APIs carry). */
  get unix(): number {
    return Math.floor(this.state.now / 1000);
  }

  set(ms: number): void {
    if (ms < this.state.now) throw new Error('the virtual clock never goes backwards');
    this.state.now = ms;
  }
}
