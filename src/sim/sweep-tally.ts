/**
 * The sweep's summary, folded from job results as they complete, in any order, so a long sweep holds no
 * job's result once it is folded. What stays is what the numbers need, and nothing is approximated:
 * - integer counts per strategy (exact in any order of adding; keyed counts are sorted when reported);
 * - per job, its completion time and the counts a point averages, so every floating-point sum is still
 *   added in job order (another order could change the last bit of a mean);
 * - every client's time to outcome, 8 bytes each, in one Float64Array per strategy sized up front
 *   (the sum of its jobs' clients). results.json's percentiles are exact order statistics, and no
 *   one-pass method finds those in less than linear memory (Munro and Paterson, 1980), so they are kept
 *   rather than sketched: 1,900 clients x 100 runs = 190,000 values, 1.5 MB per strategy.
 */
import type { StrategySpec } from '../core/strategies.ts';
import type { StrategyResult, SweepPoint } from '../report/results.ts';
import type { JobResult, SweepJob, SweepOptions } from './sweep.ts';
import { strategyFor } from './sweep.ts';
import type { OutcomeCounts, ServerTruth } from './tally.ts';
import {
  addCounts,
  addOutcomeCounts,
  addServerTruth,
  emptyCounts,
  emptyServerTruth,
  strategyResultFrom,
} from './tally.ts';

export interface SweepSummary {
  strategy: StrategySpec;
  points: SweepPoint[];
  result: StrategyResult;
  events: number;
  virtualMs: number;
}

interface StrategyTally {
  counts: OutcomeCounts;
  byKind: Record<string, number>;
  server: ServerTruth;
  events: number;
  durationsMs: Float64Array;
  filled: number;
}

/** Per job, what a point's means and a strategy's virtual time add up, by job index. */
interface JobColumns {
  completionMs: Float64Array;
  writeRequests: Float64Array;
  requests: Float64Array;
  gaveUp: Float64Array;
  folded: Uint8Array;
}

export class SweepTally {
  private readonly byStrategy = new Map<string, StrategyTally>();
  private readonly columns: JobColumns;

  constructor(
    private readonly options: SweepOptions,
    private readonly jobs: readonly SweepJob[],
  ) {
    const clientsOf = new Map<string, number>();
    for (const job of jobs) clientsOf.set(job.strategy, (clientsOf.get(job.strategy) ?? 0) + job.clients);
    for (const [name, clients] of clientsOf)
      this.byStrategy.set(name, {
        counts: emptyCounts(),
        byKind: {},
        server: emptyServerTruth(),
        events: 0,
        durationsMs: new Float64Array(clients),
        filled: 0,
      });
    const n = jobs.length;
    this.columns = {
      completionMs: new Float64Array(n),
      writeRequests: new Float64Array(n),
      requests: new Float64Array(n),
      gaveUp: new Float64Array(n),
      folded: new Uint8Array(n),
    };
  }

  /** Fold job `index`'s result; each job exactly once. */
  add(index: number, result: JobResult): void {
    const job = this.jobs[index];
    const tally = job && this.byStrategy.get(job.strategy);
    if (!tally || this.columns.folded[index]) throw new Error(`sweep: job ${index} is unknown or folded twice`);
    if (tally.filled + result.durationsMs.length > tally.durationsMs.length)
      throw new Error(`sweep: job ${index} has more outcomes than its ${job.clients} clients`);
    this.columns.folded[index] = 1;
    addOutcomeCounts(tally.counts, result.totals);
    addCounts(tally.byKind, result.conflictsByKind);
    addServerTruth(tally.server, result.server);
    tally.events += result.events;
    tally.durationsMs.set(result.durationsMs, tally.filled);
    tally.filled += result.durationsMs.length;
    this.columns.completionMs[index] = result.completionMs;
    this.columns.writeRequests[index] = result.totals.writeRequests;
    this.columns.requests[index] = result.totals.requests;
    this.columns.gaveUp[index] = result.totals.gaveUp;
  }

  /** Per strategy, in the options' order: its points, its StrategyResult and its totals. */
  summaries(): SweepSummary[] {
    const missing = this.columns.folded.indexOf(0);
    if (missing !== -1) throw new Error(`sweep: job ${missing} has no result`);
    return this.options.strategies.map((name) => {
      const strategy = strategyFor(name, this.options.publishedBounds ?? true);
      const tally = this.byStrategy.get(name) as StrategyTally;
      const mine = this.jobs.flatMap((job, index) => (job.strategy === name ? [index] : []));
      const points = this.options.clients.map((clients) =>
        this.point(
          clients,
          mine.filter((index) => this.jobs[index]?.clients === clients),
        ),
      );
      let virtualMs = 0;
      for (const index of mine) virtualMs += this.columns.completionMs[index] as number;
      const totals = { ...tally.counts, durationsMs: tally.durationsMs.subarray(0, tally.filled) };
      const result = strategyResultFrom(strategy, totals, tally.byKind, tally.server, virtualMs / 1000, 0);
      return { strategy, points, result: { ...result, sweep: points }, events: tally.events, virtualMs };
    });
  }

  /** One client count's means over its runs, each sum added in job order. */
  private point(clients: number, indexes: readonly number[]): SweepPoint {
    const runs = indexes.length;
    const mean = (column: Float64Array): number =>
      runs === 0 ? 0 : indexes.reduce((sum, index) => sum + (column[index] as number), 0) / runs;
    const { writeRequests, requests, completionMs, gaveUp } = this.columns;
    return {
      clients,
      runs,
      writeCallsMean: mean(writeRequests),
      requestsMean: mean(requests),
      completionMsMean: mean(completionMs),
      gaveUpMean: mean(gaveUp),
    };
  }
}

/** The summary of results already collected in job order (tests; a sweep folds as it goes with runSweep). */
export function summarizeSweep(
  options: SweepOptions,
  jobs: readonly SweepJob[],
  results: readonly JobResult[],
): SweepSummary[] {
  const tally = new SweepTally(options, jobs);
  results.forEach((result, index) => tally.add(index, result));
  return tally.summaries();
}
