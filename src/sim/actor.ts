/**
 * An actor is one sequential thread of the sync core in the simulator: a simulated client, a k6 VU, a
 * partition worker. It interprets the core's effects (src/core/effects.ts) inside the event loop: a
 * send goes on the actor's link to the server, a sleep on the event queue, and the event that answers
 * resumes the steps at once, up to their next effect. No promise and no microtask: an event runs the
 * actor to its next wait before the engine pops another, so every clock read is the event's time.
 */
import type { EffectAnswer, Steps } from '../core/effects.ts';
import type { HttpResponse } from '../core/ports.ts';
import type { RunStats, SimEngine } from './engine.ts';
import type { Link, Receiver, SimNetwork } from './network.ts';

/** Runs one task of steps at a time (an Actor; test/sim/support/driven.ts drives the same steps over promises). */
export interface StepRunner {
  readonly name: string;
  /** True from start() until the task's steps return. */
  readonly isBusy: boolean;
  /**
   * The runner's link to the server, when it has one (an actor does): the token its requests carry and
   * the server's note of the last one it refused (src/sim/experiments/swaps.ts sets and reads them per trade).
   */
  readonly link?: Link;
  /** Run steps on this runner from now; `done` gets their result, at the virtual time they return. */
  start<T>(steps: Steps<T>, done?: (result: T) => void): void;
}

export type SpawnRunner = (name: string) => StepRunner;

export class Actor implements StepRunner, Receiver {
  private steps: Steps<unknown> | undefined;
  private done: ((result: unknown) => void) | undefined;

  constructor(
    readonly name: string,
    private readonly engine: SimEngine,
    readonly link: Link,
  ) {}

  get isBusy(): boolean {
    return this.steps !== undefined;
  }

  start<T>(steps: Steps<T>, done?: (result: T) => void): void {
    if (this.steps) throw new Error(`sim: actor ${this.name} is already running a task`);
    this.steps = steps;
    this.done = done as ((result: unknown) => void) | undefined;
    this.resume(undefined);
  }

  /** The link's answer to the request the steps sent. */
  answer(response: HttpResponse): void {
    this.resume(response);
  }

  /** The actor is its own wake-up event when it sleeps. */
  fire(): void {
    this.resume(undefined);
  }

  /** Run the steps with this answer up to their next wait, or to their end. */
  private resume(answer: EffectAnswer): void {
    const steps = this.steps;
    if (!steps) throw new Error(`sim: actor ${this.name} resumed with no task`);
    let next = steps.next(answer);
    while (!next.done) {
      const effect = next.value;
      if (effect.kind === 'send') return this.link.send(effect.request, this);
      if (effect.ms > 0) return this.engine.after(effect.ms, this);
      next = steps.next(undefined); // a wait of 0: nothing else can happen first
    }
    const done = this.done;
    this.steps = undefined;
    this.done = undefined;
    done?.(next.value);
  }
}

/**
 * A simulation set up and not yet run: its engine and network, how it starts its clients on runners,
 * and how it reads its result once every event has run.
 */
export interface Simulation<R> {
  engine: SimEngine;
  network: SimNetwork;
  launch(spawn: SpawnRunner): void;
  finish(stats: RunStats): R;
}

/** Run a simulation on actors: the simulator's one way to run the sync core. */
export function runSimulation<R>(simulation: Simulation<R>): R {
  const { engine, network } = simulation;
  simulation.launch((name) => new Actor(name, engine, network.link(name)));
  return simulation.finish(engine.run());
}
