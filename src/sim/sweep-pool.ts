/**
 * Run sweep jobs on a pool of worker threads (one per core by default). Jobs go out largest first (cost
 * grows with clients squared) to whichever worker is free; each worker holds one job in reserve, so it
 * starts the next as soon as one is done instead of waiting for a message round trip. Each result is
 * handed on with its job index as it arrives and folded into the summary (./sweep-tally.ts), whose numbers
 * do not depend on the number of workers or the order they finish in.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { World } from '../../mock-server/domain/world.ts';
import type { JobResult, JobSettings, SweepJob, SweepOptions } from './sweep.ts';
import { jobSettings, runJobsInline, sweepJobs } from './sweep.ts';
import { SweepTally } from './sweep-tally.ts';
import type { SweepSummary } from './sweep-tally.ts';

export interface PoolRequest {
  index: number;
  job: SweepJob;
}

/** What a worker starts with: the settings and the world (plain data, so the worker never generates one). */
export interface PoolSetup {
  settings: JobSettings;
  world: World;
}

export interface PoolAnswer {
  index: number;
  result?: JobResult;
  error?: string;
}

/**
 * In the built CLI the worker is its own bundle beside this one (dist/sweep-worker.js, scripts/build.ts).
 * From the sources a worker bootstraps tsx itself: loader hooks registered in the parent do not reach
 * worker threads.
 */
function startWorker(setup: PoolSetup): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: setup });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/**
 * Run the sweep on `workers` threads (1: this one) and summarize it, folding each job's result as it
 * arrives, so no job's result is held after it is counted.
 */
export async function runSweep(
  options: SweepOptions,
  world: World,
  workers = availableParallelism(),
  onJobDone?: (done: number, total: number) => void,
): Promise<SweepSummary[]> {
  const jobs = sweepJobs(options);
  const tally = new SweepTally(options, jobs);
  let done = 0;
  await runJobsOnPool(jobs, jobSettings(options), world, workers, (index, result) => {
    tally.add(index, result);
    onJobDone?.(++done, jobs.length);
  });
  return tally.summaries();
}

/** Run every job, each result to `onResult` with its job index as it arrives (in any order). */
export async function runJobsOnPool(
  jobs: readonly SweepJob[],
  settings: JobSettings,
  world: World,
  workers: number,
  onResult: (index: number, result: JobResult) => void,
): Promise<void> {
  if (workers <= 1 || jobs.length <= 1) return runJobsInline(jobs, settings, world, onResult);
  const order = jobs
    .map((job, index) => ({ job, index }))
    .sort((a, b) => b.job.clients - a.job.clients || a.index - b.index);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => startWorker({ settings, world }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let outstanding = 0;
            const feed = (): void => {
              const item = order[next];
              if (!item) {
                if (outstanding === 0) resolve();
                return;
              }
              next++;
              outstanding++;
              worker.postMessage({ index: item.index, job: item.job } satisfies PoolRequest);
            };
            worker.on('message', (answer: PoolAnswer) => {
              outstanding--;
              if (answer.error !== undefined || !answer.result)
                return reject(new Error(`sweep job ${answer.index}: ${answer.error ?? 'no result'}`));
              onResult(answer.index, answer.result);
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`sweep worker exited with ${code}`)),
            );
            feed(); // the job to run
            feed(); // and one in reserve
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
