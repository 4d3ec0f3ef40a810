import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, retryAfterMs } from '../../src/core/classify.ts';
import type { HttpResponse } from '../../src/core/ports.ts';

const response = (status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body });

const CASES: Array<[string, HttpResponse, string]> = [
  ['200 is ok', response(200, {}), 'ok'],
  ['202 is ok', response(202, {}), 'ok'],
  ['409 with the lock message is locked', response(409, { code: 'general.conflict', message: 'The requested resource is currently being modified by another process' }), 'locked'],
  ['409 stale version is a version conflict', response(409, { code: 'general.resource.conflict', message: 'version mismatch' }), 'version-conflict'],
  ['409 compat SHIFT_TRADE_CONFLICT is a business conflict', response(409, { errors: [{ code: 'SHIFT_TRADE_CONFLICT', message: 'Conflict detected while processing shift trade' }] }), 'business-conflict'],
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
