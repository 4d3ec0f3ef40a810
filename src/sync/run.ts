/**
 * Run the sync core over a list of trades: a pool of workers, trades of one partition key (the
 * strategy's partitioning, e.g. one schedule) serialized on one worker, one retry budget and one pacer
 * for the whole client, each trade's random stream derived from the seed and its legacy id (so the
 * delays of a trade do not depend on scheduling), each worker on one OAuth client's token when there are
 * several (the per-token rate limit counts them apart). A stop request lets in-flight trades finish and
 * starts no new one; the rest are reported as not started.
 */
import type { Clock, MetricsSink, Sleep, SyncEvent, Transport } from '../core/ports.ts';
import type { Journal } from '../core/journal.ts';
import type { StrategySpec } from '../core/strategies.ts';
import type { TradePlan } from '../core/trade-plan.ts';
import type { TradeResult } from '../core/workflow.ts';
import { partitionKey } from '../core/strategies.ts';
import { readTrade, syncTrade } from '../core/workflow.ts';
import type { SyncDeps } from '../core/workflow.ts';
import { createRng, deriveSeed } from '../contract/rng.ts';
import { createPacer } from '../core/pacing.ts';
import { createRetryBudget } from '../core/retry-budget.ts';
import { genesysLegacy } from '../core/dialects/genesys-legacy.ts';
import type { Dialect } from '../core/dialects/dialect.ts';
import { clientOfTrade } from '../scenario/clients.ts';

export interface SyncRunOptions {
  plans: readonly TradePlan[];
  strategy: StrategySpec;
  /** The API family (default genesys-legacy). */
  dialect?: Dialect;
  concurrency: number;
  seed: number;
  transport: Transport;
  /**
   * One transport per OAuth client (sync --clients; src/scenario/clients.ts): worker w sends with
   * workerTransports[w mod length]. Absent: every worker uses `transport`.
   */
  workerTransports?: readonly Transport[];
  clock: Clock;
  sleep: Sleep;
  journal?: Journal;
  onResult?: (result: TradeResult) => void;
  /** Polled before each trade starts; true stops the run after the trades in flight. */
  stopRequested?: () => boolean;
}

export interface SyncTotals {
  requests: number;
  writeRequests: number;
  conflicts: number;
  retries: number;
  /** Trades the run gave up on that the final read found Approved (confirmGaveUp). */
  confirmedByFinalRead: number;
}

export interface SyncRunOutcome {
  /** One per plan, in input order; undefined for a trade that was never started. */
  results: Array<TradeResult | undefined>;
  totals: SyncTotals;
}

/** Lanes of plan indexes: one per partition key, or one per trade when the strategy does not partition. */
export function lanesOf(plans: readonly TradePlan[], strategy: StrategySpec): number[][] {
  const lanes: number[][] = [];
  const byKey = new Map<string, number[]>();
  plans.forEach((plan, index) => {
    const key = partitionKey(strategy, plan);
    if (key === undefined) {
      lanes.push([index]);
      return;
    }
    let lane = byKey.get(key);
    if (!lane) {
      lane = [];
      byKey.set(key, lane);
      lanes.push(lane);
    }
    lane.push(index);
  });
  return lanes;
}

export async function runSync(options: SyncRunOptions): Promise<SyncRunOutcome> {
  const { plans, strategy } = options;
  const totals: SyncTotals = { requests: 0, writeRequests: 0, conflicts: 0, retries: 0, confirmedByFinalRead: 0 };
  const sink: MetricsSink = {
    record(event: SyncEvent) {
      if (event.type === 'request') {
        totals.requests++;
        if (event.write) totals.writeRequests++;
      } else if (event.type === 'conflict') totals.conflicts++;
      else if (event.type === 'retry') totals.retries++;
    },
  };
  const retryBudget = strategy.retryBudget ? createRetryBudget(strategy.retryBudget) : undefined;
  const pacer = strategy.pacing ? createPacer(strategy.pacing) : undefined;
  /** One client: the sink, budget and pacer are shared; each trade's random stream comes from the seed and its legacy id. */
  const depsFor = (plan: TradePlan, transport: Transport = options.transport): SyncDeps => ({
    transport,
    clock: options.clock,
    sleep: options.sleep,
    sink,
    strategy,
    dialect: options.dialect ?? genesysLegacy,
    rng: createRng(deriveSeed(options.seed, plan.legacyId)),
    ...(options.journal ? { journal: options.journal } : {}),
    ...(retryBudget ? { retryBudget } : {}),
    ...(pacer ? { pacer } : {}),
  });
  const results: Array<TradeResult | undefined> = plans.map(() => undefined);
  const lanes = lanesOf(plans, strategy);
  let nextLane = 0;
  let failure: unknown;

  const clientTransports = options.workerTransports ?? [options.transport];
  const worker = async (w: number): Promise<void> => {
    const transport = clientTransports[clientOfTrade(w, clientTransports.length)] ?? options.transport;
    while (failure === undefined && nextLane < lanes.length) {
      const lane = lanes[nextLane++] ?? [];
      for (const index of lane) {
        const plan = plans[index];
        if (!plan || failure !== undefined || options.stopRequested?.()) return;
        try {
          const result = await syncTrade(plan, depsFor(plan, transport));
          results[index] = result;
          options.onResult?.(result);
        } catch (error) {
          failure ??= error; // e.g. the journal cannot be written: stop everything, trust nothing further
          return;
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, lanes.length)) }, (_, w) => worker(w)),
  );
  if (failure !== undefined) throw failure;
  totals.confirmedByFinalRead = await confirmGaveUp(plans, results, depsFor, options.journal);
  return { results, totals };
}

/**
 * The final reconciliation reads the server once for every trade the run gave up on: its last write may
 * have landed with the answer lost (a timeout, a dropped connection), and a migration must not report
 * as failed a swap that is there. Found Approved → applied (and journaled so); anything else stays as
 * it was, so the next run resumes it. Failed trades (a refusal the server stated) are not read. The read
 * is the workflow's own lookup (readTrade): classified, paced and counted like every other request.
 */
async function confirmGaveUp(
  plans: readonly TradePlan[],
  results: Array<TradeResult | undefined>,
  depsFor: (plan: TradePlan) => SyncDeps,
  journal: Journal | undefined,
): Promise<number> {
  let confirmed = 0;
  for (const [index, plan] of plans.entries()) {
    const result = results[index];
    if (result?.outcome !== 'gave-up') continue;
    let seen;
    try {
      seen = await readTrade(plan, depsFor(plan), result.tradeId);
    } catch {
      continue; // unreadable: stays gave-up, resumed by the next run
    }
    if (typeof seen === 'string' || seen.state !== 'Approved') continue;
    results[index] = { ...result, outcome: 'applied', tradeId: seen.id, confirmedByFinalRead: true };
    await journal?.append({ legacyId: plan.legacyId, state: 'applied', tradeId: seen.id });
    confirmed++;
  }
  return confirmed;
}
