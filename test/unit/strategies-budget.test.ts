import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRetryBudget, GRPC_A6_BUDGET } from '../../src/core/retry-budget.ts';
import { createPacer, holdFromHeaders } from '../../src/core/pacing.ts';
import type { HttpResponse } from '../../src/core/ports.ts';

test('a full gRPC A6 bucket allows retries until five failures have taken it to half', () => {
  const budget = createRetryBudget(GRPC_A6_BUDGET);
  const allowed: boolean[] = [];
  for (let i = 0; i < 6; i++) {
    budget.onFailure();
    allowed.push(budget.allowsRetry());
  }
  // 9, 8, 7, 6 tokens allow; 5 (= maxTokens / 2) and below do not.
  assert.deepEqual(allowed, [true, true, true, true, false, false]);
  assert.equal(budget.tokens(), 4);
});

test('ten successes give back exactly one token, and the bucket never passes maxTokens or drops below 0', () => {
  const budget = createRetryBudget(GRPC_A6_BUDGET);
  for (let i = 0; i < 5; i++) budget.onFailure();
  assert.equal(budget.allowsRetry(), false);
  for (let i = 0; i < 10; i++) budget.onSuccess();
  assert.equal(budget.tokens(), 6);
  assert.equal(budget.allowsRetry(), true);
  for (let i = 0; i < 1000; i++) budget.onSuccess();
  assert.equal(budget.tokens(), 10);
  for (let i = 0; i < 50; i++) budget.onFailure();
  assert.equal(budget.tokens(), 0);
});

test('a retry budget refuses nonsense settings', () => {
  assert.throws(() => createRetryBudget({ maxTokens: 0, failureCost: 1, successCredit: 0.1 }));
  assert.throws(() => createRetryBudget({ maxTokens: 10, failureCost: -1, successCredit: 0.1 }));
});

function answer(status: number, headers: Record<string, string>): HttpResponse {
  return { status, headers, body: undefined };
}

test('a pacer keeps its minimum gap between the starts of requests', () => {
  const pacer = createPacer({ minGapMs: 200, followRateLimitHeaders: false, headroomFraction: 0.2 });
  assert.equal(pacer.reserve(1000), 0);
  assert.equal(pacer.reserve(1050), 150);
  assert.equal(pacer.reserve(1100), 300); // the previous request is booked at 1200, so this one at 1400
  assert.equal(pacer.reserve(5000), 0);
});

test('rate-limit headers hold the client back only once it runs short, then spread the rest until the reset', () => {
  const plenty = answer(200, {
    'inin-ratelimit-allowed': '300',
    'inin-ratelimit-count': '100',
    'inin-ratelimit-reset': '30',
  });
  assert.equal(holdFromHeaders(plenty, 0, 0.2), undefined);
  const short = answer(200, {
    'inin-ratelimit-allowed': '300',
    'inin-ratelimit-count': '290',
    'inin-ratelimit-reset': '30',
  });
  assert.equal(holdFromHeaders(short, 0, 0.2), 3000); // 10 left over 30 s
  const none = answer(200, {
    'inin-ratelimit-allowed': '300',
    'inin-ratelimit-count': '300',
    'inin-ratelimit-reset': '12',
  });
  assert.equal(holdFromHeaders(none, 1000, 0.2), 13_000);
});

test('a 429 with Retry-After holds every later request of the client when the pacer follows headers', () => {
  const pacer = createPacer({ minGapMs: 0, followRateLimitHeaders: true, headroomFraction: 0.2 });
  pacer.observe(answer(429, { 'retry-after': '2' }), 500);
  assert.equal(pacer.reserve(600), 1900);
  const deaf = createPacer({ minGapMs: 0, followRateLimitHeaders: false, headroomFraction: 0.2 });
  deaf.observe(answer(429, { 'retry-after': '2' }), 500);
  assert.equal(deaf.reserve(600), 0);
});
