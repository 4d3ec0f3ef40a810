/**
 * Faults, toxiproxy style (DESIGN "Faults"): per request, maybe extra latency, then maybe a 503 before
 * the write runs (nothing committed), or the write runs and its response is lost (the write landed, the
 * client never hears: an ambiguous outcome). Pure: the decision is drawn from an injected seeded Rng, and
 * the adapters act on it (the Fastify server sleeps, answers or destroys the socket; the simulator can
 * do the same in virtual time). Every fault is off by default.
 */
import { z } from 'zod';
import type { Rng } from '../../src/contract/rng.ts';
import { createRng, deriveSeed } from '../../src/contract/rng.ts';
import { logNormalMs } from './network-latency.ts';

const latencyStep = z.object({ probability: z.number().min(0).max(1), ms: z.number().int().min(0).max(60_000) }).strict();

/**
 * Extra latency in world ms, on top of the scenario's network latency: a log-normal given by its median and 99th percentile, or a list of (probability, ms)
 * steps whose probabilities sum to at most 1 (the rest of the requests get no extra latency).
 */
export const latencySpec = z.union([
  z
    .object({ medianMs: z.number().min(0).max(60_000), p99Ms: z.number().min(0).max(60_000) })
    .strict()
    .refine((l) => l.p99Ms >= l.medianMs, { message: 'p99Ms must be at least medianMs', path: ['p99Ms'] }),
  z
    .array(latencyStep)
    .min(1)
    .max(100)
    .refine((steps) => steps.reduce((sum, s) => sum + s.probability, 0) <= 1 + 1e-9, 'the probabilities must sum to at most 1'),
]);

/** Which routes the faults apply to: the writes (default), every API route, or a list of "METHOD /url" route templates. */
export const faultRoutes = z.union([z.enum(['writes', 'all']), z.array(z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/, 'must be "METHOD /route/template"')).min(1)]);

export const faultConfig = z
  .object({
    latencyMs: latencySpec.optional(),
    error5xxRate: z.number().min(0).max(1).default(0),
    dropAfterCommitRate: z.number().min(0).max(1).default(0),
    routes: faultRoutes.default('writes'),
  })
  .strict()
  .refine((c) => c.error5xxRate + c.dropAfterCommitRate <= 1, { message: 'error5xxRate + dropAfterCommitRate must be at most 1', path: ['dropAfterCommitRate'] });

export type FaultConfig = z.output<typeof faultConfig>;
export type LatencySpec = z.output<typeof latencySpec>;

/** Every fault off. */
export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({ error5xxRate: 0, dropAfterCommitRate: 0, routes: 'writes' as const });

export type FaultAction = 'none' | 'error-5xx' | 'drop-after-commit';

export interface FaultDecision {
  /** Extra world milliseconds before the request is handled (the listening server waits latencyMs / speed real ms). */
  latencyMs: number;
  action: FaultAction;
}

export interface FaultRoute {
  method: string;
  url: string;
  write: boolean;
}

export function faultsActive(config: FaultConfig): boolean {
  return config.latencyMs !== undefined || config.error5xxRate > 0 || config.dropAfterCommitRate > 0;
}

export function appliesTo(config: FaultConfig, route: FaultRoute): boolean {
  if (config.routes === 'all') return true;
  if (config.routes === 'writes') return route.write;
  return config.routes.includes(`${route.method} ${route.url}`);
}

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

/**
 * The fault for one request. Draws from `rng` only for the faults that are on and only when the route is
 * covered, so turning faults off leaves every other random stream alone.
 */
export function decideFault(config: FaultConfig, route: FaultRoute, rng: Rng): FaultDecision {
  if (!appliesTo(config, route)) return { latencyMs: 0, action: 'none' };
  const latencyMs = config.latencyMs === undefined ? 0 : sampleLatency(config.latencyMs, rng);
  let action: FaultAction = 'none';
  if (config.error5xxRate > 0 || config.dropAfterCommitRate > 0) {
    const u = rng.next();
    if (u < config.error5xxRate) action = 'error-5xx';
    else if (u < config.error5xxRate + config.dropAfterCommitRate) action = 'drop-after-commit';
  }
  return { latencyMs, action };
}

export interface FaultCounts {
  /** Requests that were given extra latency (> 0 ms). */
  latency: number;
  latencyMsTotal: number;
  error5xx: number;
  dropAfterCommit: number;
}

/**
 * A runtime's fault state: the current config, its seeded stream and the counts by kind. The Fastify
 * harness holds one; the simulator can hold one per simulated server.
 */
export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private active = false;
  counts: FaultCounts = emptyCounts();

  constructor(private rng: Rng) {}

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.active = faultsActive(config);
  }

  /** New stream and zero counts (the config stays: it is settings, not state). */
  reset(rng: Rng): void {
    this.rng = rng;
    this.counts = emptyCounts();
  }

  /** The fault for this request, counted; undefined (and no random draw) when no fault is on. */
  decide(route: FaultRoute): FaultDecision | undefined {
    if (!this.active) return undefined;
    const decision = decideFault(this.config, route, this.rng);
    if (decision.latencyMs > 0) {
      this.counts.latency++;
      this.counts.latencyMsTotal += decision.latencyMs;
    }
    if (decision.action === 'error-5xx') this.counts.error5xx++;
    else if (decision.action === 'drop-after-commit') this.counts.dropAfterCommit++;
    return decision;
  }
}

/**
 * The stream a run's faults are drawn from, for a seed: the listening server (harness.ts, at each reset)
 * and the simulator (src/sim/sim-world.ts) draw the same faults for the same seed.
 */
export function faultStream(seed: number): Rng {
  return createRng(deriveSeed(seed, 'faults'));
}

/** No fault yet: the counts of a fresh injector, and of a run without one. */
export function emptyCounts(): FaultCounts {
  return { latency: 0, latencyMsTotal: 0, error5xx: 0, dropAfterCommit: 0 };
}
