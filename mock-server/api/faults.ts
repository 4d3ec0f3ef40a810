/**
 * Faults, toxiproxy style (DESIGN "Faults"): the registry of named units (fault-units/, one file each)
 * and the injector a runtime holds. Per covered request, maybe extra latency, then at most one outcome
 * fault: a 503 before the route runs, the answer lost after it ran (drop-after-commit), the connection
 * reset before it runs, or no answer at all (hang). Pure: decisions are drawn from an injected seeded
 * Rng; the request pipeline (pipeline.ts) acts on them and the runtimes wait the latency. Every fault
 * is off by default.
 *
 * The JSON config is flat, one field per unit (its configKey): {latencyMs, error5xxRate,
 * dropAfterCommitRate, resetBeforeCommitRate, hangRate, routes} — the format docs/mock-server.md, tests and --faults
 * files already use; a new fault adds its file, one line in OUTCOME_FAULTS and its field.
 */
import { z } from 'zod';
import type { Rng } from '../../src/contract/rng.ts';
import { createRng, deriveSeed } from '../../src/contract/rng.ts';
import { dropAfterCommit } from './fault-units/drop-after-commit.ts';
import { error5xx } from './fault-units/error-5xx.ts';
import { hang } from './fault-units/hang.ts';
import { latency, latencySpec } from './fault-units/latency.ts';
import type { LatencySpec } from './fault-units/latency.ts';
import { resetBeforeCommit } from './fault-units/reset-before-commit.ts';

export { latencySpec, sampleLatency } from './fault-units/latency.ts';
export type { LatencySpec } from './fault-units/latency.ts';

/** Outcome faults by name, in draw order: their probabilities partition one uniform draw (fault-unit.ts). */
export const OUTCOME_FAULTS = {
  'error-5xx': error5xx,
  'drop-after-commit': dropAfterCommit,
  'reset-before-commit': resetBeforeCommit,
  hang,
} as const;
const OUTCOMES = Object.values(OUTCOME_FAULTS);

export type OutcomeFaultName = keyof typeof OUTCOME_FAULTS;
export type FaultAction = 'none' | OutcomeFaultName;

/** Which routes the faults apply to: the writes (default), every API route, or a list of "METHOD /url" route templates. */
export const faultRoutes = z.union([
  z.enum(['writes', 'all']),
  z.array(z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/, 'must be "METHOD /route/template"')).min(1),
]);

/** A fault's probability per covered request. */
const probability = z.number().min(0).max(1).default(0);

export const faultConfig = z
  .object({
    latencyMs: latency.attributes.optional(),
    error5xxRate: probability,
    dropAfterCommitRate: probability,
    // Added after the others: optional, so a config written before them (docs/mock-server.md, --faults files) stays whole.
    resetBeforeCommitRate: z.number().min(0).max(1).optional(),
    hangRate: z.number().min(0).max(1).optional(),
    routes: faultRoutes.default('writes'),
  })
  .strict()
  .refine((c) => outcomeTotal(c) <= 1 + 1e-9, {
    message: `${OUTCOMES.map((f) => f.configKey).join(' + ')} must be at most 1`,
    path: ['dropAfterCommitRate'],
  });

export type FaultConfig = z.output<typeof faultConfig>;

function outcomeTotal(config: Readonly<Partial<Record<OutcomeKey, number>>>): number {
  return OUTCOMES.reduce((sum, fault) => sum + (config[fault.configKey] ?? 0), 0);
}

type OutcomeKey = (typeof OUTCOMES)[number]['configKey'];

/** Every fault off. */
export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  error5xxRate: 0,
  dropAfterCommitRate: 0,
  routes: 'writes' as const,
});

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
  return config.latencyMs !== undefined || outcomeTotal(config) > 0;
}

export function appliesTo(config: FaultConfig, route: FaultRoute): boolean {
  if (config.routes === 'all') return true;
  if (config.routes === 'writes') return route.write;
  return config.routes.includes(`${route.method} ${route.url}`);
}

/**
 * The fault for one request. Draws from `rng` only for the faults that are on and only when the route is
 * covered, so turning faults off leaves every other random stream alone.
 */
export function decideFault(config: FaultConfig, route: FaultRoute, rng: Rng): FaultDecision {
  if (!appliesTo(config, route)) return { latencyMs: 0, action: 'none' };
  const latencyMs = config.latencyMs === undefined ? 0 : latency.sampleMs(config.latencyMs as LatencySpec, rng);
  let action: FaultAction = 'none';
  if (outcomeTotal(config) > 0) {
    const u = rng.next();
    let cumulative = 0;
    for (const fault of OUTCOMES) {
      cumulative += config[fault.configKey] ?? 0;
      if (u < cumulative) {
        action = fault.name;
        break;
      }
    }
  }
  return { latencyMs, action };
}

/** Requests that got each fault, by counter name; latencyMsTotal sums the extra latency given. */
export interface FaultCounts {
  latency: number;
  latencyMsTotal: number;
  error5xx: number;
  dropAfterCommit: number;
  resetBeforeCommit: number;
  hang: number;
}

/**
 * A runtime's fault state: the current config, its seeded stream and the counts by fault. The Fastify
 * harness holds one; the simulator one per simulated server.
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
    if (decision.action !== 'none') this.counts[OUTCOME_FAULTS[decision.action].countKey]++;
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
  return { latency: 0, latencyMsTotal: 0, error5xx: 0, dropAfterCommit: 0, resetBeforeCommit: 0, hang: 0 };
}
