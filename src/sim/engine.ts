/**
 * A discrete-event engine in virtual time. Events run in (time, seq) order; the clock jumps to each
 * event's time. Async code (the sync core, unchanged) runs inside actors: an actor is awake from the
 * moment an event resumes it until it suspends on a simulator operation (sleep, a request) or finishes.
 *
 * Promise continuations are microtasks, so after an event wakes an actor the engine must not pop the
 * next event before that actor has run up to its next suspension: otherwise it would read a clock that
 * has already moved on. Two ways to wait (SettleMode):
 * - 'count-awake' (default): the engine counts awake actors and the last one to suspend queues the next
 *   drive as a microtask. A whole run is one chain of microtasks, no macrotask per event. If that chain
 *   ends while an actor is still awake, the actor awaits something outside the simulator, and a single
 *   setImmediate watchdog (it only runs once the microtask queue is empty) reports the stall.
 * - 'macrotask': after every event that wakes an actor, yield with setImmediate, which runs only once
 *   every microtask has settled. Simple and obviously safe, and slower: test/bench/sim.bench.ts measures
 *   both, and test/sim/engine.test.ts checks that they produce identical runs.
 */
import type { Clock } from '../core/ports.ts';
import { EventQueue } from './event-queue.ts';
import { Actor } from './actor.ts';

export interface EngineLimits {
  /** Stop with an error after this many events (a runaway retry loop must not hang CI). */
  maxEvents: number;
  /** Stop with an error when virtual time passes this. */
  maxVirtualMs: number;
}

const RESOLVED: Promise<void> = Promise.resolve();

export const DEFAULT_LIMITS: EngineLimits = { maxEvents: 50_000_000, maxVirtualMs: 7 * 24 * 3_600_000 };

export type SettleMode = 'count-awake' | 'macrotask';

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
  private awake = 0;
  private events = 0;
  private failure: { error: unknown } | undefined;
  private finished: ((stats: RunStats) => void) | undefined;
  private failed: ((error: unknown) => void) | undefined;
  private readonly actors: Actor[] = [];

  constructor(
    private readonly limits: EngineLimits = DEFAULT_LIMITS,
    private readonly settle: SettleMode = 'count-awake',
  ) {
    this.clock = { nowMs: () => this.nowMsValue };
  }

  get nowMs(): number {
    return this.nowMsValue;
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

  actor(name: string): Actor {
    const actor = new Actor(name, this);
    this.actors.push(actor);
    return actor;
  }

  /** Drive every event until none is left. Resolves with the event count and the last event's time. */
  run(): Promise<RunStats> {
    if (this.finished) throw new Error('sim: run() is already in progress');
    return new Promise<RunStats>((resolve, reject) => {
      const watchdog = this.settle === 'count-awake' ? setImmediate(this.checkStalled) : undefined;
      this.finished = (stats) => {
        if (watchdog) clearImmediate(watchdog);
        resolve(stats);
      };
      this.failed = (error) => {
        if (watchdog) clearImmediate(watchdog);
        reject(error);
      };
      this.drive();
    });
  }

  /** An actor started or was resumed. */
  actorWoke(): void {
    this.awake++;
  }

  /** An actor suspended or finished; the last one to do so lets the engine go on. */
  actorSlept(): void {
    // A resolved promise's then() is cheaper than queueMicrotask, which goes through async_hooks.
    if (--this.awake === 0 && this.settle === 'count-awake') void RESOLVED.then(this.drive);
  }

  /** An actor's task threw: the run fails with that error. */
  actorFailed(error: unknown): void {
    this.failure ??= { error };
  }

  private readonly visit = (timeMs: number, event: SimEvent): void => {
    this.nowMsValue = timeMs;
    if (typeof event === 'function') event();
    else event.fire();
  };

  private readonly drive = (): void => {
    if (!this.finished) return;
    try {
      while (this.awake === 0) {
        if (this.failure) return this.stop(this.failure);
        if (!this.queue.pop(this.visit)) return this.stop();
        if (++this.events > this.limits.maxEvents) throw new Error(`sim: more than ${this.limits.maxEvents} events`);
        if (this.nowMsValue > this.limits.maxVirtualMs)
          throw new Error(`sim: virtual time passed ${this.limits.maxVirtualMs} ms`);
      }
      if (this.settle === 'macrotask') setImmediate(this.afterMacrotask);
    } catch (error) {
      this.stop({ error });
    }
  };

  /** macrotask mode: every microtask has run, so every woken actor must have suspended or finished. */
  private readonly afterMacrotask = (): void => {
    if (this.awake === 0) this.drive();
    else this.checkStalled();
  };

  private readonly checkStalled = (): void => {
    if (!this.finished) return;
    const stuck = this.actors.filter((a) => a.isAwake).map((a) => a.name);
    this.stop({
      error: new Error(
        `sim stalled at ${this.nowMsValue} ms: awake actor(s) ${stuck.join(', ') || '(none)'} await something outside the simulator`,
      ),
    });
  };

  private stop(failure?: { error: unknown }): void {
    const finished = this.finished;
    const failed = this.failed;
    this.finished = undefined;
    this.failed = undefined;
    if (failure) failed?.(failure.error);
    else finished?.({ events: this.events, endMs: this.nowMsValue });
  }
}
