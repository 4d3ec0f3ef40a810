/**
 * The published sweep of the aws-occ scenario: for every strategy, client count and run, one
 * simulation. A run's seed depends on (seed, clients, run) only, so every strategy meets the same
 * network draws and client streams (common random numbers: differences come from the strategy).
 * Jobs are independent and their results are folded into the summary as they complete
 * (./sweep-tally.ts), in a way that does not depend on their order, so running them on one thread or on a
 * worker pool gives the same numbers.
 */
import type { World } from '../../mock-server/domain/world.ts';
import { deriveSeed } from '../contract/rng.ts';
import { resolveStrategy } from '../core/strategy-text.ts';
import type { StrategySpec } from '../core/strategies.ts';
import { runAwsOcc, withPublishedBounds } from './experiments/aws-occ.ts';
import type { OccRunOptions } from './experiments/aws-occ.ts';
import type { WireMode } from './in-process-server.ts';
import type { OutcomeCounts, ServerTruth } from './tally.ts';
import { countOutcome, emptyCounts } from './tally.ts';

export interface SweepJob {
  strategy: string;
  clients: number;
  run: number;
  seed: number;
}

/** One simulation, reduced to what the sweep aggregates (small enough to post between threads). */
export interface JobResult {
  completionMs: number;
  events: number;
  totals: OutcomeCounts;
  /** Every client's time to outcome, world ms (a typed array: transferred, not copied, from a worker). */
  durationsMs: Float64Array;
  conflictsByKind: Record<string, number>;
  server: ServerTruth;
}

export interface SweepOptions {
  strategies: readonly string[];
  clients: readonly number[];
  runs: number;
  seed: number;
  /** Lift attempt and time limits to the published setup's (default true). */
  publishedBounds?: boolean;
  wire?: WireMode;
}

export function runSeed(seed: number, clients: number, run: number): number {
  return deriveSeed(seed, `aws-occ/${clients}/${run}`);
}

export function sweepJobs(options: SweepOptions): SweepJob[] {
  const jobs: SweepJob[] = [];
  for (const strategy of options.strategies) {
    for (const clients of options.clients) {
      for (let run = 0; run < options.runs; run++)
        jobs.push({ strategy, clients, run, seed: runSeed(options.seed, clients, run) });
    }
  }
  return jobs;
}

export function strategyFor(name: string, publishedBounds = true): StrategySpec {
  const preset = resolveStrategy(name);
  return publishedBounds ? withPublishedBounds(preset) : preset;
}

export interface JobSettings {
  publishedBounds: boolean;
  wire: WireMode;
}

export function jobSettings(options: SweepOptions): JobSettings {
  return { publishedBounds: options.publishedBounds ?? true, wire: options.wire ?? 'objects' };
}

/** One job; `rowServer` replaces the mock's routes (OccRunOptions.rowServer: bench:sim's floor only). */
export function runJob(
  job: SweepJob,
  world: World,
  settings: JobSettings,
  rowServer?: OccRunOptions['rowServer'],
): JobResult {
  const strategy = strategyFor(job.strategy, settings.publishedBounds);
  const run = runAwsOcc({
    clients: job.clients,
    strategy,
    seed: job.seed,
    world,
    wire: settings.wire,
    ...(rowServer ? { rowServer } : {}),
  });
  const totals = emptyCounts();
  for (const r of run.results) countOutcome(totals, r);
  return {
    completionMs: run.completionMs,
    events: run.events,
    totals,
    durationsMs: Float64Array.from(run.results, (r) => r.durationMs),
    conflictsByKind: run.conflictsByKind,
    server: run.server,
  };
}

/** Run every job on this thread, in order, on `world` (occWorld(): the caller generates it once); each result to `onResult`. */
export function runJobsInline(
  jobs: readonly SweepJob[],
  settings: JobSettings,
  world: World,
  onResult: (index: number, result: JobResult) => void,
): void {
  jobs.forEach((job, index) => onResult(index, runJob(job, world, settings)));
}
