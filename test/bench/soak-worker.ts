/**
 * The load of bench:soak, in its own thread (as load-worker.ts for bench:server): each slot owns one
 * planned swap and loops a mixed cycle — create → patch → match (approved), create → cancel (a state
 * job), a forceAsync state job on a missing trade (a job the server must keep, then drop), a token
 * grant — either as fast as it can (warm-up: fill every bound) or at a fixed total rate. Bounded in
 * requests and in time. 127.0.0.1 only.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { legacyTradesPath } from '../server/support/real-http.ts';
import type { RealClient } from '../server/support/real-http.ts';
import { clientFor, serveJobs } from './worker-jobs.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';

export interface SoakRun {
  kind: 'run';
  baseUrl: string;
  plans: TradePlan[];
  token: string;
  /** Stop after this many requests … */
  requests: number;
  /** … or this many real ms, whichever comes first. */
  durationMs: number;
  /** Total requests per second over all slots; 0: as fast as possible. */
  ratePerS: number;
}

export interface SoakResult {
  requests: number;
  seconds: number;
  /** Answers by "step status", e.g. "create 200". */
  statuses: Record<string, number>;
}

const TRADES = '/api/v2/workforcemanagement/shifttrading/trades';
const CYCLE = 7;

function soakSlot(client: RealClient, plan: TradePlan, token: string, slot: number): () => Promise<string> {
  // Replaced by every token the slot is granted: the server holds a bounded number of tokens, oldest dropped first.
  const auth = { authorization: `Bearer ${token}` };
  const base = legacyTradesPath(plan.managementUnitId, plan.weekDate);
  const shifts = [plan.initiatingShiftId, plan.receivingShiftId];
  const owners = [plan.initiatingUserId, plan.receivingUserId];
  let step = 0;
  let trade = { id: '', version: 0 };
  const create = async (): Promise<number> => {
    const res = await client.json('POST', base, { scheduleId: plan.scheduleId, initiatingShiftId: shifts[0] }, auth);
    if (res.status === 200) {
      const body = JSON.parse(res.text) as { id: string; metadata: { version: number } };
      trade = { id: body.id, version: body.metadata.version };
    }
    return res.status;
  };
  return async () => {
    const phase = step++ % CYCLE;
    if (phase === 0 || phase === 3) return `create ${await create()}`;
    if (phase === 1) {
      const res = await client.json(
        'PATCH',
        `${base}/${trade.id}`,
        { receivingUserId: { value: owners[1] }, metadata: { version: trade.version } },
        auth,
      );
      if (res.status === 200)
        trade.version = (JSON.parse(res.text) as { metadata: { version: number } }).metadata.version;
      return `patch ${res.status}`;
    }
    if (phase === 2) {
      const res = await client.json(
        'POST',
        `${base}/${trade.id}/match`,
        { receivingScheduleId: plan.scheduleId, receivingShiftId: shifts[1], metadata: { version: trade.version } },
        auth,
      );
      if (res.status === 200) shifts.reverse();
      return `match ${res.status}`;
    }
    if (phase === 4) {
      const res = await client.json(
        'POST',
        `${TRADES}/${trade.id}/state/jobs`,
        { weekDate: plan.weekDate, state: 'Canceled', metadata: { version: trade.version } },
        auth,
      );
      return `cancel ${res.status}`;
    }
    if (phase === 5) {
      const res = await client.json(
        'POST',
        `${TRADES}/missing-${slot}-${step}/state/jobs?forceAsync=true`,
        { weekDate: plan.weekDate, state: 'Canceled', metadata: { version: 1 } },
        auth,
      );
      return `async-job ${res.status}`;
    }
    const res = await client.send('POST', '/oauth/token', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`soak-${slot}:secret`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    if (res.status === 200)
      auth.authorization = `Bearer ${(JSON.parse(res.text) as { access_token: string }).access_token}`;
    return `token ${res.status}`;
  };
}

const slotsByUrl = new Map<string, Array<() => Promise<string>>>();

async function run(job: SoakRun): Promise<SoakResult> {
  const client = clientFor(job.baseUrl, job.plans.length);
  let slots = slotsByUrl.get(job.baseUrl);
  // The slots keep their state between runs (warm-up, then measure): each trade cycle goes on where it was.
  if (!slots) slotsByUrl.set(job.baseUrl, (slots = job.plans.map((plan, i) => soakSlot(client, plan, job.token, i))));
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const gapMs = job.ratePerS > 0 ? (1000 * slots.length) / job.ratePerS : 0;
  let issued = 0;
  await Promise.all(
    slots.map(async (next, i) => {
      // Slots start spread over one gap, so the total rate is even rather than in bursts.
      let dueMs = started + (gapMs * i) / slots.length;
      while (issued < job.requests && performance.now() - started < job.durationMs) {
        if (gapMs > 0) {
          const waitMs = dueMs - performance.now();
          if (waitMs > 0) await sleep(waitMs);
          dueMs += gapMs;
        }
        issued++;
        const outcome = await next();
        statuses[outcome] = (statuses[outcome] ?? 0) + 1;
      }
    }),
  );
  return { requests: issued, seconds: (performance.now() - started) / 1000, statuses };
}

serveJobs<SoakRun, SoakResult>(run);
