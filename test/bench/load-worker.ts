/**
 * The load generator of bench:server, in its own thread: node:http keep-alive, fixed concurrency, a
 * bounded number of requests. Kept off the server's thread so the bench measures the server, not the
 * server plus its client on one event loop (a real client, k6 or a migration, is another process).
 */
import { performance } from 'node:perf_hooks';
import { legacyTradesPath } from '../server/support/real-http.ts';
import type { RealClient } from '../server/support/real-http.ts';
import { clientFor, serveJobs } from './worker-jobs.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';

export interface LoadRun {
  kind: 'run';
  target: 'bare' | 'stateful';
  baseUrl: string;
  requests: number;
  concurrency: number;
  /** stateful: one planned swap per concurrency slot, and the bearer token. */
  plans?: TradePlan[];
  token?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  latenciesMs: Float64Array;
  errors: Record<string, number>;
  /** The first answer of each unexpected status, so a broken workload says why. */
  firstErrors: Record<string, string>;
}

/** One per concurrency slot; each call sends one request and resolves to its status. */
type Slot = () => Promise<number>;

/**
 * Each slot owns one planned swap (so slots never conflict) and loops create → patch → match: the match
 * approves the trade and the two shifts change hands, so the next loop trades them back.
 */
function statefulSlot(
  client: RealClient,
  plan: TradePlan,
  token: string,
  note: (status: number, what: string, text: string) => void,
): Slot {
  const auth = { authorization: `Bearer ${token}` };
  const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
  const shifts = [plan.initiatingShiftId, plan.receivingShiftId];
  // owners[i] holds shifts[i]; after a swap both arrays would flip, so the owners array stays as it is.
  const owners = [plan.initiatingUserId, plan.receivingUserId];
  let step = 0;
  let trade = { id: '', version: 0 };
  return async () => {
    const phase = step++ % 3;
    if (phase === 0) {
      const res = await client.json('POST', base, { scheduleId: plan.scheduleId, initiatingShiftId: shifts[0] }, auth);
      note(res.status, 'create', res.text);
      if (res.status === 200) {
        const body = JSON.parse(res.text) as { id: string; metadata: { version: number } };
        trade = { id: body.id, version: body.metadata.version };
      }
      return res.status;
    }
    if (phase === 1) {
      const res = await client.json(
        'PATCH',
        `${base}/${trade.id}`,
        { receivingUserId: { value: owners[1] }, metadata: { version: trade.version } },
        auth,
      );
      note(res.status, 'patch', res.text);
      if (res.status === 200)
        trade.version = (JSON.parse(res.text) as { metadata: { version: number } }).metadata.version;
      return res.status;
    }
    const res = await client.json(
      'POST',
      `${base}/${trade.id}/match`,
      { receivingScheduleId: plan.scheduleId, receivingShiftId: shifts[1], metadata: { version: trade.version } },
      auth,
    );
    note(res.status, 'match', res.text);
    // The shifts changed hands: the agent who gave shifts[0] now holds shifts[1], so give that back next.
    if (res.status === 200) shifts.reverse();
    return res.status;
  };
}

async function run(job: LoadRun): Promise<LoadResult> {
  const client = clientFor(job.baseUrl, job.concurrency);
  const errors: Record<string, number> = {};
  const firstErrors: Record<string, string> = {};
  const note = (status: number, what: string, text: string): void => {
    if (status !== 200 && firstErrors[status] === undefined) firstErrors[status] = `${what}: ${text.slice(0, 300)}`;
  };
  const slots: Slot[] =
    job.target === 'bare'
      ? Array.from({ length: job.concurrency }, () => async () => (await client.send('GET', '/bare')).status)
      : (job.plans ?? []).slice(0, job.concurrency).map((plan) => statefulSlot(client, plan, job.token ?? '', note));
  if (slots.length < job.concurrency)
    throw new Error(`only ${slots.length} disjoint swaps for ${job.concurrency} slots`);
  const latenciesMs = new Float64Array(job.requests);
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    slots.map(async (next) => {
      while (issued < job.requests) {
        const index = issued++;
        const t0 = performance.now();
        const status = await next();
        latenciesMs[index] = performance.now() - t0;
        if (status !== 200) errors[status] = (errors[status] ?? 0) + 1;
      }
    }),
  );
  return { requests: job.requests, seconds: (performance.now() - started) / 1000, latenciesMs, errors, firstErrors };
}

serveJobs<LoadRun, LoadResult>(run, (result) => [result.latenciesMs.buffer as ArrayBuffer]);
