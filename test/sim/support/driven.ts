/**
 * A second interpreter for the simulator, for tests only: each runner drives its steps with the core's
 * drive() (src/core/drive.ts), the interpreter Node and k6 use, over a promise-returning simulated link
 * and sleep; the engine pops one event, then waits a macrotask so every promise continuation has run
 * before the next. It is what the simulator did before the core became sans-I/O; the simulator's own
 * Actor resumes the same steps synchronously. Equal results from both show the actor interprets the
 * effects exactly as drive() does.
 */
import { setImmediate } from 'node:timers';
import { drive } from '../../../src/core/drive.ts';
import type { Steps } from '../../../src/core/effects.ts';
import type { HttpRequest, HttpResponse, Sleep, Transport } from '../../../src/core/ports.ts';
import type { Simulation, StepRunner } from '../../../src/sim/actor.ts';
import type { SimEngine } from '../../../src/sim/engine.ts';
import type { Link } from '../../../src/sim/network.ts';

class DrivenRunner implements StepRunner {
  private busy = false;
  private readonly transport: Transport;
  private readonly sleep: Sleep;

  constructor(
    readonly name: string,
    engine: SimEngine,
    /** The link the simulation reads the token and the server's last refusal on (as an Actor's). */
    readonly link: Link,
    private readonly failed: (error: unknown) => void,
  ) {
    this.transport = {
      request: (request: HttpRequest) =>
        new Promise<HttpResponse>((resolve) => link.send(request, { answer: resolve })),
    };
    this.sleep = (ms) =>
      ms > 0 ? new Promise<void>((resolve) => engine.after(ms, () => resolve())) : Promise.resolve();
  }

  get isBusy(): boolean {
    return this.busy;
  }

  start<T>(steps: Steps<T>, done?: (result: T) => void): void {
    if (this.busy) throw new Error(`driven runner ${this.name} is already running a task`);
    this.busy = true;
    drive(steps, { transport: this.transport, sleep: this.sleep }).then((result) => {
      this.busy = false;
      done?.(result);
    }, this.failed);
  }
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Run the simulation with every client driven by drive() over promises; its result, as runSimulation gives it. */
export async function runDriven<R>(simulation: Simulation<R>): Promise<R> {
  const { engine, network } = simulation;
  let failure: { error: unknown } | undefined;
  const failed = (error: unknown): void => void (failure ??= { error });
  simulation.launch((name) => new DrivenRunner(name, engine, network.link(name), failed));
  await macrotask();
  while (failure === undefined && engine.step()) await macrotask();
  if (failure) throw failure.error;
  return simulation.finish(engine.stats);
}
