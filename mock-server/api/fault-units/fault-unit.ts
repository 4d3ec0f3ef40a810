/**
 * The shape of a fault, toxiproxy style (STYLE.md, toxics/latency.go): a name, its attributes as a zod
 * schema keyed by one field of the JSON fault config, and one function. Two families:
 *   - a delay fault samples extra world ms for a covered request (the runtime waits them: the
 *     simulator's link, the Fastify handler's waitWorld);
 *   - an outcome fault happens with a probability (its attribute) and decides what becomes of the
 *     request: `serve` gets the request's two possible fates and returns the one the fault chooses.
 * Outcome faults exclude each other: one uniform draw per covered request picks at most one, in the
 * order of the registry (faults.ts), so adding a fault after the others leaves every existing draw alone.
 */
import type { z } from 'zod';
import type { Rng } from '../../../src/contract/rng.ts';
import type { ApiResponse } from '../route-kit.ts';

/**
 * What the pipeline (pipeline.ts) makes of one request: an answer; a connection closed without one
 * (the client sees status 0; `label` says why in the request counts); or no answer at all until the
 * client's own timeout gives up.
 */
export type Served = { kind: 'answer'; response: ApiResponse } | { kind: 'closed'; label: string } | { kind: 'hang' };

/** What an outcome fault may do with a request that has reached the server. */
export interface Fate {
  /** Run the route (validation, domain, audit) and return its answer; refusals are counted. */
  run(): ApiResponse;
  /** The 503 a fault answers before anything runs. */
  unavailable(): ApiResponse;
}

export interface DelayFault<K extends string, A> {
  name: string;
  configKey: K;
  attributes: z.ZodType<A>;
  /** Extra world ms for one covered request (0: none). */
  sampleMs(attributes: A, rng: Rng): number;
}

export interface OutcomeFault<K extends string> {
  name: string;
  /** The config field holding its probability, 0..1 (default 0). */
  configKey: K;
  /** Its counter in FaultCounts (a camelCase of the name). */
  countKey: string;
  serve(fate: Fate): Served;
}
