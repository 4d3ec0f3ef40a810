/**
 * `npm run bench:sim`: the published sweep on the simulator, timed. Not a test: it prints numbers.
 *   - the whole sweep: 10..190 clients step 10, 100 runs per point, 5 strategies
 *     (no-backoff, exponential, full, equal, decorrelated jitter), on a worker pool (one per core);
 *   - simulated requests per second of wall time (and per CPU-second: on a shared machine the two
 *     differ, and the CPU figure shows what the code does when it gets the cores), events per second;
 *   - first, the sweep on ONE thread beside the published simulator's Python port, each in its own
 *     process: CPU-seconds, peak RSS and their ratios (sim-vs-reference.ts);
 * Flags: --runs <n> (default 100), --workers <n> (default: cores), --skip-pool (only the side-by-side),
 * --skip-reference.
 * The target is a sweep under 60 s on a 2-core machine; the printout says whether it was met.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { occWorld } from '../../src/sim/experiments/occ-world.ts';
import { runSweep } from '../../src/sim/sweep-pool.ts';
import { sweepJobs } from '../../src/sim/sweep.ts';
import { simVersusReference } from './sim-vs-reference.ts';
import { flag, printLine } from './bench-cli.ts';

const TARGET_S = 60;

const line = (label: string, value: string): void => printLine(label, value, 34);

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function main(): Promise<void> {
  const runs = flag('runs', 100);
  const workers = flag('workers', availableParallelism());
  const options = {
    strategies: ['no-backoff', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'],
    clients: Array.from({ length: 19 }, (_, i) => 10 * (i + 1)),
    runs,
    seed: 1,
  };
  line(
    'machine',
    `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!process.argv.includes('--skip-reference')) await simVersusReference(runs);
  if (process.argv.includes('--skip-pool')) return;

  const jobs = sweepJobs(options);
  line(
    'sweep',
    `${options.strategies.length} strategies x ${options.clients.length} client counts ` +
      `x ${runs} runs = ${jobs.length} simulations on ${workers} worker(s)`,
  );
  const cpu = process.cpuUsage(); // the whole process: main thread and worker threads
  const startMs = performance.now();
  const summaries = await runSweep(options, occWorld(), workers);
  const wallS = (performance.now() - startMs) / 1000;
  const cpuS = cpuSeconds(cpu);
  const requests = summaries.reduce((sum, s) => sum + s.result.requests, 0);
  const events = summaries.reduce((sum, s) => sum + s.events, 0);
  const verdict =
    runs === 100
      ? `target ${TARGET_S} s: ${wallS <= TARGET_S ? 'met' : 'MISSED'}`
      : `the ${TARGET_S} s target is for --runs 100`;
  line(
    'sweep wall time',
    `${wallS.toFixed(1)} s (${verdict}); load average after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  line(
    'CPU time',
    `${cpuS.toFixed(1)} CPU-s over ${wallS.toFixed(1)} wall-s: ${(cpuS / wallS).toFixed(2)} of ${cpus().length} cores busy with the sweep`,
  );
  line(
    'simulated requests',
    `${requests} (${(requests / wallS).toFixed(0)} per wall second, ${(requests / cpuS).toFixed(0)} per CPU-second)`,
  );
  line('events', `${events} (${(events / wallS).toFixed(0)} per wall second)`);

  process.stdout.write('\nmean write calls and completion time (virtual ms) per run, seed 1:\n');
  process.stdout.write(`${'clients'.padEnd(8)}${summaries.map((s) => s.strategy.name.padStart(22)).join('')}\n`);
  options.clients.forEach((clients, i) => {
    const cells = summaries.map((s) => {
      const p = s.points[i];
      return p ? `${p.writeCallsMean.toFixed(0)} / ${p.completionMsMean.toFixed(0)}`.padStart(22) : '';
    });
    process.stdout.write(`${String(clients).padEnd(8)}${cells.join('')}\n`);
  });
  const sums = summaries.map((s) => ({
    name: s.strategy.name,
    calls: s.points.reduce((a, p) => a + p.writeCallsMean, 0),
    timeMs: s.points.reduce((a, p) => a + p.completionMsMean, 0),
  }));
  process.stdout.write(
    `${'sum'.padEnd(8)}${sums.map((s) => `${s.calls.toFixed(0)} / ${s.timeMs.toFixed(0)}`.padStart(22)).join('')}\n`,
  );
  process.stdout.write(
    `\nranking by calls: ${[...sums]
      .sort((a, b) => a.calls - b.calls)
      .map((s) => s.name)
      .join(' < ')}\n`,
  );
  process.stdout.write(
    `ranking by time:  ${[...sums]
      .sort((a, b) => a.timeMs - b.timeMs)
      .map((s) => s.name)
      .join(' < ')}\n`,
  );
}

await main();
