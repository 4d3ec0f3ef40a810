/**
 * The worker-thread side of the load benches (load-worker.ts, soak-worker.ts): one keep-alive client per
 * server, kept between runs, and the message loop: each message is a run answered with its result (or
 * its error), until { kind: 'close' } closes the clients and the port.
 */
import { parentPort } from 'node:worker_threads';
import { RealClient } from '../server/support/real-http.ts';

const clients = new Map<string, RealClient>();

/** The client for baseUrl, made on first use with `concurrency` sockets. */
export function clientFor(baseUrl: string, concurrency: number): RealClient {
  let client = clients.get(baseUrl);
  if (!client) clients.set(baseUrl, (client = new RealClient(baseUrl, concurrency)));
  return client;
}

/** Answer every run message with run(job); `transfer` names buffers to move instead of copy. */
export function serveJobs<J extends { kind: string }, R>(
  run: (job: J) => Promise<R>,
  transfer?: (result: R) => ArrayBuffer[],
): void {
  parentPort?.on('message', (job: J | { kind: 'close' }) => {
    if (job.kind === 'close') {
      for (const client of clients.values()) client.close();
      parentPort?.close();
      return;
    }
    run(job as J).then(
      (result) => parentPort?.postMessage({ ok: true, result }, transfer?.(result) ?? []),
      (error: Error) => parentPort?.postMessage({ ok: false, message: error.message }),
    );
  });
}
