/** Rate limits: world-clocked token buckets per token and per user (trade writes); 429 with Retry-After and the Genesys body. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BUCKETS, RATE_LIMITS_DEFAULTS, RateLimiter } from '../../mock-server/api/rate-limits.ts';
import { PUBLISH_MS, harnessFor, scenarioWith } from './support/pressures.ts';

const T0 = PUBLISH_MS - 100_000;

test(
  'per token: `allowed` requests pass with inin-ratelimit-* headers, the next answers 429 with Retry-After ' +
    'and the Genesys body',
  async () => {
    const { app, harness, at, stepReal, agentTrades, login } = await harnessFor(
      scenarioWith({ rateLimits: { perTokenPerMinute: 3 } }, 1),
    );
    at(T0);
    const answers = [await agentTrades(), await agentTrades(), await agentTrades()];
    assert.deepEqual(
      answers.map((r) => [r.statusCode, r.headers['inin-ratelimit-count'], r.headers['inin-ratelimit-allowed']]),
      [
        [200, '1', '3'],
        [200, '2', '3'],
        [200, '3', '3'],
      ],
    );
    assert.equal(
      answers[2]?.headers['inin-ratelimit-reset'],
      '60',
      'three tokens refill in a world-minute (speed 1: 60 real s)',
    );
    const refused = await agentTrades();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '20', 'one token of 3 per minute: 20 s');
    assert.deepEqual(refused.json(), {
      message: 'Rate limit exceeded the maximum. Retry the request in [20] seconds',
      code: 'too.many.requests.retry.after',
      status: 429,
      contextId: refused.headers['inin-correlation-id'],
      details: [],
      errors: [],
      limit: { key: 'client.credentials.token.rate.per.minute', namespace: 'platform.api', value: 3 },
    });
    assert.equal((await agentTrades(undefined, await login())).statusCode, 200, 'another token has its own bucket');
    stepReal(19_999);
    assert.equal((await agentTrades()).statusCode, 429);
    stepReal(1);
    assert.equal((await agentTrades()).statusCode, 200, '20 world-s later one token is back');
    assert.equal(harness.refusals.counts()['429 rate:token'], 2);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(
      metrics,
      /wfm_mock_requests_total\{method="GET",route="[^"]+\/agents\/:agentId\/shifttrades",status="429",cause="rate:token"\} 2\n/,
    );
    await app.close();
  },
);

test(
  'per user: the 6th trade write of one initiating agent in a world-minute answers 429 rate:user; match ' +
    'counts the receiving agent',
  async () => {
    const { app, harness, at, create, patch, match, plan } = await harnessFor(scenarioWith({ rateLimits: {} }, 1));
    at(T0);
    const trade = (await create()).json() as { id: string };
    for (let i = 0; i < 4; i++) assert.equal((await patch(trade.id, 0)).statusCode, 409, 'refused writes count too');
    const refused = await patch(trade.id, 1);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '12', '5 per minute: one every 12 s');
    assert.deepEqual(refused.json().limit, {
      key: 'shift.trading.rate.per.user.per.minute',
      namespace: 'workforce.management',
      value: RATE_LIMITS_DEFAULTS.perUserTradeWritesPerMinute,
    });
    assert.equal(refused.headers['inin-ratelimit-allowed'], '5', 'a per-user 429 shows its own bucket');
    // The receiving agent has a bucket of their own: the match passes (and approves).
    assert.equal((await match(trade.id, 1)).json().trade.state, 'Approved');
    for (let i = 0; i < 4; i++) assert.equal((await match(trade.id, 0)).statusCode, 409);
    assert.equal((await match(trade.id, 0)).statusCode, 429, "the receiving agent's 6th write");
    assert.equal(harness.refusals.counts()['429 rate:user'], 2);
    assert.ok(plan.initiatingUserId !== plan.receivingUserId);
    await app.close();
  },
);

test('waits are stated in world seconds, whatever the clock speed: the client converts (one time axis)', () => {
  const limiter = new RateLimiter({ perTokenPerMinute: 3, perUserTradeWritesPerMinute: 5 });
  for (let i = 0; i < 3; i++) assert.ok(limiter.take('token', 'k', 0).ok);
  const refused = limiter.take('token', 'k', 0);
  assert.equal(refused.ok, false);
  assert.equal(refused.retryWorldMs, 20_000);
  assert.equal(limiter.headers(refused)['inin-ratelimit-reset'], '60', 'three tokens refill in a world-minute');
  assert.equal(limiter.take('token', 'k', 19_999).ok, false);
  assert.equal(limiter.take('token', 'k', 20_000).ok, true);
});

test('per user across route families: legacy, job and compat trade writes of one agent share one bucket', async () => {
  const { app, harness, auth, at, create, patch, plan } = await harnessFor(scenarioWith({ rateLimits: {} }, 1));
  at(T0);
  const trade = (await create()).json() as { id: string };
  assert.equal((await patch(trade.id, 0)).statusCode, 409);
  const jobs = '/api/v2/workforcemanagement/shifttrading/trades';
  const jobPatch = () =>
    app.inject({
      method: 'POST',
      url: `${jobs}/${trade.id}/jobs`,
      headers: auth,
      payload: { weekDate: plan.weekDate, metadata: { version: 0 } },
    });
  const jobAnswer = await jobPatch();
  assert.equal(jobAnswer.statusCode, 200, 'a job answered at once');
  assert.equal(jobAnswer.json().error.status, 409, 'the stale version is refused inside the job');
  const compatSwap = () =>
    app.inject({
      method: 'POST',
      url: '/api/v2/wfm/schedule/shift-trades',
      headers: auth,
      payload: {
        initiator_agent_id: plan.initiatingUserId,
        counter_agent_id: plan.receivingUserId,
        initiator_shift_id: plan.initiatingShiftId,
        counter_shift_id: plan.receivingShiftId,
      },
    });
  assert.equal((await compatSwap()).statusCode, 409, 'the shift is in an open trade');
  assert.equal((await jobPatch()).json().error.status, 409, 'the 5th write of the minute');
  const refused = await compatSwap();
  assert.equal(refused.statusCode, 429, 'the 6th, whichever route family carries it');
  assert.equal(refused.json().limit.key, 'shift.trading.rate.per.user.per.minute');
  assert.equal((await jobPatch()).statusCode, 429);
  assert.equal(harness.refusals.counts()['429 rate:user'], 2);
  await app.close();
});

test('the buckets are bounded: past MAX_BUCKETS principals the oldest bucket goes, and comes back full', () => {
  const limiter = new RateLimiter({ perTokenPerMinute: 1, perUserTradeWritesPerMinute: 5 });
  assert.equal(limiter.take('token', 'first', 0).ok, true);
  assert.equal(limiter.take('token', 'first', 0).ok, false, 'its one token is spent');
  for (let i = 0; i < MAX_BUCKETS; i++) limiter.take('token', `p${i}`, 0);
  assert.equal(limiter.take('token', 'first', 0).ok, true, 'the oldest bucket was dropped: the key starts full again');
});
