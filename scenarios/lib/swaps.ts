/**
 * The k6 side of a swap scenario: setup logs in and plans swaps from the mock's world; each iteration
 * applies one swap through the sync core; handleSummary writes the raw k6 summary as JSON for the report.
 * Configured by environment: BASE_URL, STRATEGY, DIALECT (default genesys-legacy), SEED, SUMMARY_PATH, RATE, DURATION_S, MAX_VUS.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import type { Options } from 'k6/options';
import { DEFAULT_DIALECT, createRng, deriveSeed, getDialect, getPreset, partitionKey, syncTrade } from '../../src/core/index.ts';
import type { StrategySpec, TradePlan } from '../../src/core/index.ts';
import { createRetryBudget } from '../../src/core/retry-budget.ts';
import type { RetryBudget } from '../../src/core/retry-budget.ts';
import { createPacer } from '../../src/core/pacing.ts';
import type { Pacer } from '../../src/core/pacing.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { planScenarioSwaps } from '../../src/scenarios/plan.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { PARTITIONED_EXTRA_S } from '../../src/scenarios/spec.ts';
import { createK6Metrics, k6Clock, k6Sink, k6Sleep, k6Transport } from '../../src/adapters/k6/index.ts';

export interface SetupData {
  token: string;
  plans: TradePlan[];
  /** How many of the plans this run applies (rate × duration). */
  total: number;
}

function env(name: string, fallback?: string): string {
  const value = __ENV[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
}

/** Trades per run: the arrival rate times the duration (the same swaps for every strategy). */
function tradeCount(spec: ScenarioSpec): { rate: number; durationS: number; total: number } {
  const rate = Number(env('RATE', String(spec.load.tradesPerSecond)));
  const durationS = Number(env('DURATION_S', String(spec.load.durationS)));
  return { rate, durationS, total: rate * durationS };
}

/**
 * Swaps arrive at a constant rate on whichever VU is free. A strategy that partitions (all writes of
 * one schedule on one worker) runs instead on PARTITION_VUS VUs (default 4), each applying its own
 * partitions' swaps one after another, as fast as they complete: k6 cannot route an arrival to a VU.
 */
export function swapOptions(spec: ScenarioSpec): Options {
  const strategyName = env('STRATEGY', 'refetch-full-jitter');
  const { rate, durationS, total } = tradeCount(spec);
  const tags = { strategy: strategyName, scenario_spec: spec.name };
  const swaps = getPreset(strategyName).partitioning
    ? { executor: 'per-vu-iterations' as const, vus: Number(env('PARTITION_VUS', '4')), iterations: total, maxDuration: `${durationS + PARTITIONED_EXTRA_S}s`, tags }
    : {
        executor: 'constant-arrival-rate' as const, rate, timeUnit: '1s', duration: `${durationS}s`,
        preAllocatedVUs: spec.load.preAllocatedVUs, maxVUs: Number(env('MAX_VUS', String(spec.load.maxVUs))), gracefulStop: '60s', tags,
      };
  return {
    scenarios: { swaps },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    setupTimeout: '30s',
  };
}

export const metrics = createK6Metrics();

export function swapSetup(spec: ScenarioSpec): SetupData {
  const baseUrl = env('BASE_URL');
  const login = http.post(`${baseUrl}/oauth/token`, { grant_type: 'client_credentials' }, {
    headers: { authorization: `Basic ${encoding.b64encode('wfm-harness:local-secret')}` },
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${String(login.body)}`);
  const token = (login.json() as { access_token: string }).access_token;
  const world = http.get(`${baseUrl}/__harness/world`).json() as unknown as World;
  return { token, plans: planScenarioSwaps(world, spec), total: tradeCount(spec).total };
}

/**
 * Per-VU state: a VU is one client, so its retry budget and pacer live as long as the VU (module scope
 * is per VU in k6) and are shared by all the swaps it applies, as a real client's would be.
 */
const vu: { budget?: RetryBudget; pacer?: Pacer; partitionPlans?: TradePlan[] } = {};

/** The swaps this VU applies under a partitioning strategy: the partitions dealt to it round-robin. */
function partitionPlans(data: SetupData, strategy: StrategySpec, total: number): TradePlan[] {
  if (vu.partitionPlans) return vu.partitionPlans;
  const plans = data.plans.slice(0, total);
  const keys = [...new Set(plans.map((plan) => partitionKey(strategy, plan) ?? ''))].sort();
  const vus = Number(env('PARTITION_VUS', '4'));
  const mine = new Set(keys.filter((_, i) => i % vus === exec.vu.idInTest - 1));
  vu.partitionPlans = plans.filter((plan) => mine.has(partitionKey(strategy, plan) ?? ''));
  return vu.partitionPlans;
}

export async function swapIteration(data: SetupData): Promise<void> {
  const strategy = getPreset(env('STRATEGY', 'refetch-full-jitter'));
  const plan = strategy.partitioning
    ? partitionPlans(data, strategy, data.total)[exec.vu.iterationInScenario]
    : data.plans[exec.scenario.iterationInTest];
  if (!plan) return; // more iterations than swaps: counted by k6 as iterations, not as trades
  const seed = Number(env('SEED', '1'));
  const tags = { strategy: strategy.name };
  if (strategy.retryBudget && !vu.budget) vu.budget = createRetryBudget(strategy.retryBudget);
  if (strategy.pacing && !vu.pacer) vu.pacer = createPacer(strategy.pacing);
  await syncTrade(plan, {
    transport: k6Transport(env('BASE_URL'), data.token, tags),
    clock: k6Clock,
    sleep: k6Sleep,
    rng: createRng(deriveSeed(seed, plan.legacyId)),
    sink: k6Sink(metrics, tags),
    strategy,
    dialect: getDialect(env('DIALECT', DEFAULT_DIALECT)),
    ...(vu.budget ? { retryBudget: vu.budget } : {}),
    ...(vu.pacer ? { pacer: vu.pacer } : {}),
  });
}

export function swapSummary(data: { metrics: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  const path = __ENV['SUMMARY_PATH'];
  if (path) out[path] = JSON.stringify(data);
  const m = data.metrics as Record<string, { values?: Record<string, number> }>;
  const count = (name: string) => m[name]?.values?.['count'] ?? 0;
  out['stdout'] = `wfm: strategy=${__ENV['STRATEGY']} dialect=${__ENV['DIALECT'] ?? DEFAULT_DIALECT} trades=${count('wfm_trades')} applied=${count('wfm_trades_applied')} writes=${count('wfm_write_requests')} conflicts=${count('wfm_conflicts')}\n`;
  return out;
}
