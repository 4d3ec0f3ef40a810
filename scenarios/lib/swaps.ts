/**
 * The k6 side of a swap scenario: setup logs in and plans swaps from the mock's world; each iteration
 * applies one swap through the sync core; handleSummary writes the raw k6 summary as JSON for the report.
 * Configured by environment: BASE_URL, STRATEGY, SEED, SUMMARY_PATH, RATE, DURATION_S, MAX_VUS.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import type { Options } from 'k6/options';
import { createRng, deriveSeed, genesysLegacy, getPreset, syncTrade } from '../../src/core/index.ts';
import type { TradePlan } from '../../src/core/index.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { planScenarioSwaps } from '../../src/scenarios/plan.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { createK6Metrics, k6Clock, k6Sink, k6Sleep, k6Transport } from '../../src/adapters/k6/index.ts';

export interface SetupData {
  token: string;
  plans: TradePlan[];
}

function env(name: string, fallback?: string): string {
  const value = __ENV[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is required`);
  return value;
}

export function swapOptions(spec: ScenarioSpec): Options {
  const strategy = env('STRATEGY', 'refetch-full-jitter');
  return {
    scenarios: {
      swaps: {
        executor: 'constant-arrival-rate',
        rate: Number(env('RATE', String(spec.load.tradesPerSecond))),
        timeUnit: '1s',
        duration: `${Number(env('DURATION_S', String(spec.load.durationS)))}s`,
        preAllocatedVUs: spec.load.preAllocatedVUs,
        maxVUs: Number(env('MAX_VUS', String(spec.load.maxVUs))),
        gracefulStop: '60s',
        tags: { strategy, scenario_spec: spec.name },
      },
    },
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
  return { token, plans: planScenarioSwaps(world, spec) };
}

export async function swapIteration(data: SetupData): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const plan = data.plans[index];
  if (!plan) return; // more iterations than swaps: counted by k6 as iterations, not as trades
  const strategy = getPreset(env('STRATEGY', 'refetch-full-jitter'));
  const seed = Number(env('SEED', '1'));
  const tags = { strategy: strategy.name };
  await syncTrade(plan, {
    transport: k6Transport(env('BASE_URL'), data.token, tags),
    clock: k6Clock,
    sleep: k6Sleep,
    rng: createRng(deriveSeed(seed, plan.legacyId)),
    sink: k6Sink(metrics, tags),
    strategy,
    dialect: genesysLegacy,
  });
}

export function swapSummary(data: { metrics: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  const path = __ENV['SUMMARY_PATH'];
  if (path) out[path] = JSON.stringify(data);
  const m = data.metrics as Record<string, { values?: Record<string, number> }>;
  const count = (name: string) => m[name]?.values?.['count'] ?? 0;
  out['stdout'] = `wfm: strategy=${__ENV['STRATEGY']} trades=${count('wfm_trades')} applied=${count('wfm_trades_applied')} writes=${count('wfm_write_requests')} conflicts=${count('wfm_conflicts')}\n`;
  return out;
}
