/**
 * `npm run bench:soak`: does the mock's memory stay bounded under long mixed traffic (issue 12)? A mock
 * with the default bounds (mock-server/domain/retention.ts, api/auth.ts) listens on 127.0.0.1; a worker
 * thread (soak-worker.ts) first drives it as fast as it can until every count bound is full (warm-up),
 * then at a fixed rate for the soak's length. RSS and the heap after a full GC are taken after warm-up
 * and at the end; target: growth under 10%. Store sizes (GET /__harness/stats) are printed with them.
 *
 * Options: --minutes N (or SOAK_MINUTES; default 10), SOAK_RATE (req/s, default 400), SOAK_SLOTS (slots,
 * each with its own swap, default 16), SOAK_WARMUP_REQUESTS (default 90000), BENCH_SEED (default 1).
 * Run with --expose-gc (the npm script does) so the heap is read after a full collection.
 */
import { Worker } from 'node:worker_threads';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { withShiftTrading } from '../../src/scenario/spec.ts';
import { RealClient } from '../server/support/real-http.ts';
import type { SoakResult, SoakRun } from './soak-worker.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

function minutesArg(): number {
  const at = process.argv.indexOf('--minutes');
  const raw = at >= 0 ? process.argv[at + 1] : process.env['SOAK_MINUTES'];
  const minutes = Number(raw ?? 10);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`--minutes must be a number from >0 to 1440, got ${raw}`);
  return minutes;
}

const MINUTES = minutesArg();
const RATE_PER_S = Number(process.env['SOAK_RATE'] ?? 400);
const SLOTS = Number(process.env['SOAK_SLOTS'] ?? 16);
const WARMUP_REQUESTS = Number(process.env['SOAK_WARMUP_REQUESTS'] ?? 90_000);
const SEED = Number(process.env['BENCH_SEED'] ?? 1);
/** Warm-up is bounded in time too, whatever its request count. */
const WARMUP_MS_MAX = 5 * 60_000;
const GROWTH_MAX = 0.1;

/** No weekly cap (the slots trade one pair back and forth) and a world clock at real speed, so 10 minutes stays on one trading day. */
const SOAK_SCENARIO = {
  ...withShiftTrading(dstParis, { maxTradesPerAgentPerWeek: Number.MAX_SAFE_INTEGER }),
  clock: { ...dstParis.clock, speed: 1 },
};

function spawnLoad(): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./soak-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}

function drive(worker: Worker, job: Omit<SoakRun, 'kind'>): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: { ok: true; result: SoakResult } | { ok: false; message: string }) =>
      answer.ok ? resolve(answer.result) : reject(new Error(answer.message)),
    );
    worker.once('error', reject);
    worker.postMessage({ kind: 'run', ...job } satisfies SoakRun);
  });
}

interface Memory {
  rssMb: number;
  heapMb: number;
  spacesMb: Record<string, number>;
}

function memory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  // Per space, so a growth can be told apart: objects (old space) or compiled code (code space).
  const spacesMb = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [
      s.space_name.replace(/_space$/, ''),
      Math.round(s.space_used_size / 2 ** 17) / 8,
    ]),
  );
  return { rssMb: process.memoryUsage.rss() / 2 ** 20, heapMb: getHeapStatistics().used_heap_size / 2 ** 20, spacesMb };
}

function line(label: string, m: Memory, stats: unknown): string {
  return (
    `${label.padEnd(16)} rss ${m.rssMb.toFixed(1).padStart(7)} MB  heap after ` +
    (`GC ${m.heapMb.toFixed(1).padStart(7)} MB  stores ${JSON.stringify(stats)}\n${''.padEnd(16)} heap spaces ` +
      `MB ${JSON.stringify(m.spacesMb)}\n`)
  );
}

function statuses(result: SoakResult): string {
  return Object.entries(result.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}

async function main(): Promise<void> {
  const gcNote = (globalThis as { gc?: unknown }).gc
    ? 'heap read after a full GC'
    : 'NO --expose-gc: heap read without a forced GC';
  process.stdout.write(
    `bench:soak — node ${process.version}, ${MINUTES} min at ${RATE_PER_S} req/s over ${SLOTS} slots after a ` +
      `warm-up of ≤${WARMUP_REQUESTS} requests, world seed ${SEED}, ${gcNote}; load from a worker thread\n`,
  );
  const { app, harness } = await buildServer({ ...mockFromScenario(SOAK_SCENARIO, SEED), seed: SEED, quiet: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const client = new RealClient(baseUrl, 1);
  const stats = async () => JSON.parse((await client.send('GET', '/__harness/stats')).text) as Record<string, number>;
  const plans = planScenarioSwaps(harness.world, SOAK_SCENARIO).slice(0, SLOTS);
  const worker = spawnLoad();
  try {
    const token = await client.token();
    const warm = await drive(worker, {
      baseUrl,
      plans,
      token,
      requests: WARMUP_REQUESTS,
      durationMs: WARMUP_MS_MAX,
      ratePerS: 0,
    });
    process.stdout.write(
      `warm-up          ${warm.requests} requests in ${warm.seconds.toFixed(1)} s: ${statuses(warm)}\n`,
    );
    const start = memory();
    process.stdout.write(line('after warm-up', start, await stats()));
    const soak = await drive(worker, {
      baseUrl,
      plans,
      token,
      requests: Number.MAX_SAFE_INTEGER,
      durationMs: MINUTES * 60_000,
      ratePerS: RATE_PER_S,
    });
    process.stdout.write(
      `soak             ${soak.requests} requests ` +
        `in ${soak.seconds.toFixed(1)} s (${(soak.requests / soak.seconds).toFixed(0)} req/s): ${statuses(soak)}\n`,
    );
    const end = memory();
    process.stdout.write(line('end', end, await stats()));
    const rssGrowth = end.rssMb / start.rssMb - 1;
    const heapGrowth = end.heapMb / start.heapMb - 1;
    const met = rssGrowth < GROWTH_MAX && heapGrowth < GROWTH_MAX;
    process.stdout.write(
      `growth after warm-up: rss ${(100 * rssGrowth).toFixed(1)}%, ` +
        `heap ${(100 * heapGrowth).toFixed(1)}% (target < ${100 * GROWTH_MAX}%: ${met ? 'met' : 'MISSED'})\n`,
    );
    const serverErrors = Object.entries(soak.statuses).filter(([k]) => / 5\d\d$/.test(k));
    if (!met || serverErrors.length > 0) process.exitCode = 1;
  } finally {
    worker.postMessage({ kind: 'close' });
    client.close();
    await app.close();
  }
}

await main();
