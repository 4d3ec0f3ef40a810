/**
 * The published experiment (retry-literature.md; AWS Architecture Blog 2015 and its simulator,
 * aws-samples/aws-arch-backoff-simulator): N clients start together and each updates ONE shared row
 * under optimistic concurrency: read the version, write with it, on a conflict back off and read again.
 *
 * The row is one Unmatched shift trade of the mock, written with PATCH and metadata.version through
 * the mock's own route (src/core/dialects/trade-patch.ts). Why not a bare OCC counter: the trade's
 * check-and-write is the one a WFM client meets (same zod validation, same 409 body, same audit
 * invariants), and it behaves exactly like the published row: one version, +1 per accepted write, any
 * stale version refused. Reads list the initiating agent's trades (the mock has no GET by id, like
 * Genesys). Network delay per hop |Normal(10, 2)| ms; calls = write requests, as the published
 * simulator counts them; completion = virtual time of the last answer.
 */
import type { World } from '../../../mock-server/domain/world.ts';
import { scheduleFor } from '../../../mock-server/domain/world.ts';
import { createRng, deriveSeed } from '../../contract/rng.ts';
import type { StrategySpec } from '../../core/strategies.ts';
import { tradePatchEntity } from '../../core/dialects/trade-patch.ts';
import { updateSteps } from '../../core/versioned-update.ts';
import type { UpdateResult } from '../../core/versioned-update.ts';
import { createRetryBudget } from '../../core/retry-budget.ts';
import { createPacer } from '../../core/pacing.ts';
import type { WorldSpec } from '../../scenario/spec.ts';
import { DEFAULT_LIMITS, SimEngine } from '../engine.ts';
import type { RunStats } from '../engine.ts';
import { runSimulation } from '../actor.ts';
import type { Simulation, StepRunner } from '../actor.ts';
import { perHopDelays, PUBLISHED_LATENCY } from '../latency.ts';
import type { LatencySpec } from '../latency.ts';
import { SimNetwork } from '../network.ts';
import type { Server } from '../network.ts';
import { buildSimWorld } from '../sim-world.ts';
import type { SimWorld } from '../sim-world.ts';
import type { WireMode } from '../in-process-server.ts';
import { CountingSink, serverTruthOf } from '../tally.ts';
import type { ServerTruth } from '../tally.ts';

const OCC_WORLD: WorldSpec = {
  weekDate: '2027-03-22',
  weeks: 1,
  workDaysPerAgent: 1,
  shiftHours: 8,
  businessUnits: [{ name: 'OCC', timeZone: 'UTC', managementUnits: [{ name: 'OCC row', timeZone: 'UTC', agents: 2 }] }],
};

export const AWS_OCC = {
  name: 'aws-occ',
  description:
    'The AWS "Exponential Backoff and Jitter" experiment: N clients, one shared versioned row (a shift trade), read-then-write under OCC',
  world: OCC_WORLD,
  trades: { managementUnits: ['OCC row'] },
  clock: { startUtc: '2027-03-22T00:00:00.000Z', speed: 1 },
  pressures: { dstReconciliation: null },
  latency: PUBLISHED_LATENCY,
  /** The published sweep: 10 to 190 clients in steps of 10, 100 runs per point. */
  clients: Array.from({ length: 19 }, (_, i) => 10 * (i + 1)),
  runsPerPoint: 100,
  /**
   * Published clients retry until they succeed. Strategies that retry get their attempt and time limits
   * raised to these (still bounded, and any give-up is reported); a strategy that does not retry stays.
   */
  publishedBounds: { maxAttempts: 1000, deadlineMs: 3_600_000 },
} as const;

export function withPublishedBounds(strategy: StrategySpec): StrategySpec {
  if (strategy.maxAttempts <= 1) return strategy;
  const { maxAttempts, deadlineMs } = AWS_OCC.publishedBounds;
  return {
    ...strategy,
    maxAttempts: Math.max(strategy.maxAttempts, maxAttempts),
    deadlineMs: Math.max(strategy.deadlineMs, deadlineMs),
  };
}

export interface OccRunOptions {
  clients: number;
  /** Used as given: apply withPublishedBounds() first to replay the published setup. */
  strategy: StrategySpec;
  seed: number;
  world: World;
  latency?: LatencySpec;
  wire?: WireMode;
  /**
   * Serve the clients' requests with this instead of the mock's routes (the row is still created through
   * them, and given here). Only `npm run bench:sim` sets it, to measure what the engine, network and sync
   * core cost without the routes.
   */
  rowServer?: (row: { id: string; version: number }) => Server;
}

export interface OccRun {
  clients: number;
  seed: number;
  results: UpdateResult[];
  writeCalls: number;
  requests: number;
  completionMs: number;
  events: number;
  conflictsByKind: Record<string, number>;
  server: ServerTruth;
}

export function runAwsOcc(options: OccRunOptions): OccRun {
  return runSimulation(occSimulation(options));
}

/** The run set up: every client starts at time 0 with the sync core's versioned update of the row. */
export function occSimulation(options: OccRunOptions): Simulation<OccRun> {
  const { clients, strategy, seed, world } = options;
  const engine = new SimEngine(DEFAULT_LIMITS);
  const sim = buildSimWorld({
    setup: AWS_OCC,
    world,
    seed,
    quiet: true,
    virtualNowMs: engine.clock.nowMs,
    wire: options.wire ?? 'objects',
  });
  const [initiator, receiver] = world.agents;
  const shift = initiator?.shifts[0];
  const unit = world.managementUnits[0];
  if (!initiator || !receiver || !shift || !unit) throw new Error('aws-occ: the world needs two agents with a shift');
  // The shared row: created at time 0 through the route, before any client starts.
  const created = sim.server.handle({
    method: 'POST',
    path: `/api/v2/workforcemanagement/managementunits/${unit.id}/weeks/${shift.weekDate}/shifttrades`,
    body: {
      scheduleId: scheduleFor(world, unit.id, shift.weekDate)?.id,
      initiatingShiftId: shift.id,
      receivingUserId: receiver.id,
    },
  });
  if (created?.status !== 200) throw new Error(`aws-occ: creating the row answered ${created?.status ?? 'nothing'}`);
  const row = created.body as { id: string; metadata: { version: number } };
  const entity = tradePatchEntity({
    managementUnitId: unit.id,
    weekDate: shift.weekDate,
    tradeId: row.id,
    initiatingUserId: initiator.id,
  });

  const server = options.rowServer ? options.rowServer({ id: row.id, version: row.metadata.version }) : sim.server;
  const network = new SimNetwork(
    engine,
    server,
    perHopDelays(options.latency ?? AWS_OCC.latency, createRng(deriveSeed(seed, 'network'))),
  );
  const sink = new CountingSink();
  const results: UpdateResult[] = [];
  const collect = (result: UpdateResult): void => void results.push(result);
  const launch = (spawn: (name: string) => StepRunner): void => {
    for (let i = 0; i < clients; i++) {
      const name = `client-${i}`;
      const deps = {
        clock: engine.clock,
        rng: createRng(deriveSeed(seed, name)),
        sink,
        strategy,
        ...(strategy.retryBudget ? { retryBudget: createRetryBudget(strategy.retryBudget) } : {}),
        ...(strategy.pacing ? { pacer: createPacer(strategy.pacing) } : {}),
      };
      spawn(name).start(updateSteps(name, entity, deps), collect);
    }
  };
  const finish = (stats: RunStats): OccRun => {
    if (results.length !== clients) throw new Error(`aws-occ: ${clients - results.length} client(s) never finished`);
    return summarize(options, results, sink, sim, stats);
  };
  return { engine, network, launch, finish };
}

function summarize(
  options: OccRunOptions,
  results: UpdateResult[],
  sink: CountingSink,
  sim: SimWorld,
  stats: RunStats,
): OccRun {
  let writeCalls = 0;
  let requests = 0;
  for (const r of results) {
    writeCalls += r.writeRequests;
    requests += r.requests;
  }
  const report = sim.store.report();
  return {
    clients: options.clients,
    seed: options.seed,
    results,
    writeCalls,
    requests,
    completionMs: stats.endMs,
    events: stats.events,
    conflictsByKind: sink.conflictsByKind,
    // Client writes accepted, minus the row's creation.
    server: serverTruthOf(
      report,
      sim.server.refusals.counts(),
      report.writesBy['client'] === undefined ? 0 : report.writesBy['client'] - 1,
    ),
  };
}
