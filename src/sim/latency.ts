/**
 * Simulated one-way network delay, |Normal(meanMs, sdMs)| as in the published backoff simulator
 * (aws-samples/aws-arch-backoff-simulator: abs(random.normalvariate(10, 2))). Box-Muller from the seeded
 * Rng; both values of a pair are used, in a fixed order, so a seed replays the same delays.
 */
import type { Rng } from '../contract/rng.ts';
import type { LinkDelays } from '../../mock-server/api/network-latency.ts';

export interface LatencySpec {
  meanMs: number;
  sdMs: number;
}

export const PUBLISHED_LATENCY: LatencySpec = { meanMs: 10, sdMs: 2 };

export function normalSampler(rng: Rng): () => number {
  // The spare value lives in a typed array: a number kept in a closure variable is boxed on every write.
  const spare = new Float64Array(1);
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0] as number;
    }
    // 1 - next() is in (0, 1]: log never sees 0.
    const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const angle = 2 * Math.PI * rng.next();
    spare[0] = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };
}

export function latencySampler(spec: LatencySpec, rng: Rng): () => number {
  if (!(spec.meanMs >= 0) || !(spec.sdMs >= 0)) throw new Error('latency: need meanMs >= 0 and sdMs >= 0');
  const normal = normalSampler(rng);
  return () => Math.abs(spec.meanMs + spec.sdMs * normal());
}

/** The published simulator's network: an independent |Normal| draw for each hop, in the order the hops happen. */
export function perHopDelays(spec: LatencySpec, rng: Rng): LinkDelays {
  const draw = latencySampler(spec, rng);
  return { outboundMs: draw, inboundMs: () => draw() };
}
