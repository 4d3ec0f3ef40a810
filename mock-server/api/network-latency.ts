/**
 * The network between a client and Genesys Cloud, in WORLD time (DESIGN "Time: one axis"): every swap
 * scenario runs with it by default, applied by the simulator's network (src/sim/network.ts) and by the
 * listening mock (mock-server/http/server.ts), which holds each request and each answer for its share.
 *
 * The model is a round trip drawn from a log-normal given by its median and 99th percentile, split in
 * half: one half before the server handles the request, one half before the answer reaches the client.
 * Default: median 60 ms, p99 250 ms (docs/time.md "Network latency" says why). A draw is capped at
 * MAX_ROUND_TRIP_MS. Pure: the draw comes from an injected seeded Rng.
 */
import type { Rng } from '../../src/contract/rng.ts';

/** z for the 99th percentile of a standard normal distribution. */
export const Z99 = 2.326347874;

/** A draw above this is cut to it (world ms): a bound, far beyond any p99 a scenario states. */
export const MAX_ROUND_TRIP_MS = 60_000;

export interface RoundTripSpec {
  /** Median round trip, world ms. */
  medianMs: number;
  /** 99th-percentile round trip, world ms (>= medianMs). */
  p99Ms: number;
}

/** A client in the same region as its Genesys Cloud org: see docs/time.md "Network latency". */
export const DEFAULT_ROUND_TRIP: RoundTripSpec = { medianMs: 60, p99Ms: 250 };

/** One log-normal draw by median and p99 (Box-Muller from two uniforms; 1 - next() is in (0, 1]). */
export function logNormalMs(medianMs: number, p99Ms: number, rng: Rng): number {
  if (medianMs <= 0) return 0;
  const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const sigma = Math.log(Math.max(p99Ms, medianMs) / medianMs) / Z99;
  return medianMs * Math.exp(sigma * normal);
}

/** How long a request travels to the server, and how long its answer travels back (world ms). */
export interface LinkDelays {
  /** Drawn as the request leaves the client. */
  outboundMs(): number;
  /** Drawn as the answer leaves the server; `outboundMs` is what this request's outbound leg took. */
  inboundMs(outboundMs: number): number;
}

/** A round trip drawn once per request and split evenly between the two legs. */
export function roundTripDelays(spec: RoundTripSpec, rng: Rng): LinkDelays {
  if (!(spec.medianMs >= 0) || !(spec.p99Ms >= spec.medianMs))
    throw new Error(`network latency: need 0 <= medianMs <= p99Ms, got ${JSON.stringify(spec)}`);
  return {
    outboundMs: () => Math.min(MAX_ROUND_TRIP_MS, logNormalMs(spec.medianMs, spec.p99Ms, rng)) / 2,
    inboundMs: (outboundMs) => outboundMs,
  };
}
