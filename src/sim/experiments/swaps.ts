/**
 * A swap scenario (e.g. dst-paris) in virtual time, which is world time, shaped like its k6 run
 * (k6/lib/swaps.ts): swaps planned from the world with src/scenario/plan.ts start at a constant
 * arrival rate (per world-second) for the scenario's duration (world-seconds), each applied through tradeSteps
 * by a free VU (at most maxVUs; an arrival with no
 * free VU is a dropped iteration, as in k6's constant-arrival-rate). A strategy that partitions puts
 * every swap of one key on one worker, which applies them one after another and drops none.
 * Each VU or worker keeps its own retry budget and pacer; each swap's Rng is derived from its legacy id.
 * With load.clients k, the i-th swap's requests carry client i mod k's token (src/scenario/clients.ts).
 */
import type { World } from '../../../mock-server/domain/world.ts';
import { createRng, deriveSeed } from '../../contract/rng.ts';
import { partitionKey } from '../../core/strategies.ts';
import type { StrategySpec } from '../../core/strategies.ts';
import type { TradePlan } from '../../core/trade-plan.ts';
import { tradeSteps } from '../../core/workflow.ts';
import type { TradeResult, TradeStepDeps } from '../../core/workflow.ts';
import type { Steps } from '../../core/effects.ts';
import { sleep } from '../../core/effects.ts';
import { genesysLegacy } from '../../core/dialects/genesys-legacy.ts';
import type { Dialect } from '../../core/dialects/dialect.ts';
import { DIALECTS } from '../../core/dialects/index.ts';
import { assertSpells } from '../../core/trade-kinds.ts';
import { mixKinds } from '../../scenario/trade-mix.ts';
import type { FaultConfig, FaultCounts } from '../../../mock-server/api/faults.ts';
import { emptyCounts } from '../../../mock-server/api/faults.ts';
import { createRetryBudget } from '../../core/retry-budget.ts';
import { createPacer } from '../../core/pacing.ts';
import { assertFed, planScenarioSwaps } from '../../scenario/plan.ts';
import { arrivalCount, arrivalOffsetsMs } from '../../scenario/load-shape.ts';
import type { ScenarioSpec } from '../../scenario/spec.ts';
import { PARTITIONED_EXTRA_S } from '../../scenario/spec.ts';
import { generateWorld } from '../../world/generate.ts';
import { runSimulation } from '../actor.ts';
import type { Simulation, SpawnRunner, StepRunner } from '../actor.ts';
import { DEFAULT_LIMITS, SimEngine } from '../engine.ts';
import type { RunStats } from '../engine.ts';
import type { WireMode } from '../in-process-server.ts';
import { perHopDelays } from '../latency.ts';
import type { LatencySpec } from '../latency.ts';
import { roundTripDelays } from '../../../mock-server/api/network-latency.ts';
import type { LinkDelays } from '../../../mock-server/api/network-latency.ts';
import type { Rng } from '../../contract/rng.ts';
import { SimNetwork } from '../network.ts';
import { buildSimWorld } from '../sim-world.ts';
import type { SimWorld } from '../sim-world.ts';
import { CountingSink, addFailureCause, addOutcome, emptyTotals, serverTruthOf, sortedKeys } from '../tally.ts';
import { servedLabel } from '../served-note.ts';
import { clientOfTrade, clientsOf } from '../../scenario/clients.ts';
import type { OutcomeTotals, ServerTruth } from '../tally.ts';
import { TimelineSink, teeSink } from '../timeline-sink.ts';
import { traceTrade } from '../trace.ts';
import { mixTrades } from '../mix-trades.ts';
import type { MixTrade } from '../mix-trades.ts';
import type { TraceLine } from '../trace.ts';
import type { Timeline } from '../../report/results.ts';
import { mockSetupOf } from '../../scenario/mock-setup.ts';

export interface SwapRunOptions {
  scenario: ScenarioSpec;
  strategy: StrategySpec;
  seed: number;
  /** Per-hop |Normal| delays in place of the scenario's round trip (scenario.network); for experiments. */
  latency?: LatencySpec;
  wire?: WireMode;
  /** Generated from scenario.world and seed when not given (as the mock server does). */
  world?: World;
  /** The API the swaps go through (default genesys-legacy). */
  dialect?: Dialect;
  /** Server faults (latency, 503, drop-after-commit), as on the listening mock. */
  faults?: FaultConfig;
  /** sim --trace: told every request and decision of every swap (src/sim/trace.ts). */
  trace?: (line: TraceLine) => void;
}

export interface SwapRun {
  results: TradeResult[];
  totals: OutcomeTotals;
  conflictsByKind: Record<string, number>;
  /** Every request's round trip as the client saw it, world ms. */
  latenciesMs: number[];
  server: ServerTruth;
  requestCounts: Record<string, number>;
  dropped: number;
  /** Most swaps in flight at once (1 when a partitioning strategy serializes them all). */
  maxInFlight: number;
  /** What the faults did (zero counts without faults). */
  faults: FaultCounts;
  events: number;
  virtualMs: number;
  worldSeconds: number;
  /** 409s and applied trades over world time, and the world they ran in (for the pressure windows). */
  timeline: Timeline;
  world: World;
  /** Runs with a tradeMix only: the server's trades of the traded unit at the end (src/sim/mix-trades.ts). */
  mixTrades?: MixTrade[];
}

const NO_DELAY: LinkDelays = { outboundMs: () => 0, inboundMs: () => 0 };

/** The scenario's network (a round trip, or none), unless the caller asks for per-hop delays. */
function linkDelays(options: SwapRunOptions, rng: Rng): LinkDelays {
  if (options.latency) return perHopDelays(options.latency, rng);
  const roundTrip = options.scenario.network.roundTripMs;
  return roundTrip ? roundTripDelays(roundTrip, rng) : NO_DELAY;
}

interface Worker {
  runner: StepRunner;
  deps: Omit<TradeStepDeps, 'rng'>;
}

/** The token a trade's requests carry: one per client of the load; undefined for one client (the shared bucket). */
function principalOf(client: number, clients: number): string | undefined {
  return clients > 1 ? `client-${client + 1}` : undefined;
}

export function runSwaps(options: SwapRunOptions): SwapRun {
  return runSimulation(swapSimulation(options));
}

/** The run set up: swaps arrive on VUs (or queue for their partition's worker) once it is launched. */
export function swapSimulation(options: SwapRunOptions): Simulation<SwapRun> {
  const { scenario, strategy, seed } = options;
  const world = options.world ?? generateWorld(scenario.world, seed);
  const engine = new SimEngine(DEFAULT_LIMITS);
  const sim = buildSimWorld({
    setup: mockSetupOf(scenario),
    world,
    seed,
    quiet: false,
    virtualNowMs: engine.clock.nowMs,
    wire: options.wire ?? 'objects',
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const network = new SimNetwork(engine, sim.server, linkDelays(options, createRng(deriveSeed(seed, 'network'))));
  const sink = new CountingSink({ keepLatencies: true });
  // The world instant of an event (virtual time is world time: world = start + virtual ms).
  const timeline = new TimelineSink(() => sim.clock.nowMs());
  const results: TradeResult[] = [];
  const newWorker = (runner: StepRunner): Worker => ({
    runner,
    deps: {
      clock: engine.clock,
      sink: teeSink(sink, timeline),
      strategy,
      dialect: options.dialect ?? genesysLegacy,
      ...(strategy.retryBudget ? { retryBudget: createRetryBudget(strategy.retryBudget) } : {}),
      ...(strategy.pacing ? { pacer: createPacer(strategy.pacing) } : {}),
    },
  });
  let inFlight = 0;
  let maxInFlight = 0;
  const clients = clientsOf(scenario.load);
  /** The server's view of each result's trade (served-note.ts), in the order of `results`. */
  const serverViews: string[] = [];
  const trace = options.trace;
  const traceTarget = trace && {
    worldNowMs: () => sim.clock.nowMs(),
    tradeVersion: (id: string) => sim.store.tradeById(id)?.version,
    write: trace,
  };
  function* apply(worker: Worker, plan: TradePlan, client: number): Steps<void> {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const link = worker.runner.link;
    if (link) {
      link.principal = principalOf(client, clients);
      link.serverFailure = undefined;
    }
    const rng = createRng(deriveSeed(seed, plan.legacyId));
    if (traceTarget) {
      const traced = traceTrade(traceTarget, plan, strategy.name, worker.deps.sink);
      results.push(yield* traced.tap(tradeSteps(plan, { ...worker.deps, sink: traced.sink, rng })));
    } else results.push(yield* tradeSteps(plan, { ...worker.deps, rng }));
    serverViews.push(servedLabel(link?.serverFailure));
    inFlight--;
  }

  const plans = planScenarioSwaps(world, scenario, seed);
  assertSpells(options.dialect ?? genesysLegacy, mixKinds(scenario.tradeMix), Object.values(DIALECTS), scenario.name);
  const { durationS, maxVUs } = scenario.load;
  const arrivals = arrivalCount(scenario.load);
  assertFed(scenario.name, plans.length, arrivals, seed);
  const offsetsMs = arrivalOffsetsMs(scenario.load, arrivals);
  let dropped = 0;
  // As k6's maxDuration for partitioned runs: a swap still queued then is never started (dropped).
  const partitionedStopMs = (durationS + PARTITIONED_EXTRA_S) * 1000;
  function* partitionWorker(
    worker: Worker,
    queue: ReadonlyArray<{ plan: TradePlan; arrivalMs: number }>,
    client: number,
  ): Steps<void> {
    for (const { plan, arrivalMs } of queue) {
      yield* sleep(arrivalMs - engine.nowMs);
      if (engine.nowMs >= partitionedStopMs) {
        dropped++;
        continue;
      }
      yield* apply(worker, plan, client);
    }
  }

  const launch = (spawn: SpawnRunner): void => {
    const partitions = new Map<string, Array<{ plan: TradePlan; arrivalMs: number }>>();
    const vus: Worker[] = [];
    const freeVu = (): Worker | undefined => {
      const idle = vus.find((w) => !w.runner.isBusy);
      if (idle || vus.length >= maxVUs) return idle;
      const vu = newWorker(spawn(`vu-${vus.length + 1}`));
      vus.push(vu);
      return vu;
    };
    for (let i = 0; i < arrivals; i++) {
      const plan = plans[i] as TradePlan;
      const arrivalMs = offsetsMs[i] as number;
      const key = partitionKey(strategy, plan);
      if (key !== undefined) {
        const queue = partitions.get(key) ?? [];
        if (queue.length === 0) partitions.set(key, queue);
        queue.push({ plan, arrivalMs });
        continue;
      }
      engine.at(arrivalMs, () => {
        const vu = freeVu();
        if (!vu) return void dropped++;
        vu.runner.start(apply(vu, plan, clientOfTrade(i, clients)));
      });
    }
    let partition = 0;
    for (const [key, queue] of partitions) {
      // A serial worker keeps one client, as a partitioning strategy's k6 VU does.
      const worker = newWorker(spawn(`worker-${key}`));
      worker.runner.start(partitionWorker(worker, queue, clientOfTrade(partition++, clients)));
    }
  };

  const finish = (stats: RunStats): SwapRun => {
    if (results.length + dropped !== arrivals)
      throw new Error(`${scenario.name}: ${arrivals - results.length - dropped} swap(s) never finished`);
    const faults = sim.server.faults?.counts ?? emptyCounts();
    const timelineView = timeline.timeline(Date.parse(scenario.clock.startUtc), sim.clock.nowMs());
    const summary = summarize(results, serverViews, sink, sim, dropped, stats);
    if (!scenario.tradeMix) return { ...summary, maxInFlight, faults, timeline: timelineView, world };
    summary.server.tradesByState = sortedKeys(sim.store.report().tradesByState);
    const units = [...new Set(plans.map((plan) => plan.managementUnitId))];
    return {
      ...summary,
      maxInFlight,
      faults,
      timeline: timelineView,
      world,
      mixTrades: mixTrades(sim.store, units, [...new Set(plans.map((plan) => plan.weekDate))]),
    };
  };
  return { engine, network, launch, finish };
}

function summarize(
  results: TradeResult[],
  serverViews: readonly string[],
  sink: CountingSink,
  sim: SimWorld,
  dropped: number,
  stats: RunStats,
): Omit<SwapRun, 'maxInFlight' | 'faults' | 'timeline' | 'world' | 'mixTrades'> {
  const totals = emptyTotals();
  results.forEach((r, i) => {
    addOutcome(totals, r);
    addFailureCause(totals, r, serverViews[i] ?? 'no refusal');
  });
  const report = sim.store.report();
  const approved = report.tradesByState['Approved'] ?? 0;
  return {
    results,
    totals,
    conflictsByKind: sink.conflictsByKind,
    latenciesMs: sink.latenciesMs,
    dropped,
    events: stats.events,
    virtualMs: stats.endMs,
    worldSeconds: stats.endMs / 1000,
    requestCounts: sim.server.requestCounts(),
    server: serverTruthOf(report, sim.server.refusals.counts(), approved),
  };
}
