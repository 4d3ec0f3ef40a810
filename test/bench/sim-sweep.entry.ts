/**
 * The published aws-occ sweep on this thread, nothing else: what `npm run bench:sim` bundles (esbuild,
 * tree-shaken) and runs as a child process, so its CPU-seconds and peak RSS are the simulator's own and
 * not those of tsx, the CLI's other commands or the world generator. Prints one JSON line: the sums the
 * published ranking is made of, so the bench can show the numbers did not move.
 * Arguments: runs per point, the path of the row's world as JSON (occWorld(), written by the bench: the
 * world is an input of the sweep, like a scenario file, generated once outside the measured process), and
 * optionally `bare`: the same clients against a bare versioned row instead of the mock's routes
 * (bare-row.ts), to measure the floor that route handling sits on.
 */
import { readFileSync } from 'node:fs';
import type { World } from '../../mock-server/domain/world.ts';
import { jobSettings, runJob, sweepJobs } from '../../src/sim/sweep.ts';
import { SweepTally } from '../../src/sim/sweep-tally.ts';
import { BareRow } from './bare-row.ts';

const runs = Number(process.argv[2] ?? 100);
const worldFile = process.argv[3];
if (worldFile === undefined) throw new Error('usage: sim-sweep <runs> <world.json>');
const world = JSON.parse(readFileSync(worldFile, 'utf8')) as World;
const options = {
  strategies: ['no-backoff', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'],
  clients: Array.from({ length: 19 }, (_, i) => 10 * (i + 1)),
  runs,
  seed: 1,
};
const jobs = sweepJobs(options);
const settings = jobSettings(options);
const rowServer = process.argv[4] === 'bare' ? (row: { id: string; version: number }) => new BareRow(row) : undefined;
// Each job folded as it completes, as runSweep does on one thread (the sweep's memory is measured too).
const tally = new SweepTally(options, jobs);
jobs.forEach((job, index) => tally.add(index, runJob(job, world, settings, rowServer)));
const summaries = tally.summaries();
const sums = Object.fromEntries(
  summaries.map((s) => [
    s.strategy.name,
    {
      writeCalls: s.points.reduce((a, p) => a + p.writeCallsMean, 0),
      completionMs: s.points.reduce((a, p) => a + p.completionMsMean, 0),
      requests: s.result.requests,
    },
  ]),
);
process.stdout.write(`${JSON.stringify({ jobs: jobs.length, sums })}\n`);
