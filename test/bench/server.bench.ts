/**
 * `npm run bench:server`: the mock's stateful create → patch → match path next to a bare Fastify route
 * returning a constant, in the same run, both on real listening sockets driven by an in-process load
 * generator (node:http keep-alive, fixed concurrency, a bounded number of requests). Prints req/s and
 * p50/p99 latency for both and their ratio. Targets: stateful ≥ 50% of bare req/s, stateful p99 ≤ 10 ms.
 *
 * Environment: BENCH_REQUESTS (per measured run, default 30000), BENCH_CONCURRENCY (default 32),
 * BENCH_ROUNDS (alternating bare/stateful runs, default 3), BENCH_SEED (world seed, default 1).
 */
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenarios/dst-paris.ts';
import { planScenarioSwaps } from '../../src/scenarios/plan.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import type { ScenarioSpec } from '../../src/scenarios/spec.ts';
import { RealClient, legacyTradesPath } from '../server/support/real-http.ts';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 30_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SEED = Number(process.env['BENCH_SEED'] ?? 1);
const WARMUP_REQUESTS = 10_000;
const RATIO_MIN = 0.5;
const P99_MS_MAX = 10;

interface RunResult {
  requests: number;
  seconds: number;
  latenciesMs: Float64Array;
  errors: Map<string, number>;
}

/** One "worker" per concurrency slot; each next() sends one request and resolves to its status. */
type Worker = () => Promise<number>;

/** The first answer of each unexpected status, printed when the workload breaks (so it says why). */
const firstErrors = new Map<number, string>();
function noteError(status: number, what: string, text: string): void {
  if (status !== 200 && !firstErrors.has(status)) firstErrors.set(status, `${what}: ${text.slice(0, 300)}`);
}

async function drive(workers: Worker[], requests: number): Promise<RunResult> {
  const latenciesMs = new Float64Array(requests);
  const errors = new Map<string, number>();
  let issued = 0;
  const started = performance.now();
  await Promise.all(workers.map(async (next) => {
    while (issued < requests) {
      const index = issued++;
      const t0 = performance.now();
      const status = await next();
      latenciesMs[index] = performance.now() - t0;
      if (status !== 200) errors.set(String(status), (errors.get(String(status)) ?? 0) + 1);
    }
  }));
  return { requests, seconds: (performance.now() - started) / 1000, latenciesMs, errors };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

async function bareTarget(): Promise<{ workers: () => Worker[]; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ ok: true }));
  const client = new RealClient(await listen(app), CONCURRENCY);
  const worker: Worker = async () => (await client.send('GET', '/bare')).status;
  return { workers: () => Array.from({ length: CONCURRENCY }, () => worker), close: async () => { client.close(); await app.close(); } };
}

/**
 * dst-paris with no cap on trades per agent and week: each worker trades one pair of shifts back and
 * forth thousands of times, which the default cap (5 per week, a Genesys setting) would refuse after
 * the fifth. Every other rule still runs on every create and match.
 */
const BENCH_SCENARIO: ScenarioSpec = {
  ...dstParis,
  world: {
    ...dstParis.world,
    businessUnits: dstParis.world.businessUnits.map((bu) => ({
      ...bu,
      managementUnits: bu.managementUnits.map((mu) => ({ ...mu, shiftTrading: { ...mu.shiftTrading, maxTradesPerAgentPerWeek: Number.MAX_SAFE_INTEGER } })),
    })),
  },
};

/**
 * Each worker owns one planned swap (so workers never conflict) and loops create → patch → match:
 * the match approves the trade and the two shifts change hands, so the next loop trades them back.
 */
async function statefulTarget(): Promise<{ workers: () => Worker[]; reset: () => Promise<void>; close: () => Promise<void> }> {
  const { app, harness } = await buildServer({ scenario: BENCH_SCENARIO, seed: SEED, quiet: true });
  const client = new RealClient(await listen(app), CONCURRENCY);
  const auth = { authorization: `Bearer ${await client.token()}` };
  const plans = planScenarioSwaps(harness.world, BENCH_SCENARIO);
  if (plans.length < CONCURRENCY) throw new Error(`only ${plans.length} disjoint swaps for ${CONCURRENCY} workers`);
  const workerFor = (plan: TradePlan): Worker => {
    const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
    const shifts = [plan.initiatingShiftId, plan.receivingShiftId];
    // owners[i] holds shifts[i]; after a swap both arrays would flip, so the owners array stays as it is.
    const owners = [plan.initiatingUserId, plan.receivingUserId];
    let step = 0;
    let trade = { id: '', version: 0 };
    return async () => {
      const phase = step++ % 3;
      if (phase === 0) {
        const res = await client.json('POST', base, { scheduleId: plan.scheduleId, initiatingShiftId: shifts[0] }, auth);
        noteError(res.status, 'create', res.text);
        if (res.status === 200) {
          const body = JSON.parse(res.text) as { id: string; metadata: { version: number } };
          trade = { id: body.id, version: body.metadata.version };
        }
        return res.status;
      }
      if (phase === 1) {
        const res = await client.json('PATCH', `${base}/${trade.id}`, { receivingUserId: { value: owners[1] }, metadata: { version: trade.version } }, auth);
        noteError(res.status, 'patch', res.text);
        if (res.status === 200) trade.version = (JSON.parse(res.text) as { metadata: { version: number } }).metadata.version;
        return res.status;
      }
      const res = await client.json('POST', `${base}/${trade.id}/match`, { receivingScheduleId: plan.scheduleId, receivingShiftId: shifts[1], metadata: { version: trade.version } }, auth);
      noteError(res.status, 'match', res.text);
      // The shifts changed hands: the agent who gave shifts[0] now holds shifts[1], so give that back next.
      if (res.status === 200) shifts.reverse();
      return res.status;
    };
  };
  return {
    // Fresh workers after each reset: every loop starts from the world's own shift owners.
    workers: () => plans.slice(0, CONCURRENCY).map(workerFor),
    reset: async () => { await client.send('POST', '/__harness/reset'); },
    close: async () => { client.close(); await app.close(); },
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

interface Summary { rps: number; p50Ms: number; p99Ms: number; errors: string }

function summarise(run: RunResult): Summary {
  const sorted = run.latenciesMs.slice().sort();
  return { rps: run.requests / run.seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), errors: [...run.errors].map(([s, n]) => `${n}×${s}`).join(' ') || '0' };
}

function row(name: string, s: Summary): string {
  return `${name.padEnd(22)} ${s.rps.toFixed(0).padStart(8)} ${s.p50Ms.toFixed(2).padStart(8)} ${s.p99Ms.toFixed(2).padStart(8)}  ${s.errors}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  process.stdout.write(`bench:server — node ${process.version}, ${REQUESTS} requests per run, concurrency ${CONCURRENCY}, ${ROUNDS} rounds, world seed ${SEED} (scenario ${dstParis.name} without the per-agent weekly trade cap, quiet)\n`);
  const bare = await bareTarget();
  const stateful = await statefulTarget();
  await drive(bare.workers(), WARMUP_REQUESTS);
  await drive(stateful.workers(), WARMUP_REQUESTS);
  process.stdout.write(`${'run'.padEnd(22)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  non-200\n`);
  const bareRuns: Summary[] = [];
  const statefulRuns: Summary[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    bareRuns.push(summarise(await drive(bare.workers(), REQUESTS)));
    process.stdout.write(`${row(`bare fastify #${round}`, bareRuns.at(-1)!)}\n`);
    await stateful.reset();
    statefulRuns.push(summarise(await drive(stateful.workers(), REQUESTS)));
    process.stdout.write(`${row(`stateful c/p/m #${round}`, statefulRuns.at(-1)!)}\n`);
  }
  await Promise.all([bare.close(), stateful.close()]);
  const med = (runs: Summary[]): Summary => ({ rps: median(runs.map((r) => r.rps)), p50Ms: median(runs.map((r) => r.p50Ms)), p99Ms: median(runs.map((r) => r.p99Ms)), errors: runs.map((r) => r.errors).join(',') });
  const b = med(bareRuns);
  const s = med(statefulRuns);
  const ratio = s.rps / b.rps;
  process.stdout.write(`${row('bare fastify (median)', b)}\n${row('stateful (median)', s)}\n`);
  process.stdout.write(`ratio stateful/bare req/s: ${ratio.toFixed(3)} (target ≥ ${RATIO_MIN}: ${ratio >= RATIO_MIN ? 'met' : 'MISSED'}); stateful p99 ${s.p99Ms.toFixed(2)} ms (target ≤ ${P99_MS_MAX} ms: ${s.p99Ms <= P99_MS_MAX ? 'met' : 'MISSED'})\n`);
  if (statefulRuns.some((r) => r.errors !== '0') || bareRuns.some((r) => r.errors !== '0')) {
    process.stdout.write('unexpected non-200 answers: the workload is broken, the numbers mean nothing\n');
    for (const [status, first] of firstErrors) process.stdout.write(`  first ${status}: ${first}\n`);
    process.exitCode = 1;
  }
}

await main();
