/**
 * Run sweep jobs on a pool of worker threads (one per core by default). Jobs go out largest first (cost
 * grows with clients squared) to whichever worker is free; each worker holds one job in reserve, so it
 * starts the next as soon as one is done instead of waiting for a message round trip. Results are
 * stored by job index, so the summary is the same whatever the number of workers or the order they
 * finish in.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { World } from '../../mock-server/domain/world.ts';
import type { JobResult, JobSettings, SweepJob } from './sweep.ts';
import { runJobsInline } from './sweep.ts';

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

export async function runJobsOnPool(
  jobs: readonly SweepJob[],
  settings: JobSettings,
  world: World,
  workers = availableParallelism(),
  onJobDone?: (done: number, total: number) => void,
): Promise<JobResult[]> {
  if (workers <= 1 || jobs.length <= 1) return runJobsInline(jobs, settings, world, onJobDone);
  let done = 0;
  const order = jobs
    .map((job, index) => ({ job, index }))
    .sort((a, b) => b.job.clients - a.job.clients || a.index - b.index);
  const results: Array<JobResult | undefined> = new Array(jobs.length);
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
              results[answer.index] = answer.result;
              onJobDone?.(++done, jobs.length);
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
  return results.map((result, index) => {
    if (!result) throw new Error(`sweep job ${index} has no result`);
    return result;
  });
}
