/**
 * The k6 side of a swap scenario: setup logs in, plans swaps from the mock's world and resets the mock's
 * world and clock to the scenario's start (POST /__harness/reset) as the load begins; each iteration
 * applies one swap through the sync core; handleSummary writes the raw k6 summary as JSON for the report
 * and a text summary on stdout. Configured by environment, read once at init (./config.ts, docs/k6.md "Run
 * k6 yourself"); STRATEGY is a preset name or an inline strategy (src/core/strategy-text.ts); the
 * scenario's thresholds go into options.thresholds, scoped to the strategy; a scenario's load stages run
 * as k6's ramping-arrival-rate.
 *
 * Time (DESIGN "Time: one axis"): the load is stated in world time. k6 runs in real time, so this file
 * converts once: R trades per world-second for D world-seconds is R x SPEED per real second for D / SPEED
 * real seconds; the core's waits go through k6WorldTime(SPEED). The mock must run its clock at SPEED too
 * (compare sets both).
 */
import http from 'k6/http';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import type { Options } from 'k6/options';
import {
  DEFAULT_DIALECT,
  DIALECTS,
  createRng,
  deriveSeed,
  getDialect,
  failedBy409,
  partitionKey,
  syncTrade,
} from '../../src/core/index.ts';
import { resolveStrategy } from '../../src/core/strategy-text.ts';
import type { StrategySpec, TradePlan } from '../../src/core/index.ts';
import { createRetryBudget } from '../../src/core/retry-budget.ts';
import type { RetryBudget } from '../../src/core/retry-budget.ts';
import { createPacer } from '../../src/core/pacing.ts';
import type { Pacer } from '../../src/core/pacing.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mixKinds } from '../../src/scenario/trade-mix.ts';
import { assertSpells } from '../../src/core/trade-kinds.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { PARTITIONED_EXTRA_S } from '../../src/scenario/spec.ts';
import { scopeThresholds } from '../../src/scenario/thresholds.ts';
import { arrivalCount, arrivalOffsetsMs } from '../../src/scenario/load-shape.ts';
import { clientOfTrade } from '../../src/scenario/clients.ts';
import { failureCause } from '../../src/core/failure-cause.ts';
import { FAILED_TRADE_LOG_PREFIX } from '../../src/report/failed-trade.ts';
import type { FailedTradeRecord } from '../../src/report/failed-trade.ts';
import { reasonText } from '../../src/core/outcome-reason.ts';
import type { TradeResult } from '../../src/core/workflow.ts';
import { readK6Config } from './config.ts';
import type { K6Config } from './config.ts';
import { textSummary } from './text-summary.ts';
import type { K6SummaryData } from './text-summary.ts';
import { createK6Metrics, k6Sink, k6Transport, k6WorldTime } from '../../src/adapters/k6/index.ts';

export interface SetupData {
  /** One bearer token per OAuth client of the load (CLIENTS): trade i uses tokens[i mod CLIENTS]. */
  tokens: string[];
  plans: TradePlan[];
  /** How many of the plans this run applies (rate × duration). */
  total: number;
  /**
   * Swap i's arrival, world ms after the load starts (src/scenario/load-shape.ts): the arrival-rate
   * executor starts it then; a partitioning strategy's VU waits for it, as the simulator's worker does.
   */
  arrivalMs: number[];
  /** World ms per real ms: what the core's waits and timeouts are converted with. */
  speed: number;
}

/** Read once per VU runtime (k6 runs the init context per VU), from __ENV over the scenario's defaults. */
let config: K6Config | undefined;
function configFor(spec: ScenarioSpec): K6Config {
  config ??= readK6Config(__ENV, spec);
  return config;
}

/** The configuration swapOptions read at init (every entry exports `options = swapOptions(spec)`). */
function readConfig(): K6Config {
  if (!config)
    throw new Error('the k6 configuration was not read at init: export options = swapOptions(spec) from the entry');
  return config;
}

/** A world duration as k6 real time at `speed` (whole ms, at least 1). */
function realMs(worldMs: number, speed: number): string {
  return `${Math.max(1, Math.ceil(worldMs / speed))}ms`;
}

/**
 * Trades per run: the arrival rate (per world-second) times the duration (world-seconds), the same swaps
 * for every strategy; and the speed the run converts world time to real time with.
 */
function runShape(spec: ScenarioSpec): { speed: number; rate: number; durationS: number; total: number } {
  const { speed, ratePerWorldS: rate, durationS } = configFor(spec);
  // Stages come from the scenario only (compare refuses --rate and --duration with them).
  if (spec.load.stages)
    return { speed, rate: spec.load.tradesPerSecond, durationS: spec.load.durationS, total: arrivalCount(spec.load) };
  return { speed, rate, durationS, total: Math.floor(rate * durationS) };
}

/** STRATEGY (a preset name or an inline strategy) resolved once per VU: module scope is per VU in k6. */
let strategyCache: StrategySpec | undefined;
function chosenStrategy(text: string): StrategySpec {
  strategyCache ??= resolveStrategy(text);
  return strategyCache;
}

function perWorldMinute(perS: number): number {
  return Math.round(perS * 60);
}

/** In-flight trades may finish this long (world ms) after the arrivals end: past every preset's deadline and job polls. */
const GRACEFUL_STOP_WORLD_MS = 90_000;

/**
 * Swaps arrive at a constant rate on whichever VU is free. A strategy that partitions (all writes of
 * one schedule on one worker) runs instead on PARTITION_VUS VUs (default 4), each applying its own
 * partitions' swaps one after another, each once it has arrived: k6 cannot route an arrival to a VU.
 */
export function swapOptions(spec: ScenarioSpec): Options {
  const { strategy: strategyText, partitionVus, maxVus, thresholds } = configFor(spec);
  const strategy = chosenStrategy(strategyText);
  const strategyName = strategy.name;
  const { speed, durationS, total } = runShape(spec);
  const tags = { strategy: strategyName, scenario_spec: spec.name };
  // `total` arrivals spread evenly over the run's real duration: rate `total` per timeUnit = the duration.
  const realDuration = realMs(durationS * 1000, speed);
  const swaps = strategy.partitioning
    ? {
        executor: 'per-vu-iterations' as const,
        vus: partitionVus,
        iterations: total,
        maxDuration: realMs((durationS + PARTITIONED_EXTRA_S) * 1000, speed),
        tags,
      }
    : spec.load.stages
      ? {
          // k6 wants whole iterations per timeUnit: rates go per world-minute, rounded (0.5/s is 30 per world-minute).
          executor: 'ramping-arrival-rate' as const,
          timeUnit: realMs(60_000, speed),
          startRate: perWorldMinute(spec.load.tradesPerSecond),
          stages: spec.load.stages.map((stage) => ({
            duration: realMs(stage.durationS * 1000, speed),
            target: perWorldMinute(stage.targetPerS),
          })),
          preAllocatedVUs: spec.load.preAllocatedVUs,
          maxVUs: maxVus,
          gracefulStop: realMs(GRACEFUL_STOP_WORLD_MS, speed),
          tags,
        }
      : {
          executor: 'constant-arrival-rate' as const,
          rate: total,
          timeUnit: realDuration,
          duration: realDuration,
          preAllocatedVUs: spec.load.preAllocatedVUs,
          maxVUs: maxVus,
          gracefulStop: realMs(GRACEFUL_STOP_WORLD_MS, speed),
          tags,
        };
  return {
    scenarios: { swaps },
    // The scenario's (or THRESHOLDS') bars on this strategy's sub-metrics: k6 exits 99 when one fails.
    thresholds: scopeThresholds(thresholds, strategyName),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    // A 10,000-agent world is 20 MB to fetch and 53,095 swaps to plan in k6's interpreter: 30 s was too short.
    setupTimeout: '180s',
  };
}

export const metrics = createK6Metrics();

/** One client-credentials login: a token (the mock's per-token rate limit counts each apart). */
function login(baseUrl: string, clientId: string, clientSecret: string): string {
  const answer = http.post(
    `${baseUrl}/oauth/token`,
    { grant_type: 'client_credentials' },
    {
      headers: { authorization: `Basic ${encoding.b64encode(`${clientId}:${clientSecret}`)}` },
    },
  );
  if (answer.status !== 200)
    throw new Error(
      `login as CLIENT_ID=${clientId} failed: ${answer.status} ${String(answer.body)} (set CLIENT_ID and ` +
        `CLIENT_SECRET to a client of the mock's --config)`,
    );
  return (answer.json() as { access_token: string }).access_token;
}

/**
 * k6 replaces the scenario's executor when --vus, --iterations or --duration (or K6_VUS, K6_ITERATIONS,
 * K6_DURATION) are given: its own shared-iterations or constant-vus scenario runs instead, and world-time
 * pacing is gone. The consolidated options are readable from setup() on (not in the init context), so
 * the warning comes at the start of the run, before any trade: what was replaced, and with what.
 */
function warnIfExecutorReplaced(spec: ScenarioSpec): void {
  const scenarios = exec.test.options.scenarios as Record<string, { executor?: string } & Record<string, unknown>>;
  if (scenarios['swaps']) return;
  const { speed, rate, durationS, total } = runShape(spec);
  const now = Object.entries(scenarios)
    .map(
      ([name, s]) =>
        `${name}: ${s.executor}${s['vus'] ? `, ${s['vus']} VUs` : ''}` +
        `${s['iterations'] ? `, ${s['iterations']} iterations` : ''}${s['duration'] ? `, ${s['duration']}` : ''}`,
    )
    .join('; ');
  console.warn(
    `k6 options replaced the scenario's load: --vus, --iterations or --duration (or K6_VUS, K6_ITERATIONS, ` +
      `K6_DURATION) turned ${spec.name}'s arrival rate (${rate} trades per world-s for ${durationS} world-s, ` +
      `${total} swaps at speed ${speed}) into k6's ${now}: arrivals are no longer paced in world time and at most ` +
      `${total} iterations apply a swap. Drop those flags; set RATE and DURATION_S instead (docs/k6.md "Run k6 yourself").`,
  );
}

export function swapSetup(spec: ScenarioSpec): SetupData {
  const { baseUrl, clientId, clientSecret, clients } = configFor(spec);
  warnIfExecutorReplaced(spec);
  const tokens = Array.from({ length: clients }, () => login(baseUrl, clientId, clientSecret));
  const token = tokens[0] as string;
  // The control routes want a harness admin once the mock has OAuth clients (docs/mock-server.md "OAuth"): the same token.
  const control = { headers: { authorization: `Bearer ${token}` } };
  const worldAnswer = http.get(`${baseUrl}/__harness/world`, control);
  if (worldAnswer.status !== 200)
    throw new Error(
      `GET /__harness/world answered ${worldAnswer.status}: ${String(worldAnswer.body)} (a mock with OAuth ` +
        `clients needs CLIENT_ID to be a "harnessAdmin" client)`,
    );
  const world = worldAnswer.json() as unknown as World;
  const { seed, dialect } = readConfig();
  // A mix the dialect cannot spell fails setup before any trade is sent (compare refuses it earlier, exit 2).
  assertSpells(getDialect(dialect), mixKinds(spec.tradeMix), Object.values(DIALECTS), spec.name);
  const plans = planScenarioSwaps(world, spec, seed);
  const { total, speed, rate, durationS } = runShape(spec);
  // A run never silently runs out of swaps: refuse a load the world cannot feed.
  if (plans.length < total)
    throw new Error(`${spec.name} plans ${plans.length} swaps; RATE x DURATION_S asks for ${total}`);
  // Start the world at the scenario's start as the load starts: k6's own start-up (seconds of real time,
  // i.e. speed x as many world-seconds) must not shift the arrivals against the lock phases. Tokens stay valid.
  // RESET=false: one of several instances (execution segments), which must not wipe the others' trades.
  if (configFor(spec).reset) {
    const reset = http.post(`${baseUrl}/__harness/reset`, null, control);
    if (reset.status !== 200) throw new Error(`POST /__harness/reset answered ${reset.status}: ${String(reset.body)}`);
  }
  const load = spec.load.stages ? spec.load : { tradesPerSecond: rate, durationS };
  // Only the swaps this run applies: setup data is copied into every VU (a 10,000-agent world plans 53,095).
  return { tokens, plans: plans.slice(0, total), total, speed, arrivalMs: arrivalOffsetsMs(load, total) };
}

/**
 * Per-VU state: a VU is one client, so its retry budget and pacer live as long as the VU (module scope
 * is per VU in k6) and are shared by all the swaps it applies, as a real client's would be.
 */
const vu: { budget?: RetryBudget; pacer?: Pacer; partitionPlans?: PlannedSwap[] } = {};

/** A swap and its place in the run (its arrival is data.arrivalMs[index]). */
interface PlannedSwap {
  plan: TradePlan;
  index: number;
}

/**
 * The swaps this VU applies under a partitioning strategy: the partitions dealt to it round-robin.
 * Segment-safe: with --execution-segment flags, vu.idInTest (like scenario.iterationInTest below) is
 * unique across k6 instances, so each partition lands on exactly one VU of one instance.
 */
function partitionPlans(data: SetupData, strategy: StrategySpec, total: number, vus: number): PlannedSwap[] {
  if (vu.partitionPlans) return vu.partitionPlans;
  const plans = data.plans.slice(0, total);
  const keys = [...new Set(plans.map((plan) => partitionKey(strategy, plan) ?? ''))].sort();
  const mine = new Set(keys.filter((_, i) => i % vus === exec.vu.idInTest - 1));
  vu.partitionPlans = plans
    .map((plan, index) => ({ plan, index }))
    .filter(({ plan }) => mine.has(partitionKey(strategy, plan) ?? ''));
  return vu.partitionPlans;
}

/**
 * A partitioning strategy's VU applies its swaps one after another, but none before it arrives: a swap
 * still queued behind a slow one starts at once, one whose arrival is ahead waits for it (world time from
 * the scenario's start, converted at `speed`), so both executors meet the same arrivals as the simulator.
 */
async function untilArrival(data: SetupData, index: number): Promise<void> {
  const elapsedWorldMs = (Date.now() - exec.scenario.startTime) * data.speed;
  const waitWorldMs = (data.arrivalMs[index] ?? 0) - elapsedWorldMs;
  if (waitWorldMs > 0) await k6WorldTime(data.speed).sleep(waitWorldMs);
}

export async function swapIteration(data: SetupData): Promise<void> {
  const { strategy: strategyText, partitionVus, seed, baseUrl, dialect, clients } = readConfig();
  const strategy = chosenStrategy(strategyText);
  // k6's arrival-rate executor may start one iteration more than rate x duration (at the very end): the
  // run applies exactly `total` swaps, as the simulator does.
  const index = exec.scenario.iterationInTest;
  const swap = strategy.partitioning
    ? partitionPlans(data, strategy, data.total, partitionVus)[exec.vu.iterationInScenario]
    : index < data.total
      ? { plan: data.plans[index] as TradePlan, index }
      : undefined;
  if (!swap) return; // more iterations than swaps: counted by k6 as iterations, not as trades
  // The arrival-rate executor started this iteration at the swap's arrival; a partition's VU waits for it.
  if (strategy.partitioning) await untilArrival(data, swap.index);
  const { plan } = swap;
  const tags = { strategy: strategy.name };
  const { speed } = data;
  if (strategy.retryBudget && !vu.budget) vu.budget = createRetryBudget(strategy.retryBudget);
  if (strategy.pacing && !vu.pacer) vu.pacer = createPacer(strategy.pacing);
  // Trade i carries client i mod CLIENTS's token; a partition's VU keeps one (src/scenario/clients.ts).
  const client = clientOfTrade(strategy.partitioning ? exec.vu.idInTest - 1 : index, clients);
  const result = await syncTrade(plan, {
    transport: k6Transport(baseUrl, data.tokens[client] as string, tags, speed),
    ...k6WorldTime(speed),
    rng: createRng(deriveSeed(seed, plan.legacyId)),
    sink: k6Sink(metrics, tags),
    strategy,
    dialect: getDialect(dialect),
    ...(vu.budget ? { retryBudget: vu.budget } : {}),
    ...(vu.pacer ? { pacer: vu.pacer } : {}),
  });
  if (result.outcome === 'applied') return;
  if (!failedBy409(result.outcome, result.lastWriteStatus))
    metrics.failedOtherByCause[failureCause(result) ?? 'other'].add(1, tags);
  logFailedTrade(result, strategy.name);
}

/**
 * One console line per trade not applied, with its last answer, so a k6 run can be explained trade by
 * trade as a `sim --trace` run is (compare collects them with the server's journal into trace.jsonl).
 */
function logFailedTrade(result: TradeResult, strategy: string): void {
  const record: FailedTradeRecord = {
    legacyId: result.legacyId,
    strategy,
    outcome: result.outcome,
    cause: failureCause(result) ?? 'other',
    requests: result.requests,
    durationMs: result.durationMs,
    lastWriteStatus: result.lastWriteStatus,
    ...(result.tradeId ? { tradeId: result.tradeId } : {}),
    ...(result.lastAnswer ? { lastAnswer: result.lastAnswer } : {}),
    ...(result.reason ? { reason: reasonText(result.reason) } : {}),
  };
  console.log(FAILED_TRADE_LOG_PREFIX + JSON.stringify(record));
}

/**
 * k6's end-of-test output: the summary as JSON at SUMMARY_PATH (what compare's report reads) and a compact
 * text summary on stdout in place of k6's own, which a script cannot import (shared/reference/k6.md).
 */
export function swapSummary(data: K6SummaryData): Record<string, string> {
  const out: Record<string, string> = {};
  const run = config ?? {
    strategy: __ENV['STRATEGY'] ?? '(unset)',
    dialect: __ENV['DIALECT'] ?? DEFAULT_DIALECT,
    summaryPath: __ENV['SUMMARY_PATH'],
  };
  // k6 hands handleSummary its setup data too: every token and every swap plan (500+ KB). Neither belongs
  // in a summary someone may attach to a ticket.
  const { setup_data: _setupData, ...summary } = data as K6SummaryData & { setup_data?: unknown };
  if (run.summaryPath) out[run.summaryPath] = JSON.stringify(summary);
  out['stdout'] = textSummary(data, { strategy: run.strategy, dialect: run.dialect });
  return out;
}
