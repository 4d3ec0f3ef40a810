/**
 * The k6 side of a swap scenario: setup logs in, plans swaps from the mock's world and resets the mock's
 * world and clock to the scenario's start (POST /__harness/reset) as the load begins; each iteration
 * applies one swap through the sync core; handleSummary writes the raw k6 summary as JSON for the report.
 * Configured by environment: BASE_URL, STRATEGY (a preset name or an inline strategy, src/core/strategy-text.ts), DIALECT (default genesys-legacy), SEED, SUMMARY_PATH,
 * SPEED (world ms per real ms; default the scenario's clock speed), RATE (trades per WORLD second),
 * DURATION_S (WORLD seconds), MAX_VUS, PARTITION_VUS.
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
import { DEFAULT_DIALECT, createRng, deriveSeed, getDialect, partitionKey, syncTrade } from '../../src/core/index.ts';
import { resolveStrategy } from '../../src/core/strategy-text.ts';
import type { StrategySpec, TradePlan } from '../../src/core/index.ts';
import { createRetryBudget } from '../../src/core/retry-budget.ts';
import type { RetryBudget } from '../../src/core/retry-budget.ts';
import { createPacer } from '../../src/core/pacing.ts';
import type { Pacer } from '../../src/core/pacing.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { planScenarioSwaps } from '../../src/scenarios/plan.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { PARTITIONED_EXTRA_S } from '../../src/scenarios/spec.ts';
import { arrivalCount } from '../../src/scenarios/load-shape.ts';
import { createK6Metrics, k6Sink, k6Transport, k6WorldTime } from '../../src/adapters/k6/index.ts';

export interface SetupData {
  token: string;
  plans: TradePlan[];
  /** How many of the plans this run applies (rate × duration). */
  total: number;
  /** World ms per real ms: what the core's waits and timeouts are converted with. */
  speed: number;
}

function env(name: string, fallback?: string): string {
  const value = __ENV[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
}

function positiveEnv(name: string, fallback: number): number {
  const raw = env(name, String(fallback));
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`environment variable ${name} must be a number above 0, got "${raw}"`);
  return value;
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
  const speed = positiveEnv('SPEED', spec.clock.speed);
  // Stages come from the scenario only (compare refuses --rate and --duration with them).
  if (spec.load.stages) return { speed, rate: spec.load.tradesPerSecond, durationS: spec.load.durationS, total: arrivalCount(spec.load) };
  const rate = positiveEnv('RATE', spec.load.tradesPerSecond);
  const durationS = positiveEnv('DURATION_S', spec.load.durationS);
  return { speed, rate, durationS, total: Math.floor(rate * durationS) };
}

/** In-flight trades may finish this long (world ms) after the arrivals end: past every preset's deadline and job polls. */
const GRACEFUL_STOP_WORLD_MS = 90_000;

/**
 * Swaps arrive at a constant rate on whichever VU is free. A strategy that partitions (all writes of
 * one schedule on one worker) runs instead on PARTITION_VUS VUs (default 4), each applying its own
 * partitions' swaps one after another, as fast as they complete: k6 cannot route an arrival to a VU.
 */
/** STRATEGY parsed once per VU (module scope is per VU): the same text gives the same definition. */
let strategyCache: StrategySpec | undefined;
function chosenStrategy(): StrategySpec {
  strategyCache ??= resolveStrategy(env('STRATEGY', 'refetch-full-jitter'));
  return strategyCache;
}

export function swapOptions(spec: ScenarioSpec): Options {
  const strategyName = chosenStrategy().name;
  const { speed, durationS, total } = runShape(spec);
  const tags = { strategy: strategyName, scenario_spec: spec.name };
  // `total` arrivals spread evenly over the run's real duration: rate `total` per timeUnit = the duration.
  const realDuration = realMs(durationS * 1000, speed);
  const swaps = chosenStrategy().partitioning
    ? { executor: 'per-vu-iterations' as const, vus: Number(env('PARTITION_VUS', '4')), iterations: total, maxDuration: realMs((durationS + PARTITIONED_EXTRA_S) * 1000, speed), tags }
    : {
        executor: 'constant-arrival-rate' as const, rate: total, timeUnit: realDuration, duration: realDuration,
        preAllocatedVUs: spec.load.preAllocatedVUs, maxVUs: Number(env('MAX_VUS', String(spec.load.maxVUs))), gracefulStop: realMs(GRACEFUL_STOP_WORLD_MS, speed), tags,
      };
  if (spec.load.stages && swaps.executor === 'constant-arrival-rate') {
    // k6 wants whole iterations per timeUnit: rates go per world-minute, rounded (0.5/s is 30 per world-minute).
    const { rate: _rate, duration: _duration, ...rest } = swaps;
    const perMinute = (perS: number) => Math.round(perS * 60);
    const ramping = { ...rest, executor: 'ramping-arrival-rate' as const, timeUnit: realMs(60_000, speed), startRate: perMinute(spec.load.tradesPerSecond), stages: spec.load.stages.map((s) => ({ duration: realMs(s.durationS * 1000, speed), target: perMinute(s.targetPerS) })) };
    return { scenarios: { swaps: ramping }, summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'], setupTimeout: '30s' };
  }
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
  const plans = planScenarioSwaps(world, spec);
  const { total, speed } = runShape(spec);
  // A run never silently runs out of swaps: refuse a load the world cannot feed.
  if (plans.length < total) throw new Error(`${spec.name} plans ${plans.length} swaps; RATE x DURATION_S asks for ${total}`);
  // Start the world at the scenario's start as the load starts: k6's own start-up (seconds of real time,
  // i.e. speed x as many world-seconds) must not shift the arrivals against the lock phases. Tokens stay valid.
  const reset = http.post(`${baseUrl}/__harness/reset`);
  if (reset.status !== 200) throw new Error(`POST /__harness/reset answered ${reset.status}: ${String(reset.body)}`);
  return { token, plans, total, speed };
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
  const strategy = chosenStrategy();
  // k6's arrival-rate executor may start one iteration more than rate x duration (at the very end): the
  // run applies exactly `total` swaps, as the simulator does.
  const index = exec.scenario.iterationInTest;
  const plan = strategy.partitioning
    ? partitionPlans(data, strategy, data.total)[exec.vu.iterationInScenario]
    : index < data.total ? data.plans[index] : undefined;
  if (!plan) return; // more iterations than swaps: counted by k6 as iterations, not as trades
  const seed = Number(env('SEED', '1'));
  const tags = { strategy: strategy.name };
  const { speed } = data;
  if (strategy.retryBudget && !vu.budget) vu.budget = createRetryBudget(strategy.retryBudget);
  if (strategy.pacing && !vu.pacer) vu.pacer = createPacer(strategy.pacing);
  await syncTrade(plan, {
    transport: k6Transport(env('BASE_URL'), data.token, tags, speed),
    ...k6WorldTime(speed),
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
