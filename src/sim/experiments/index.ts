/**
 * The experiments the simulator runs, by the name `sim --scenario` takes: the published experiment
 * (aws-occ) and a swap run per scenario spec of src/scenario (dst-paris, monday-publish), each turned
 * into results.json rows (StrategyResult per strategy). Experiments, not specs: this folder drives runs,
 * src/scenario holds the specs as data, scenarios/ the catalogue files and k6/ the k6 entry points.
 */
import { formatStrategy, resolveStrategy } from '../../core/strategy-text.ts';
import { DEFAULT_COMPARISON } from '../../core/strategies.ts';
import type { StrategySpec } from '../../core/strategies.ts';
import { DEFAULT_DIALECT, getDialect } from '../../core/dialects/index.ts';
import type { FaultConfig } from '../../../mock-server/api/faults.ts';
import type { RunResults, SimInfo, StrategyResult } from '../../report/results.ts';
import { SCENARIOS } from '../../scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../../scenario/spec.ts';
import type { WireMode } from '../in-process-server.ts';
import { runJobsOnPool } from '../sweep-pool.ts';
import { occWorld } from './occ-world.ts';
import { jobSettings, summarizeSweep, sweepJobs } from '../sweep.ts';
import { AWS_OCC } from './aws-occ.ts';
import { runSwaps } from './swaps.ts';
import { legacyDuplicates } from '../legacy-duplicates.ts';
import { arrivalCount } from '../../scenario/load-shape.ts';
import type { TraceLine } from '../trace.ts';
import { strategyResultFrom } from '../tally.ts';
import { pressureWindowViews } from '../../../mock-server/domain/pressures/windows.ts';
import type { PressureWindowView, WorldSummary } from '../../report/results.ts';
import { contentHash, scenarioHash } from '../../scenario/file/content-hash.ts';
import { worldSummaryOf } from '../../scenario/world-summary.ts';

export interface SimScenarioOptions {
  /** Preset names, inline strategies (src/core/strategy-text.ts) or definitions (--strategy-file). */
  strategies: ReadonlyArray<string | StrategySpec>;
  seed: number;
  /** aws-occ: runs per client count. */
  runs?: number;
  /** aws-occ: the client counts. */
  clients?: readonly number[];
  /** aws-occ: worker threads; the numbers do not depend on it. */
  workers?: number;
  wire?: WireMode;
  /** Swap scenarios: the API family (src/core/dialects/index.ts); default genesys-legacy. */
  dialect?: string;
  /** Swap scenarios: server faults (mock-server/api/faults.ts), as PUT /__harness/faults sets them. */
  faults?: FaultConfig;
  /**
   * The clock speed to record (default: the scenario's). A runtime knob for k6 and the listening mock; in
   * the simulator virtual time is world time, so the numbers do not depend on it (test/sim/sim-command.test.ts).
   */
  speed?: number;
  /** Swap scenarios: every request and decision of every swap (sim --trace, src/sim/trace.ts). */
  trace?: (line: TraceLine) => void;
  /** Told as the run goes: a strategy done (swap scenarios) or a sweep run done (aws-occ). */
  onProgress?: (done: number, total: number, unit: 'strategies' | 'sweep runs') => void;
}

export interface SimOutcome {
  scenario: string;
  /** The world instant the run starts at (virtual): results.json's startedAt for sim runs. */
  startUtc: string;
  strategies: StrategyResult[];
  load: RunResults['load'];
  network?: RunResults['network'];
  sim: SimInfo;
  dialect: string;
  faults?: FaultConfig;
  pressureWindows?: PressureWindowView[];
  /** The resolved scenario's hash (src/scenario/file/content-hash.ts): what a baseline entry is keyed by. */
  scenarioHash: string;
  world?: WorldSummary;
}

/** What aws-occ's clients send: the trade PATCH of src/core/dialects/trade-patch.ts. */
const AWS_OCC_DIALECT = 'genesys-legacy-trade-patch';

export interface SimScenario {
  name: string;
  description: string;
  defaultStrategies: readonly string[];
  run(options: SimScenarioOptions): Promise<SimOutcome>;
}

const awsOcc: SimScenario = {
  name: AWS_OCC.name,
  description: AWS_OCC.description,
  defaultStrategies: ['no-backoff', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'],
  async run(options) {
    if (options.dialect !== undefined && options.dialect !== AWS_OCC_DIALECT) {
      throw new Error(
        `aws-occ contends on one trade with a PATCH (${AWS_OCC_DIALECT}); --dialect applies to the swap scenarios`,
      );
    }
    if (options.faults !== undefined)
      throw new Error(
        'aws-occ is the published experiment, which has no faults; --faults applies to the swap scenarios',
      );
    if (options.trace !== undefined)
      throw new Error('aws-occ has no swaps to trace; --trace applies to the swap scenarios');
    // The sweep's worker threads take strategies as text.
    const sweep = {
      strategies: options.strategies.map((s) => (typeof s === 'string' ? s : formatStrategy(s))),
      clients: options.clients ?? AWS_OCC.clients,
      runs: options.runs ?? 10,
      seed: options.seed,
      publishedBounds: true,
      wire: options.wire ?? 'objects',
    };
    const jobs = sweepJobs(sweep);
    const results = await runJobsOnPool(jobs, jobSettings(sweep), occWorld(), options.workers ?? 1, (done, total) =>
      options.onProgress?.(done, total, 'sweep runs'),
    );
    const summaries = summarizeSweep(sweep, jobs, results);
    const { name: _name, description: _description, clients: _clients, runsPerPoint: _runs, ...setup } = AWS_OCC;
    return {
      scenario: AWS_OCC.name,
      // The experiment's setup and the sweep asked of it: other client counts are another scenario.
      scenarioHash: contentHash({ setup, clients: sweep.clients, runs: sweep.runs, publishedBounds: true }),
      startUtc: AWS_OCC.clock.startUtc,
      dialect: AWS_OCC_DIALECT,
      strategies: summaries.map((s) => s.result),
      // Every client starts at t = 0: there is no arrival rate; see sim.clients and each strategy's sweep.
      load: { tradesPerSecond: 0, durationS: 0, clockSpeed: options.speed ?? AWS_OCC.clock.speed },
      sim: {
        latencyMs: { mean: AWS_OCC.latency.meanMs, sd: AWS_OCC.latency.sdMs },
        wire: sweep.wire,
        events: summaries.reduce((sum, s) => sum + s.events, 0),
        virtualMs: summaries.reduce((sum, s) => sum + s.virtualMs, 0),
        clients: [...sweep.clients],
        runsPerPoint: sweep.runs,
        publishedBounds: true,
      },
    };
  },
};

/** A swap scenario spec (the catalogue's or a --scenario-file's) as the simulator runs it. */
export function swapScenario(spec: ScenarioSpec): SimScenario {
  return {
    name: spec.name,
    description: spec.description,
    defaultStrategies: spec.strategies ?? DEFAULT_COMPARISON,
    async run(options) {
      // The file's faults unless the caller names others (--faults).
      const faults = options.faults ?? spec.faults;
      const dialect = getDialect(options.dialect ?? DEFAULT_DIALECT);
      const rows: StrategyResult[] = [];
      let events = 0,
        virtualMs = 0;
      let windows: PressureWindowView[] = [];
      for (const chosen of options.strategies) {
        const strategy = typeof chosen === 'string' ? resolveStrategy(chosen) : chosen;
        // Same seed for every strategy: the same world, lock phases, network draws and swaps.
        const run = await runSwaps({
          scenario: spec,
          strategy,
          seed: options.seed,
          wire: options.wire ?? 'objects',
          dialect,
          ...(faults ? { faults } : {}),
          ...(options.trace ? { trace: options.trace } : {}),
        });
        const duplicates = legacyDuplicates(run.results);
        rows.push({
          ...strategyResultFrom(
            strategy,
            run.totals,
            run.conflictsByKind,
            run.server,
            run.worldSeconds,
            run.dropped,
            run.latenciesMs,
          ),
          timeline: run.timeline,
          ...(duplicates ? { legacyDuplicates: duplicates } : {}),
        });
        // The same world and pressures for every strategy: keep the widest span's windows.
        const startMs = Date.parse(run.timeline.startUtc);
        const found = pressureWindowViews(
          run.world,
          spec.pressures,
          startMs,
          startMs + run.timeline.bucketMs * run.timeline.applied.length,
        );
        if (found.length >= windows.length) windows = found;
        events += run.events;
        virtualMs += run.virtualMs;
        options.onProgress?.(rows.length, options.strategies.length, 'strategies');
      }
      return {
        scenario: spec.name,
        scenarioHash: scenarioHash(spec, faults),
        world: worldSummaryOf(spec),
        startUtc: spec.clock.startUtc,
        dialect: dialect.name,
        strategies: rows,
        // With stages: the average rate (the stages are in the scenario).
        load: {
          tradesPerSecond: spec.load.stages ? arrivalCount(spec.load) / spec.load.durationS : spec.load.tradesPerSecond,
          durationS: spec.load.durationS,
          clockSpeed: options.speed ?? spec.clock.speed,
        },
        network: { roundTripMs: spec.network.roundTripMs },
        sim: { wire: options.wire ?? 'objects', events, virtualMs },
        ...(faults ? { faults } : {}),
        pressureWindows: windows,
      };
    },
  };
}

export const SIM_SCENARIOS: Readonly<Record<string, SimScenario>> = Object.fromEntries([
  [awsOcc.name, awsOcc],
  ...Object.values(SCENARIOS).map((spec) => [spec.name, swapScenario(spec)] as const),
]);

export function getSimScenario(name: string): SimScenario {
  const scenario = SIM_SCENARIOS[name];
  if (!scenario) throw new Error(`unknown sim scenario "${name}"; known: ${Object.keys(SIM_SCENARIOS).join(', ')}`);
  return scenario;
}
