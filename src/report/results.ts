/** results.json: one schema for k6 runs and simulator runs. Validated before it is written. */
import { z } from 'zod';
import { faultConfig } from '../../mock-server/api/faults.ts';
import { observeRunInfo, observedBehaviour } from './observed.ts';

/** Simulator sweeps (aws-occ): means per client count, as the published experiment plots them. */
export const sweepPoint = z.object({
  clients: z.number().int().positive(),
  runs: z.number().int().nonnegative(),
  /** Mean write requests per run ("calls" in the published simulator). */
  writeCallsMean: z.number().nonnegative(),
  requestsMean: z.number().nonnegative(),
  /** Mean virtual time until the last client finished. */
  completionMsMean: z.number().nonnegative(),
  gaveUpMean: z.number().nonnegative(),
});

const percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });

/** Counts per bucket of world time (src/sim/timeline-sink.ts): bucket i covers startUtc + [i, i+1) × bucketMs. */
export const timeline = z.object({
  startUtc: z.string(),
  bucketMs: z.number().int().positive(),
  conflicts409: z.array(z.number().int().nonnegative()),
  applied: z.array(z.number().int().nonnegative()),
});

/** A lock window, publish or DST transition to shade on time charts (mock-server/domain/pressures/windows.ts). */
export const pressureWindow = z.object({
  kind: z.enum(['dst-transition', 'dst-reconciliation', 'publish-lock', 'self-service']),
  startUtc: z.string(),
  endUtc: z.string(),
  label: z.string(),
});

/** The management units a run's world held: the report's header lists them, with their zones. */
export const worldSummary = z.object({
  /** The zone the report shows local times in: the zone of the first unit the trades load. */
  timeZone: z.string(),
  units: z.array(
    z.object({
      businessUnit: z.string(),
      name: z.string(),
      timeZone: z.string(),
      agents: z.number().int().nonnegative(),
      /** Whether the run's trades are planned in this unit. */
      traded: z.boolean(),
    }),
  ),
});

/** A metric over several seeds (sim --seeds): its median, range and every seed's value, in seed order. */
export const spread = z.object({
  median: z.number(),
  min: z.number(),
  max: z.number(),
  values: z.array(z.number()),
});

export const strategyResult = z.object({
  strategy: z.string(),
  origin: z.string(),
  /** The strategy's full definition (src/core/strategies.ts StrategySpec), so a result can be reproduced. */
  definition: z.record(z.string(), z.unknown()).optional(),
  /** The same definition as the inline text `--strategy` accepts (src/core/strategy-format.ts), written by the run. */
  definitionText: z.string().optional(),
  trades: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  gaveUp: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Trades not applied whose last write was answered 409: the trade-level "conflict rate" a JMeter run reports. */
  tradesFailedBy409: z.number().int().nonnegative(),
  /** Trades not applied for any other reason (a 429, a 5xx, a lost answer, a business rule that is not a 409). */
  tradesFailedOther: z.number().int().nonnegative(),
  /** tradesFailedBy409 / trades. */
  tradeFailureRate409: z.number().min(0).max(1),
  requests: z.number().int().nonnegative(),
  writeRequests: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  conflictsByKind: z.record(z.string(), z.number().int().nonnegative()),
  /** 409 answers / write requests. */
  conflictRate: z.number().min(0).max(1),
  /** Trades applied / trades attempted. */
  successRate: z.number().min(0).max(1),
  /** Requests per trade (amplification). */
  requestsPerTrade: z.number().nonnegative(),
  conflictsPerTrade: z.number().nonnegative(),
  /** World ms from a trade's first request to its outcome. */
  timeToOutcomeMs: percentiles,
  /** Applied trades per second of world time. */
  goodputPerWorldS: z.number().nonnegative(),
  /**
   * Round trip of one request as the client saw it, world ms (k6: real round trip x speed). When it is
   * well above the scenario's network model, loopback time x speed is no longer small: lower --speed.
   */
  requestLatencyMs: percentiles.optional(),
  droppedIterations: z.number().int().nonnegative(),
  server: z.object({
    tradesApproved: z.number().int().nonnegative(),
    conflicts409: z.number().int().nonnegative(),
    rejections: z.record(z.string(), z.number().int().nonnegative()),
    shiftsTradedTwice: z.number().int().nonnegative(),
    /** Legacy ids with more than one (non-canceled) trade: a swap created twice after an ambiguous answer. */
    duplicateTrades: z.number().int().nonnegative(),
    doubleBookedShifts: z.number().int().nonnegative(),
    lostUpdates: z.number().int().nonnegative(),
    nonMonotonicVersions: z.number().int().nonnegative(),
    /** Runs with a tradeMix only: the server's trades by state at the end (Canceled, Unmatched, …). */
    tradesByState: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** Trades the server approved that the client reported as not applied. */
    falseFailures: z.number().int().nonnegative(),
  }),
  /**
   * kind 'sim', scenarios whose legacy export repeats ids (trades.duplicateEvery): the sends beyond the
   * one that counts per repeated id, and what they cost (src/sim/legacy-duplicates.ts).
   */
  legacyDuplicates: z
    .object({
      idsSentTwice: z.number().int().nonnegative(),
      extraSends: z.number().int().nonnegative(),
      /** Extra sends the client saw applied: must be 0 (the server refuses a shift already traded). */
      extraApplied: z.number().int().nonnegative(),
      extraRequests: z.number().int().nonnegative(),
      extraConflicts: z.number().int().nonnegative(),
    })
    .optional(),
  /**
   * Scenarios with a tradeMix: trades started and applied by kind (swap: approved; one-sided: offered,
   * left Unmatched; cancel: canceled by its initiator). Absent without a mix.
   */
  tradesByKind: z.record(z.string(), z.number().int().nonnegative()).optional(),
  appliedByKind: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** kind 'sim', aws-occ only. */
  sweep: z.array(sweepPoint).optional(),
  /** Time to outcome at 0%, 5%, …, 100% of trades (21 values, world ms): the CDF report.html draws. */
  outcomeQuantilesMs: z.array(z.number()).length(21).optional(),
  /** 409 answers and applied trades over world time (swap scenarios in the simulator). */
  timeline: timeline.optional(),
  /**
   * sim --seeds: the headline metrics over every seed (the row's other numbers are the first seed's):
   * trades not applied, requests per trade, 409s per write, p95 time to outcome.
   */
  acrossSeeds: z.record(z.string(), spread).optional(),
  /**
   * k6 runs: every threshold the run was held to, as k6 judged it (k6 exits 99 when one is not ok); observe
   * runs: the server-truth thresholds (src/observe/thresholds.ts), with the value each was judged on.
   */
  thresholds: z
    .array(z.object({ metric: z.string(), expression: z.string(), ok: z.boolean(), value: z.number().optional() }))
    .optional(),
  /** kind 'observe', the observed client's row: what the server's truth says it did (docs/observe.md). */
  observed: observedBehaviour.optional(),
});

/** kind 'sim' only: how the simulation was set up. No wall-clock values, so a seed replays byte for byte. */
export const simInfo = z.object({
  /** aws-occ: one-way network delay |Normal(meanMs, sdMs)| per hop (swap scenarios: see the run's network). */
  latencyMs: z.object({ mean: z.number().nonnegative(), sd: z.number().nonnegative() }).optional(),
  /** How request and answer bodies crossed the in-process transport. */
  wire: z.enum(['objects', 'json']),
  events: z.number().int().nonnegative(),
  /** Virtual ms simulated, summed over runs. */
  virtualMs: z.number().nonnegative(),
  clients: z.array(z.number().int().positive()).optional(),
  runsPerPoint: z.number().int().positive().optional(),
  /** aws-occ: attempt and time limits lifted to the published setup's. */
  publishedBounds: z.boolean().optional(),
});

export const runResults = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  /** k6: compare; sim: the simulator; observe: any client judged by the server's truth (observe, report --from-server). */
  kind: z.enum(['k6', 'sim', 'observe']),
  scenario: z.string(),
  /**
   * A hash of the resolved scenario the run met (world, trades, clock, network, pressures, load, trade
   * mix, faults: src/scenario/file/content-hash.ts). A baseline entry is keyed by it beside the name.
   */
  scenarioHash: z.string().optional(),
  /** A run from --scenario-file: the file as given (absolute) and the SHA-256 of its bytes. */
  scenarioFile: z.object({ path: z.string(), sha256: z.string() }).optional(),
  seed: z.number().int(),
  /** sim --seeds: every seed run, in order (`seed` is the first); the rows hold the first seed's numbers. */
  seeds: z.array(z.number().int()).min(2).optional(),
  gitCommit: z.string(),
  startedAt: z.string(),
  tools: z.record(z.string(), z.string()),
  /**
   * World time: trades per world-second for durationS world-seconds. clockSpeed: world ms per real ms of
   * the run (a runtime knob; the simulator records it and its numbers do not depend on it).
   */
  load: z.object({ tradesPerSecond: z.number(), durationS: z.number(), clockSpeed: z.number() }),
  /** The scenario's client-server round trip model, world ms (null: none). */
  network: z.object({ roundTripMs: z.object({ medianMs: z.number(), p99Ms: z.number() }).nullable() }).optional(),
  /** The API family the swaps were spelled in (src/core/dialects/index.ts); aws-occ: its trade PATCH. */
  dialect: z.string().optional(),
  /** Runs with --faults (compare, sim): the fault config (mock-server/api/faults.ts) the server drew from. */
  faults: faultConfig.optional(),
  strategies: z.array(strategyResult).min(1),
  sim: simInfo.optional(),
  /** The pressures' windows during the run, in world time, for report.html's timeline. */
  pressureWindows: z.array(pressureWindow).optional(),
  /** The world's units, agents and zones (swap scenarios); times are shown in `timeZone` beside UTC. */
  world: worldSummary.optional(),
  /** kind 'observe': where the truth came from, and the client observe ran (absent for report --from-server). */
  observe: observeRunInfo.optional(),
});

export type StrategyResult = z.infer<typeof strategyResult>;
export type SweepPoint = z.infer<typeof sweepPoint>;
export type SimInfo = z.infer<typeof simInfo>;
export type RunResults = z.infer<typeof runResults>;
export type Timeline = z.infer<typeof timeline>;
export type PressureWindowView = z.infer<typeof pressureWindow>;
export type WorldSummary = z.infer<typeof worldSummary>;
export type Spread = z.infer<typeof spread>;
