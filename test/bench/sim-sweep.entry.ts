/**
 * The published aws-occ sweep on this thread, nothing else: what `npm run bench:sim` bundles (esbuild,
 * tree-shaken) and runs as a child process, so its CPU-seconds and peak RSS are the simulator's own and
 * not those of tsx, the CLI's other commands or unused faker locales. Prints one JSON line: the sums
 * the published ranking is made of, so the bench can show the numbers did not move.
 * Argument: runs per point (default 100).
 */
import { jobSettings, runJobsInline, summarizeSweep, sweepJobs } from '../../src/sim/sweep.ts';

const runs = Number(process.argv[2] ?? 100);
const options = {
  strategies: ['no-backoff', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'],
  clients: Array.from({ length: 19 }, (_, i) => 10 * (i + 1)),
  runs,
  seed: 1,
};
const jobs = sweepJobs(options);
const results = await runJobsInline(jobs, jobSettings(options));
const summaries = summarizeSweep(options, jobs, results);
const sums = Object.fromEntries(summaries.map((s) => [s.strategy.name, { writeCalls: s.points.reduce((a, p) => a + p.writeCallsMean, 0), completionMs: s.points.reduce((a, p) => a + p.completionMsMean, 0), requests: s.result.requests }]));
process.stdout.write(`${JSON.stringify({ jobs: jobs.length, sums })}\n`);
