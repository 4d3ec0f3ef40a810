/**
 * The published sweep of the aws-occ scenario: for every strategy, client count and run, one
 * simulation. A run's seed depends on (seed, clients, run) only, so every strategy meets the same
 * network draws and client streams (common random numbers: differences come from the strategy).
 * Jobs are independent and their results are combined in job order, so running them on one thread
 * or on a worker pool gives the same numbers.
 */
import type { World } from '../../mock-server/domain/world.ts';
import { deriveSeed } from '../contract/rng.ts';
import { resolveStrategy } from '../core/strategy-text.ts';
import type { StrategySpec } from '../core/strategies.ts';
import type { StrategyResult, SweepPoint } from '../report/results.ts';
import { runAwsOcc, withPublishedBounds } from './experiments/aws-occ.ts';
import type { OccRunOptions } from './experiments/aws-occ.ts';
import type { WireMode } from './in-process-server.ts';
import type { OutcomeTotals, ServerTruth } from './tally.ts';
import {
  addCounts,
  addOutcome,
  addServerTruth,
  addTotals,
  emptyServerTruth,
  emptyTotals,
  strategyResultFrom,
} from './tally.ts';

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
  totals: OutcomeTotals;
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
  const totals = emptyTotals();
  for (const r of run.results) addOutcome(totals, r);
  return {
    completionMs: run.completionMs,
    events: run.events,
    totals,
    conflictsByKind: run.conflictsByKind,
    server: run.server,
  };
}

/** Run every job on this thread, in order, on `world` (occWorld(): the caller generates it once). */
export function runJobsInline(
  jobs: readonly SweepJob[],
  settings: JobSettings,
  world: World,
  onJobDone?: (done: number, total: number) => void,
): JobResult[] {
  const results: JobResult[] = [];
  for (const job of jobs) {
    results.push(runJob(job, world, settings));
    onJobDone?.(results.length, jobs.length);
  }
  return results;
}

export interface SweepSummary {
  strategy: StrategySpec;
  points: SweepPoint[];
  result: StrategyResult;
  events: number;
  virtualMs: number;
}

/** Combine job results (in job order) into per-strategy points and a StrategyResult. */
export function summarizeSweep(
  options: SweepOptions,
  jobs: readonly SweepJob[],
  results: readonly JobResult[],
): SweepSummary[] {
  return options.strategies.map((name) => {
    const strategy = strategyFor(name, options.publishedBounds ?? true);
    const mine = jobs
      .map((job, i) => ({ job, result: results[i] as JobResult }))
      .filter(({ job }) => job.strategy === name);
    const points = options.clients.map((clients) =>
      point(
        clients,
        mine.filter(({ job }) => job.clients === clients).map(({ result }) => result),
      ),
    );
    const totals = emptyTotals();
    const byKind: Record<string, number> = {};
    const server = emptyServerTruth();
    let events = 0,
      virtualMs = 0;
    for (const { result } of mine) {
      addTotals(totals, result.totals);
      addCounts(byKind, result.conflictsByKind);
      addServerTruth(server, result.server);
      events += result.events;
      virtualMs += result.completionMs;
    }
    const result = strategyResultFrom(strategy, totals, byKind, server, virtualMs / 1000, 0);
    return { strategy, points, result: { ...result, sweep: points }, events, virtualMs };
  });
}

function point(clients: number, results: readonly JobResult[]): SweepPoint {
  const runs = results.length;
  const mean = (pick: (r: JobResult) => number) =>
    runs === 0 ? 0 : results.reduce((sum, r) => sum + pick(r), 0) / runs;
  return {
    clients,
    runs,
    writeCallsMean: mean((r) => r.totals.writeRequests),
    requestsMean: mean((r) => r.totals.requests),
    completionMsMean: mean((r) => r.completionMs),
    gaveUpMean: mean((r) => r.totals.gaveUp),
  };
}
