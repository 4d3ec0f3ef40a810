/**
 * A sweep worker thread: runs the jobs it is sent strictly one after another (the pool sends the next
 * one before this one is done, so the thread never waits for a message between two jobs) and posts each
 * result back. The aws-occ world is generated once per thread, not per job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobSettings } from './sweep.ts';
import { runJob } from './sweep.ts';
import { occWorld } from './experiments/aws-occ.ts';
import type { PoolAnswer, PoolRequest } from './sweep-pool.ts';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts runs as a worker thread only');
const settings = workerData as JobSettings;
const world = occWorld();
const queue: PoolRequest[] = [];
let running = false;

async function drain(): Promise<void> {
  running = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    let answer: PoolAnswer;
    try {
      answer = { index: request.index, result: await runJob(request.job, world, settings) };
    } catch (error) {
      answer = { index: request.index, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port?.postMessage(answer);
  }
  running = false;
}

port.on('message', (request: PoolRequest) => {
  queue.push(request);
  if (!running) void drain();
});
