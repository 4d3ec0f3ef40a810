/**
 * A discrete-event engine in virtual time. Events run in (time, seq) order; the clock jumps to each
 * event's time. Everything is synchronous: an event runs to its end before the next is popped. The sync
 * core runs inside events too: an actor (./actor.ts) is resumed by the event that answers its request or
 * ends its sleep, and runs its steps up to their next effect within that event. So the engine knows
 * nothing of actors, waits for no promise, and an error thrown by any event ends the run with it.
 */
import type { Clock } from '../core/ports.ts';
import { EventQueue } from './event-queue.ts';

export interface EngineLimits {
  /** Stop with an error after this many events (a runaway retry loop must not hang CI). */
  maxEvents: number;
  /** Stop with an error when virtual time passes this. */
  maxVirtualMs: number;
}

export const DEFAULT_LIMITS: EngineLimits = { maxEvents: 50_000_000, maxVirtualMs: 7 * 24 * 3_600_000 };

/** An event: a callback, or an object that fires (a request in flight, a sleeping actor): no closure per event. */
export type SimEvent = (() => void) | { fire(): void };

export interface RunStats {
  events: number;
  endMs: number;
}

export class SimEngine {
  readonly clock: Clock;
  private nowMsValue = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private events = 0;
  private running = false;

  constructor(private readonly limits: EngineLimits = DEFAULT_LIMITS) {
    this.clock = { nowMs: () => this.nowMsValue };
  }

  get nowMs(): number {
    return this.nowMsValue;
  }

  /** Events run so far and the last one's time. */
  get stats(): RunStats {
    return { events: this.events, endMs: this.nowMsValue };
  }

  /** Run the event at virtual time timeMs (not before now). */
  at(timeMs: number, fn: SimEvent): void {
    if (!(timeMs >= this.nowMsValue) || !Number.isFinite(timeMs)) {
      throw new Error(`sim: cannot schedule at ${timeMs} ms, now is ${this.nowMsValue} ms`);
    }
    this.queue.push(timeMs, fn);
  }

  after(delayMs: number, fn: SimEvent): void {
    this.at(this.nowMsValue + delayMs, fn);
  }

  /** Run every event until none is left; the event count and the last event's time. */
  run(): RunStats {
    if (this.running) throw new Error('sim: run() is already in progress');
    this.running = true;
    try {
      while (this.step());
    } finally {
      this.running = false;
    }
    return this.stats;
  }

  /** Run the next event; false when none is left. Limits are checked after each event. */
  step(): boolean {
    if (!this.queue.pop(this.visit)) return false;
    if (++this.events > this.limits.maxEvents) throw new Error(`sim: more than ${this.limits.maxEvents} events`);
    if (this.nowMsValue > this.limits.maxVirtualMs)
      throw new Error(`sim: virtual time passed ${this.limits.maxVirtualMs} ms`);
    return true;
  }

  private readonly visit = (timeMs: number, event: SimEvent): void => {
    this.nowMsValue = timeMs;
    if (typeof event === 'function') event();
    else event.fire();
  };
}
