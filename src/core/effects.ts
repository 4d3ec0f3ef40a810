/**
 * The sync core does no I/O (DESIGN "The sync core", "Sans-I/O"): its steps are synchronous generators
 * that yield what they want done — send a request, sleep some world ms — and are resumed with the
 * answer. Each runtime interprets the effects: Node and k6 with drive() (./drive.ts, one await per
 * effect), the simulator inside its event loop (src/sim/actor.ts), so the same steps run in all three.
 *
 * perform() below is the core's only `yield`; every other step composes with `yield*`, so one
 * interpreter sees every effect (test/unit/effects.test.ts keeps it so).
 */
import type { HttpRequest, HttpResponse, Sleep, Transport } from './ports.ts';

/** Send one request; answered with the response, status 0 when there is none (lost, timed out). */
export interface SendEffect {
  readonly kind: 'send';
  readonly request: HttpRequest;
}

/** Wait this many WORLD ms (DESIGN "Time: one axis"); answered with undefined. */
export interface SleepEffect {
  readonly kind: 'sleep';
  readonly ms: number;
}

export type Effect = SendEffect | SleepEffect;

/** What resumes a step: a send's response, or undefined after a sleep. */
export type EffectAnswer = HttpResponse | undefined;

/** A step of the core: yields effects, returns T. */
export type Steps<T> = Generator<Effect, T, EffectAnswer>;

/** What a promise runtime gives drive(): where requests go and how it waits (the adapters' ports). */
export interface DriveIo {
  transport: Transport;
  sleep: Sleep;
}

type AnswerTo<E extends Effect> = E extends SendEffect ? HttpResponse : undefined;

/** The one yield point: hand the effect to whoever drives the steps, and return its answer. */
function* perform<E extends Effect>(effect: E): Steps<AnswerTo<E>> {
  return (yield effect) as AnswerTo<E>;
}

/** `const response = yield* send(request)` */
export function send(request: HttpRequest): Steps<HttpResponse> {
  return perform({ kind: 'send', request });
}

/** `yield* sleep(ms)`: world ms; an interpreter answers 0 or less at once. */
export function sleep(ms: number): Steps<undefined> {
  return perform({ kind: 'sleep', ms });
}
