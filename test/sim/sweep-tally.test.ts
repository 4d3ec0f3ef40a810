/**
 * The sweep folds each job's result as it arrives and drops it (src/sim/sweep-tally.ts): the summary
 * must not depend on the order results arrive in (a worker pool finishes them in any order), to the last
 * bit of every mean, sum and percentile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/contract/rng.ts';
import { occWorld } from '../../src/sim/experiments/occ-world.ts';
import { jobSettings, runJob, sweepJobs } from '../../src/sim/sweep.ts';
import type { JobResult } from '../../src/sim/sweep.ts';
import { SweepTally, summarizeSweep } from '../../src/sim/sweep-tally.ts';

const OPTIONS = { strategies: ['full-jitter', 'no-backoff'], clients: [10, 30, 60], runs: 4, seed: 5 };

test('a sweep folded in any order of arrival gives the summary of job order, bit for bit', () => {
  const jobs = sweepJobs(OPTIONS);
  const world = occWorld();
  const results: JobResult[] = jobs.map((job) => runJob(job, world, jobSettings(OPTIONS)));
  const inOrder = summarizeSweep(OPTIONS, jobs, results);
  const rng = createRng(9);
  for (let shuffle = 0; shuffle < 5; shuffle++) {
    const order = jobs.map((_, index) => index);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const tally = new SweepTally(OPTIONS, jobs);
    for (const index of order) tally.add(index, results[index] as JobResult);
    assert.equal(JSON.stringify(tally.summaries()), JSON.stringify(inOrder), `shuffle ${shuffle}`);
  }
  // Every client's time to outcome went into the percentiles: 4 runs of 10 + 30 + 60 clients per strategy.
  assert.deepEqual(
    inOrder.map((s) => s.result.trades),
    [400, 400],
  );
});

test('a job folded twice, or a summary with a job missing, is refused', () => {
  const jobs = sweepJobs({ ...OPTIONS, clients: [10], runs: 2 });
  const result = runJob(jobs[0]!, occWorld(), jobSettings(OPTIONS));
  const tally = new SweepTally({ ...OPTIONS, clients: [10], runs: 2 }, jobs);
  tally.add(0, result);
  assert.throws(() => tally.add(0, result), /job 0 is unknown or folded twice/);
  assert.throws(() => tally.summaries(), /job 1 has no result/);
});
