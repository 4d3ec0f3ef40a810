/** A sweep worker thread: runs the jobs it is sent, one at a time, and posts each result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobSettings } from './sweep.ts';
import { runJob } from './sweep.ts';
import { occWorld } from './scenarios/aws-occ.ts';
import type { PoolAnswer, PoolRequest } from './sweep-pool.ts';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts runs as a worker thread only');
const settings = workerData as JobSettings;
const world = occWorld();

port.on('message', (request: PoolRequest) => {
  runJob(request.job, world, settings).then(
    (result) => port.postMessage({ index: request.index, result } satisfies PoolAnswer),
    (error: unknown) => port.postMessage({ index: request.index, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies PoolAnswer),
  );
});
