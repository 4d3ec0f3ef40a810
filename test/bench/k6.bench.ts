/**
 * `npm run bench:k6`: what one k6 process does against the mock on this machine. Not a test: it prints
 * numbers and exits 1 when a target is missed.
 *   - trade write requests per second (create, patch, match; k6/bench-writes.ts) at --vus VUs
 *     for --duration s; target >= 1,000/s;
 *   - k6 memory per VU: peak RSS at --mem-vus VUs minus peak RSS at 1 VU, over the extra VUs; target <= 3 MB;
 *   - the mock's RSS (this process hosts it) sampled through the throughput run: first, peak, last.
 *     DESIGN "Scale" asks for a flat RSS over 10 minutes: run with --duration 600 for that.
 * Flags: --vus 100, --duration 20, --mem-vus 500, --mem-duration 10.
 * The mock runs quiet (no pressures, no modelled latency) with the weekly trade cap lifted, at speed 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleScenario } from '../../src/cli/bundle.ts';
import { findK6 } from '../../src/cli/k6-binary.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { withShiftTrading } from '../../src/scenario/spec.ts';
import { buildServer } from '../../mock-server/http/server.ts';
import { flag, printLine } from './bench-cli.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TARGET_WRITES_PER_S = 1_000;
const TARGET_MB_PER_VU = 3;

const line = (label: string, value: string): void => printLine(label, value, 30);

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0; // the process has just exited
  }
}

interface K6Run {
  writes: number;
  refused: number;
  seconds: number;
  peakMb: number;
  mockMb: number[];
}

/** One k6 run; samples k6's RSS and this process's (the mock's) every 500 ms. */
function runK6(k6: string, bundle: string, env: Record<string, string>, dir: string): Promise<K6Run> {
  const summaryPath = join(dir, `summary-${env['VUS']}.json`);
  const child = spawn(k6, ['run', '--quiet', '--no-color', '--address', '127.0.0.1:0', bundle], {
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...env, SUMMARY_PATH: summaryPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let peakMb = 0;
  const mockMb: number[] = [];
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(child.pid ?? 0));
    mockMb.push(process.memoryUsage().rss / 1e6);
  }, 500);
  return new Promise((resolveRun, reject) => {
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`k6 exited ${code}: ${stderr.slice(-500)}`));
      const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
        metrics: Record<string, { values: Record<string, number> }>;
        state: { testRunDurationMs: number };
      };
      const count = (name: string) => summary.metrics[name]?.values['count'] ?? 0;
      resolveRun({
        writes: count('bench_writes'),
        refused: count('bench_writes_refused'),
        seconds: summary.state.testRunDurationMs / 1000,
        peakMb,
        mockMb,
      });
    });
  });
}

const vus = flag('vus', 100);
const durationS = flag('duration', 20);
const memVus = flag('mem-vus', 500);
const memDurationS = flag('mem-duration', 10);
const scenario = {
  ...withShiftTrading(dstParis, { maxTradesPerAgentPerWeek: Number.MAX_SAFE_INTEGER }),
  clock: { ...dstParis.clock, speed: 1 },
};
const { app, harness } = await buildServer({ ...mockFromScenario(scenario, 1), seed: 1, quiet: true });
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'bench-k6-'));
const plans = planScenarioSwaps(harness.world, scenario);
writeFileSync(join(dir, 'plans.json'), JSON.stringify(plans));
const k6 = (await findK6()).path;
const bundle = await bundleScenario(ROOT, 'bench-writes', dir);
const env = (n: number, s: number) => ({
  BASE_URL: baseUrl,
  PLANS: join(dir, 'plans.json'),
  VUS: String(n),
  DURATION: `${s}s`,
});
line('setup', `${plans.length} disjoint swaps (VUs beyond that share one and conflict), mock on ${baseUrl}, k6 ${k6}`);

try {
  const load = await runK6(k6, bundle.path, env(vus, durationS), dir);
  const writesPerS = load.writes / durationS;
  line(
    `writes at ${vus} VUs, ${durationS} s`,
    `${load.writes} (${load.refused} refused): ${writesPerS.toFixed(0)}/s; target >= ${TARGET_WRITES_PER_S}/s`,
  );
  const mock = load.mockMb;
  line(
    'mock RSS over the run',
    `first ${mock[0]?.toFixed(0)} MB, peak ${Math.max(...mock).toFixed(0)} MB, last ${mock.at(-1)?.toFixed(0)} MB (${mock.length} samples)`,
  );
  // Flat means: once the bounded stores are full (the first fifth of the run), RSS stops growing.
  const warmMb = mock[Math.floor(mock.length / 5)] ?? 0;
  const lastMb = mock.at(-1) ?? 0;
  line(
    'mock RSS after warm-up',
    `${warmMb.toFixed(0)} MB at ${(durationS / 5).toFixed(0)} s, ${lastMb.toFixed(0)} MB at the ` +
      `end: ${warmMb > 0 ? (((lastMb - warmMb) / warmMb) * 100).toFixed(1) : '?'}% growth (flat: under 10%)`,
  );
  harness.reset();
  const one = await runK6(k6, bundle.path, env(1, memDurationS), dir);
  harness.reset();
  const many = await runK6(k6, bundle.path, env(memVus, memDurationS), dir);
  const perVuMb = (many.peakMb - one.peakMb) / (memVus - 1);
  line(
    'k6 peak RSS',
    `${one.peakMb.toFixed(0)} MB at 1 VU, ${many.peakMb.toFixed(0)} MB at ${memVus} VUs: ${perVuMb.toFixed(2)} MB per VU; target ` +
      `<= ${TARGET_MB_PER_VU}`,
  );
  const met = writesPerS >= TARGET_WRITES_PER_S && perVuMb <= TARGET_MB_PER_VU;
  line('targets', met ? 'met' : 'MISSED');
  if (!met) process.exitCode = 1;
} finally {
  await app.close();
}
