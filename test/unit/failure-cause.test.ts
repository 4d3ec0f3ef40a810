/**
 * Every failure has a cause (issue 17): the client's label of a trade that was not applied comes from
 * its last unsuccessful answer, and a 429 says whose bucket ran dry by the body's limit.key, which the
 * mock's rate limiter writes (the answers here are the mock's own, not hand-written bodies).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FAILURE_CAUSES,
  failureCause,
  failureCauseMetricName,
  isTokenRefusal,
  lastAnswerOf,
} from '../../src/core/failure-cause.ts';
import type { HttpResponse } from '../../src/core/ports.ts';
import { RateLimiter } from '../../mock-server/api/rate-limits.ts';
import { ERRORS, errorBody } from '../../mock-server/api/errors.ts';

/** The mock's 429 for a bucket of `kind` that is empty (a limit of 1 per minute, taken twice). */
function mock429(kind: 'token' | 'user'): HttpResponse {
  const limiter = new RateLimiter({ perTokenPerMinute: 1, perUserTradeWritesPerMinute: 1 });
  limiter.take(kind, 'k', 0);
  const refused = limiter.refuse({ store: {} as never, correlationId: 'c' }, limiter.take(kind, 'k', 0));
  return { status: refused.status, headers: refused.headers ?? {}, body: refused.body };
}

const answer = (status: number, code?: string): HttpResponse => ({
  status,
  headers: {},
  body: code === undefined ? undefined : errorBody({ status, code, message: 'm' }, 'c', {}),
});

const causeOf = (response: HttpResponse) => failureCause({ outcome: 'gave-up', lastAnswer: lastAnswerOf(response) });

test("a 429 names the bucket from the mock's limit key; only the token's counts as a token refusal", () => {
  assert.equal(causeOf(mock429('token')), '429 token');
  assert.equal(causeOf(mock429('user')), '429 user');
  assert.equal(isTokenRefusal(mock429('token')), true);
  assert.equal(isTokenRefusal(mock429('user')), false);
  assert.equal(causeOf({ status: 429, headers: {}, body: undefined }), '429');
});

test('no answer is a timeout or a closed connection, as the transport says; statuses map to their labels', () => {
  assert.equal(causeOf({ status: 0, headers: {}, body: undefined, error: 'timeout' }), 'timeout');
  assert.equal(causeOf({ status: 0, headers: {}, body: undefined, error: 'closed' }), 'closed connection');
  assert.equal(causeOf(answer(503, ERRORS.serviceUnavailable.code)), '5xx');
  assert.equal(causeOf(answer(400, ERRORS.shiftInOpenTrade.code)), '400 rule');
  assert.equal(causeOf(answer(400, ERRORS.badRequest.code)), '400 invalid');
  assert.equal(causeOf(answer(404, ERRORS.notFound.code)), '404');
  assert.equal(causeOf(answer(409, ERRORS.locked.code)), '409 locked');
  assert.equal(causeOf(answer(409, ERRORS.versionMismatch.code)), '409 version');
  assert.equal(causeOf(answer(418)), 'other');
});

test('a trade that ended on what a 200 said is named by its reason; an applied trade has no cause', () => {
  const lastAnswer = { status: 429, limitKey: 'x' };
  assert.equal(
    failureCause({ outcome: 'failed', reason: { stoppedBy: 'violations', violations: ['x'] }, lastAnswer }),
    'rule violations',
  );
  assert.equal(
    failureCause({ outcome: 'failed', reason: { stoppedBy: 'trade-state', state: 'Denied', seen: 'after-match' } }),
    'trade state',
  );
  assert.equal(failureCause({ outcome: 'applied', lastAnswer }), undefined);
  assert.equal(failureCause({ outcome: 'gave-up' }), 'other');
});

test("every label has its own k6 counter name, valid for k6's metric names", () => {
  const names = FAILURE_CAUSES.map(failureCauseMetricName);
  assert.equal(new Set(names).size, FAILURE_CAUSES.length);
  for (const name of names) assert.match(name, /^[a-zA-Z_][a-zA-Z0-9_]{1,128}$/);
  assert.equal(failureCauseMetricName('429 token'), 'wfm_failed_other_429_token');
});
