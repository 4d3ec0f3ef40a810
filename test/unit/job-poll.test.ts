import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleJob } from '../../src/core/job-poll.ts';
import type { JobPollSchedule, JobSettling } from '../../src/core/job-poll.ts';
import { drive } from '../../src/core/drive.ts';
import { send } from '../../src/core/effects.ts';
import { jobStep } from '../../src/core/dialects/genesys-jobs.ts';
import type { HttpRequest, HttpResponse } from '../../src/core/ports.ts';

const SELF = '/api/v2/workforcemanagement/shifttrading/trades/t/match/jobs/j';
const job = (status: string, extra: Record<string, unknown> = {}): HttpResponse => ({
  status: 200,
  headers: {},
  body: { id: 'j', type: 'MatchTrade', status, selfUri: SELF, ...extra },
});
const SCHEDULE: JobPollSchedule = { firstDelayMs: 100, factor: 2, capMs: 300, maxPolls: 4 };

/** Answers polls from a script and records the sleeps and polls. */
function io(answers: HttpResponse[]) {
  const sleeps: number[] = [];
  const polls: HttpRequest[] = [];
  return {
    sleeps,
    polls,
    io: {
      sleep: async (ms: number) => void sleeps.push(ms),
      send: async (request: HttpRequest) => {
        polls.push(request);
        return answers.shift() ?? job('Processing');
      },
    },
  };
}

/** The job's settling steps driven over the scripted polls and sleeps (each poll a plain send). */
function settled(
  jobs: JobSettling,
  response: HttpResponse,
  script: ReturnType<typeof io>['io'],
): Promise<HttpResponse> {
  return drive(settleJob(jobs, response, send), { transport: { request: script.send }, sleep: script.sleep });
}

test('a 202 Processing job is polled with a bounded doubling delay until it completes', async () => {
  const run = io([
    job('Processing'),
    { status: 503, headers: {}, body: {} },
    job('Complete', { matchTradeResult: { trade: { id: 't' } } }),
  ]);
  const final = await settled({ step: jobStep, schedule: SCHEDULE }, { ...job('Processing'), status: 202 }, run.io);
  assert.deepEqual(final, { status: 200, headers: {}, body: { trade: { id: 't' } } });
  assert.deepEqual(run.sleeps, [100, 200, 300], 'a 503 poll is retried on the same schedule');
  assert.ok(run.polls.every((poll) => poll.method === 'GET' && poll.path === SELF));
});

test('a job still Processing after maxPolls, or a poll refused for good, is an ambiguous outcome (status 0)', async () => {
  const stuck = io([]);
  const final = await settled({ step: jobStep, schedule: SCHEDULE }, job('Processing'), stuck.io);
  assert.equal(final.status, 0);
  assert.equal(stuck.polls.length, 4);
  const gone = io([{ status: 404, headers: {}, body: { status: 404, code: 'not.found' } }]);
  assert.equal((await settled({ step: jobStep, schedule: SCHEDULE }, job('Processing'), gone.io)).status, 0);
  assert.equal(gone.polls.length, 1);
});

test('a 429 poll waits at least its Retry-After; an answer that is not a job comes back unchanged, unpolled', async () => {
  const limited = io([
    { status: 429, headers: { 'retry-after': '2' }, body: {} },
    job('Error', { error: { status: 409, code: 'general.resource.conflict' } }),
  ]);
  const final = await settled({ step: jobStep, schedule: SCHEDULE }, job('Processing'), limited.io);
  assert.equal(final.status, 409);
  assert.deepEqual(limited.sleeps, [100, 2_000]);
  const plain: HttpResponse = { status: 409, headers: {}, body: { code: 'general.resource.conflict' } };
  const none = io([]);
  assert.equal(await settled({ step: jobStep }, plain, none.io), plain);
  assert.equal(none.polls.length + none.sleeps.length, 0);
});
