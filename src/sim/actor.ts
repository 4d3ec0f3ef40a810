/**
 * An actor is one sequential thread of async work in the simulator: a simulated client, a k6 VU, a
 * partition worker. It runs one task at a time and has at most one simulator operation outstanding
 * (the sync core never issues two requests at once); the engine relies on that to know when every
 * continuation has settled. Breaking it is a bug in the runner, reported at once.
 *
 * Code that must run at the task's virtual time belongs inside the task: what a caller chains onto
 * start()'s promise runs after the actor has gone to sleep, when the engine may have moved on.
 */
import type { Sleep } from '../core/ports.ts';
import type { SimEngine } from './engine.ts';

const RESOLVED: Promise<void> = Promise.resolve();

export class Actor {
  private awake = false;
  private busy = false;
  private resolveOp: ((value: unknown) => void) | undefined;

  constructor(
    readonly name: string,
    private readonly engine: SimEngine,
  ) {}

  get isAwake(): boolean {
    return this.awake;
  }

  /** True while a task started with start() has not settled. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** Run task on this actor now; it runs until it suspends on a simulator operation. */
  start<T>(task: () => Promise<T>): Promise<T> {
    if (this.busy) throw new Error(`sim: actor ${this.name} is already running a task`);
    this.busy = true;
    this.wake();
    let promise: Promise<T>;
    try {
      promise = task();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (value) => {
        this.settle();
        return value;
      },
      (error: unknown) => {
        this.engine.actorFailed(error);
        this.settle();
        throw error;
      },
    );
  }

  /**
   * Suspend until resume() is called. The caller must already have scheduled the event that calls it;
   * from now until then the actor is asleep.
   */
  suspend<T>(): Promise<T> {
    if (!this.awake) throw new Error(`sim: actor ${this.name} suspended while not running (two operations at once?)`);
    if (this.resolveOp) throw new Error(`sim: actor ${this.name} already has an operation outstanding`);
    const promise = new Promise<T>(this.keepResolve);
    this.awake = false;
    this.engine.actorSlept();
    return promise;
  }

  /** The executor of every suspend()'s promise: one function per actor, not a closure per operation. */
  private readonly keepResolve = (resolve: (value: never) => void): void => {
    this.resolveOp = resolve as (value: unknown) => void;
  };

  /** Called by an event: the outstanding operation completed with value. */
  resume(value: unknown): void {
    const resolve = this.resolveOp;
    if (!resolve) throw new Error(`sim: actor ${this.name} resumed with no operation outstanding`);
    this.resolveOp = undefined;
    this.wake();
    resolve(value);
  }

  /** The actor is its own wake-up event when it sleeps. */
  fire(): void {
    this.resume(undefined);
  }

  /** The sync core's Sleep for this actor. A delay of 0 does not suspend: nothing else can happen first. */
  readonly sleep: Sleep = (ms) => {
    if (!(ms > 0)) return RESOLVED;
    this.engine.after(ms, this);
    return this.suspend<void>();
  };

  private wake(): void {
    if (this.awake) throw new Error(`sim: actor ${this.name} resumed while running`);
    this.awake = true;
    this.engine.actorWoke();
  }

  private settle(): void {
    if (this.resolveOp)
      this.engine.actorFailed(new Error(`sim: actor ${this.name} finished with an operation outstanding`));
    this.busy = false;
    if (this.awake) {
      this.awake = false;
      this.engine.actorSlept();
    }
  }
}
