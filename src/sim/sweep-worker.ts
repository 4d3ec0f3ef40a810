/**
 * A sweep worker thread: runs the jobs it is sent strictly one after another (the pool sends the next
 * one before this one is done, so the thread never waits for a message between two jobs) and posts each
 * result back. The aws-occ world comes from the parent as data (PoolSetup): the thread never loads the
 * world generator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob } from './sweep.ts';
import type { PoolAnswer, PoolRequest, PoolSetup } from './sweep-pool.ts';

const port = parentPort;
if (!port) throw new Error('sweep-worker.ts runs as a worker thread only');
const { settings, world } = workerData as PoolSetup;
const queue: PoolRequest[] = [];
let running = false;

function drain(): void {
  running = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    let answer: PoolAnswer;
    try {
      answer = { index: request.index, result: runJob(request.job, world, settings) };
    } catch (error) {
      answer = { index: request.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    // The durations' buffer moves to the parent instead of being copied.
    port?.postMessage(answer, answer.result ? [answer.result.durationsMs.buffer as ArrayBuffer] : []);
  }
  running = false;
}

port.on('message', (request: PoolRequest) => {
  queue.push(request);
  if (!running) drain();
});
