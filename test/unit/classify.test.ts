import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, retryAfterMs } from '../../src/core/classify.ts';
import type { HttpResponse } from '../../src/core/ports.ts';
import { jobStep } from '../../src/core/dialects/genesys-jobs.ts';

const response = (status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body,
});

const CASES: Array<[string, HttpResponse, string]> = [
  ['200 is ok', response(200, {}), 'ok'],
  ['202 is ok', response(202, {}), 'ok'],
  [
    '409 with the lock message is locked',
    response(409, {
      code: 'general.conflict',
      message: 'The requested resource is currently being modified by another process',
    }),
    'locked',
  ],
  [
    '409 stale version is a version conflict',
    response(409, { code: 'general.resource.conflict', message: 'version mismatch' }),
    'version-conflict',
  ],
  [
    "409 compat, the bulk-swap thread's exact body (stale scheduleVersion) is a version conflict",
    response(409, {
      errors: [{ message: 'Conflict detected while processing shift trade', code: 'SHIFT_TRADE_CONFLICT' }],
    }),
    'version-conflict',
  ],
  [
    "409 compat, the mock's ErrorBody around the thread's entry (stale If-Match) is a version conflict",
    response(409, {
      message: 'Conflict detected while processing shift trade',
      code: 'SHIFT_TRADE_CONFLICT',
      status: 409,
      contextId: 'c',
      details: [],
      errors: [{ message: 'Conflict detected while processing shift trade', code: 'SHIFT_TRADE_CONFLICT' }],
    }),
    'version-conflict',
  ],
  [
    '409 compat SHIFT_TRADE_CONFLICT, shift already in an open trade, is a business conflict',
    response(409, {
      message: 'The shift is already part of an open shift trade',
      code: 'SHIFT_TRADE_CONFLICT',
      errors: [{ message: 'The shift is already part of an open shift trade', code: 'SHIFT_TRADE_CONFLICT' }],
    }),
    'business-conflict',
  ],
  [
    '409 compat SHIFT_TRADE_CONFLICT refused by a rule (bare thread shape) is a business conflict',
    response(409, {
      errors: [
        {
          message: "Shift trade refused by the management unit's rules: UnequalPaidTime",
          code: 'SHIFT_TRADE_CONFLICT',
        },
      ],
    }),
    'business-conflict',
  ],
  [
    '409 compat SHIFT_TRADE_CONFLICT with the lock message is locked',
    response(409, {
      errors: [
        {
          message: 'The requested resource is currently being modified by another process',
          code: 'SHIFT_TRADE_CONFLICT',
        },
      ],
    }),
    'locked',
  ],
  ['429 is rate limited', response(429, {}, { 'retry-after': '3' }), 'rate-limited'],
  ['401 is auth', response(401, {}), 'auth'],
  ['400 is invalid', response(400, {}), 'invalid'],
  ['404 is invalid', response(404, {}), 'invalid'],
  ['500 is transient', response(500, {}), 'transient'],
  ['503 is transient', response(503, {}), 'transient'],
  ['status 0 (no answer) is transient', response(0), 'transient'],
];

for (const [name, res, expected] of CASES) {
  test(`classify: ${name}`, () => assert.equal(classify(res), expected));
}

test('Retry-After in seconds becomes milliseconds; garbage is ignored', () => {
  assert.equal(retryAfterMs(response(429, {}, { 'retry-after': '42' })), 42_000);
  assert.equal(retryAfterMs(response(429, {}, { 'retry-after': 'soon' })), undefined);
  assert.equal(retryAfterMs(response(429, {})), undefined);
});

// Job-based writes (genesys-jobs): a finished job settles into the answer it stands for (src/core/dialects/genesys-jobs.ts
// jobStep), which is classified like the HTTP status its ErrorBody carries; a Processing job is polled, not classified.
const LOCK_MESSAGE = 'The requested resource is currently being modified by another process';
const job = (status: string, extra: Record<string, unknown> = {}) =>
  response(200, {
    id: 'j',
    type: 'MatchTrade',
    status,
    selfUri: '/api/v2/workforcemanagement/shifttrading/trades/t/match/jobs/j',
    ...extra,
  });
const JOB_CASES: Array<[string, HttpResponse, string]> = [
  ['Complete job is ok', job('Complete', { matchTradeResult: { trade: {} } }), 'ok'],
  [
    'Error job with a 409 stale version is a version conflict',
    job('Error', { error: { status: 409, code: 'general.resource.conflict', message: 'version mismatch' } }),
    'version-conflict',
  ],
  [
    'Error job with a 409 lock message is locked',
    job('Error', { error: { status: 409, code: 'general.conflict', message: LOCK_MESSAGE } }),
    'locked',
  ],
  [
    'Error job with a 400 rule violation is invalid',
    job('Error', { error: { status: 400, code: 'wfm.shift.trade.rule.violation', message: 'rule' } }),
    'invalid',
  ],
  [
    'Error job with a 404 is invalid',
    job('Error', { error: { status: 404, code: 'not.found', message: 'gone' } }),
    'invalid',
  ],
  [
    'Error job with a 429 is rate limited',
    job('Error', { error: { status: 429, code: 'too.many.requests.retry.after', message: 'slow down' } }),
    'rate-limited',
  ],
  [
    'Error job with a 503 is transient',
    job('Error', { error: { status: 503, code: 'service.unavailable', message: 'later' } }),
    'transient',
  ],
  [
    'Error job without a status is transient (a server fault: look up before writing again)',
    job('Error', { error: { message: 'boom' } }),
    'transient',
  ],
  ['job in an unknown status is ambiguous (transient)', job('Canceled'), 'transient'],
  ['Complete job of an unknown type is ambiguous (transient)', job('Complete', { type: 'Mystery' }), 'transient'],
  [
    'a 409 answer to the job POST itself stays a version conflict',
    response(409, { code: 'general.resource.conflict', message: 'stale' }),
    'version-conflict',
  ],
];

for (const [name, res, expected] of JOB_CASES) {
  test(`classify job: ${name}`, () => {
    const step = jobStep(res);
    assert.ok('final' in step, 'a finished job or a plain answer is final');
    assert.equal(classify(step.final), expected);
  });
}

test('classify job: a Processing job is polled at its selfUri, and a job 409 keeps its ErrorBody', () => {
  assert.deepEqual(jobStep(job('Processing')), {
    poll: { method: 'GET', path: '/api/v2/workforcemanagement/shifttrading/trades/t/match/jobs/j' },
  });
  assert.ok(
    'final' in jobStep(job('Processing', { selfUri: undefined })),
    'no selfUri: nothing to poll, an ambiguous outcome',
  );
  const error = { status: 409, code: 'general.resource.conflict', message: 'stale' };
  assert.deepEqual(jobStep(job('Error', { error })), { final: { status: 409, headers: {}, body: error } });
});
