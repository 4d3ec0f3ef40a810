/**
 * latency: extra world ms before the request is handled, on top of the scenario's network round trip: a
 * log-normal given by its median and 99th percentile, or a list of (probability, ms) steps whose
 * probabilities sum to at most 1 (the rest of the requests get no extra latency).
 */
import { z } from 'zod';
import type { Rng } from '../../../src/contract/rng.ts';
import { logNormalMs } from '../network-latency.ts';
import type { DelayFault } from './fault-unit.ts';

const latencyStep = z
  .object({ probability: z.number().min(0).max(1), ms: z.number().int().min(0).max(60_000) })
  .strict();

export const latencySpec = z.union([
  z
    .object({ medianMs: z.number().min(0).max(60_000), p99Ms: z.number().min(0).max(60_000) })
    .strict()
    .refine((l) => l.p99Ms >= l.medianMs, { message: 'p99Ms must be at least medianMs', path: ['p99Ms'] }),
  z
    .array(latencyStep)
    .min(1)
    .max(100)
    .refine(
      (steps) => steps.reduce((sum, s) => sum + s.probability, 0) <= 1 + 1e-9,
      'the probabilities must sum to at most 1',
    ),
]);

export type LatencySpec = z.output<typeof latencySpec>;

export function sampleLatency(spec: LatencySpec, rng: Rng): number {
  if (Array.isArray(spec)) {
    const u = rng.next();
    let cumulative = 0;
    for (const step of spec) {
      cumulative += step.probability;
      if (u < cumulative) return step.ms;
    }
    return 0;
  }
  return Math.min(60_000, Math.round(logNormalMs(spec.medianMs, spec.p99Ms, rng)));
}

export const latency = {
  name: 'latency',
  configKey: 'latencyMs',
  attributes: latencySpec,
  sampleMs: sampleLatency,
} as const satisfies DelayFault<'latencyMs', LatencySpec>;
