import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';
const TRADES = `${WFM}/shifttrading/trades`;

async function setup(scenario: ScenarioSpec = dstParis) {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, 7),
    seed: 7,
    quiet: true,
    realNowMs: () => realMs,
  });
  const login = async (id: string) => {
    const answer = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials',
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:secret`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    return { authorization: `Bearer ${answer.json().access_token}` };
  };
  const auth = await login('first');
  const [plan] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(plan);
  const post = (url: string, payload: unknown, headers = auth) =>
    app.inject({ method: 'POST', url, headers, payload: payload as object });
  const get = (url: string, headers = auth) => app.inject({ method: 'GET', url, headers });
  const addBody = {
    initiatingShift: { id: plan.initiatingShiftId, schedule: { id: plan.scheduleId }, weekDate: plan.weekDate },
    target: { userId: plan.receivingUserId },
  };
  const matchBody = (version: number) => ({
    weekDate: plan.weekDate,
    receivingSchedule: { id: plan.scheduleId },
    receivingShiftId: plan.receivingShiftId,
    metadata: { version },
  });
  /** Move the world clock on by this many world ms (the scenario runs at 60x). */
  const advanceWorld = (worldMs: number) => {
    realMs += worldMs / scenario.clock.speed;
  };
  const create = async () => {
    const answer = await post(`${TRADES}/jobs`, addBody);
    assert.equal(answer.statusCode, 200, answer.body);
    return answer.json().addTradeResult as { id: string; metadata: { version: number } };
  };
  return { app, harness, plan, auth, login, post, get, addBody, matchBody, advanceWorld, create };
}

test('without forceAsync a job runs at once: 200 Complete with the SDK result field, not retained for a GET', async () => {
  const { app, post, get, addBody } = await setup();
  const answer = await post(`${TRADES}/jobs`, addBody);
  assert.equal(answer.statusCode, 200);
  const job = answer.json();
  assert.equal(job.status, 'Complete');
  assert.equal(job.type, 'AddTrade');
  assert.equal(job.selfUri, `${TRADES}/jobs/${job.id}`);
  assert.equal(job.addTradeResult.state, 'Unmatched');
  assert.equal(job.addTradeResult.metadata.version, 1);
  assert.equal(job.addTradeResult.initiating.shift.id, addBody.initiatingShift.id);
  assert.deepEqual(job.addTradeResult.target, { user: { id: addBody.target.userId } });
  assert.equal((await get(job.selfUri)).statusCode, 404, 'Genesys retains job details only after a 202');
  await app.close();
});

test('with forceAsync the match is 202 Processing, runs jobDelayMs of world time later, and its selfUri reads Complete', async () => {
  const { app, harness, post, get, matchBody, advanceWorld, create } = await setup();
  const trade = await create();
  const accepted = await post(`${TRADES}/${trade.id}/match/jobs?forceAsync=true`, matchBody(1));
  assert.equal(accepted.statusCode, 202);
  const job = accepted.json();
  assert.deepEqual(Object.keys(job).sort(), ['id', 'selfUri', 'status', 'type']);
  assert.equal(job.status, 'Processing');
  assert.equal(job.selfUri, `${TRADES}/${trade.id}/match/jobs/${job.id}`);
  advanceWorld(1_900);
  assert.equal((await get(job.selfUri)).json().status, 'Processing', 'not due before 2 000 world ms');
  assert.equal(harness.store.tradeById(trade.id)?.state, 'Unmatched');
  advanceWorld(200);
  const done = (await get(job.selfUri)).json();
  assert.equal(done.status, 'Complete');
  assert.equal(done.matchTradeResult.trade.state, 'Approved');
  assert.deepEqual(done.matchTradeResult.matchReview.violations, []);
  assert.equal(harness.store.tradeById(trade.id)?.state, 'Approved');
  await app.close();
});

test('a job whose version moved while it waited ends Error with a 409 ErrorBody, counted as "409 job:version"', async () => {
  const { app, harness, plan, post, get, auth, matchBody, advanceWorld, create } = await setup();
  const trade = await create();
  const job = (await post(`${TRADES}/${trade.id}/match/jobs?forceAsync=true`, matchBody(1))).json();
  // The initiating agent patches the trade meanwhile (legacy route): version 1 → 2.
  const patch = await app.inject({
    method: 'PATCH',
    url: `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades/${trade.id}`,
    headers: auth,
    payload: { metadata: { version: 1 } },
  });
  assert.equal(patch.statusCode, 200);
  advanceWorld(2_000);
  const failed = (await get(job.selfUri)).json();
  assert.equal(failed.status, 'Error');
  assert.equal(failed.matchTradeResult, undefined);
  assert.equal(failed.error.status, 409);
  assert.equal(failed.error.code, 'general.resource.conflict');
  assert.equal(harness.refusals.counts()['409 job:version'], 1);
  assert.equal(harness.store.tradeById(trade.id)?.state, 'Unmatched');
  await app.close();
});

test('a sync job that fails answers 200 with an Error job; a sync state job cancels an Unmatched trade', async () => {
  const { app, post, create } = await setup();
  const trade = await create();
  const stale = await post(`${TRADES}/${trade.id}/state/jobs`, {
    weekDate: dstParis.world.weekDate,
    state: 'Canceled',
    metadata: { version: 0 },
  });
  assert.equal(stale.statusCode, 200);
  assert.equal(stale.json().status, 'Error');
  assert.equal(stale.json().error.status, 409);
  const cancel = await post(`${TRADES}/${trade.id}/state/jobs`, {
    weekDate: dstParis.world.weekDate,
    state: 'Canceled',
    metadata: { version: 1 },
  });
  assert.equal(cancel.json().status, 'Complete');
  assert.equal(cancel.json().updateTradeStateResult.state, 'Canceled');
  assert.equal(cancel.json().updateTradeStateResult.metadata.version, 2);
  await app.close();
});

test('the bulk state job completes with a failureReason per refused entity', async () => {
  const { app, harness, plan, post, create } = await setup();
  const trade = await create();
  const url = `${WFM}/businessunits/${harness.store.tradeById(trade.id)?.businessUnitId}/shifttrading/trades/state/bulk/jobs`;
  const answer = await post(url, {
    managementUnitIds: [plan.managementUnitId],
    weekDates: [plan.weekDate],
    entities: [
      { id: trade.id, state: 'Canceled', metadata: { version: 5 } },
      { id: 'no-such-trade', state: 'Canceled', metadata: { version: 0 } },
    ],
  });
  assert.equal(answer.statusCode, 200);
  const entities = answer.json().bulkUpdateTradeStatesResult.entities;
  assert.deepEqual(
    entities.map((e: { failureReason: string }) => e.failureReason),
    ['VersionMismatch', 'TradeNotFound'],
  );
  const unknownBu = await post(`${WFM}/businessunits/nope/shifttrading/trades/state/bulk/jobs`, {
    managementUnitIds: ['x'],
    weekDates: [plan.weekDate],
    entities: [{ id: trade.id, state: 'Canceled', metadata: { version: 1 } }],
  });
  assert.equal(unknownBu.json().status, 'Error');
  assert.equal(unknownBu.json().error.status, 404);
  await app.close();
});

test(
  'only the OAuth client that started a job reads it (a new token of it too); unknown jobs and the wrong ' +
    'route are 404 ErrorBodies',
  async () => {
    const { app, post, get, login, addBody } = await setup();
    const job = (await post(`${TRADES}/jobs?forceAsync=true`, addBody)).json();
    assert.equal((await get(job.selfUri)).statusCode, 200);
    // A migration re-logs in when its token expires and must still poll the jobs it started.
    assert.equal((await get(job.selfUri, await login('first'))).statusCode, 200, 'another token of the same client');
    const other = await get(job.selfUri, await login('second'));
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().contextId, other.headers['inin-correlation-id']);
    assert.equal((await get(`${TRADES}/jobs/no-such-job`)).statusCode, 404);
    assert.equal(
      (await get(`${TRADES}/some-trade/match/jobs/${job.id}`)).statusCode,
      404,
      'an AddTrade job is not a match job',
    );
    await app.close();
  },
);

test('bad input is a 400 before any job starts', async () => {
  const { app, harness, post, addBody, matchBody } = await setup();
  const badFlag = await post(`${TRADES}/jobs?forceAsync=maybe`, addBody);
  assert.equal(badFlag.statusCode, 400);
  assert.equal(badFlag.json().details[0].fieldName, 'forceAsync');
  const noShift = await post(`${TRADES}/t/match/jobs`, { ...matchBody(0), receivingShiftId: undefined });
  assert.equal(noShift.statusCode, 400);
  const extra = await post(`${TRADES}/jobs`, { ...addBody, surprise: 1 });
  assert.equal(extra.statusCode, 400);
  assert.equal(harness.store.sizes().trades, 0);
  await app.close();
});

test('pressures.jobs.delayMs sets the delay, and job ids come from the seeded id stream', async () => {
  const slow: ScenarioSpec = { ...dstParis, pressures: { ...dstParis.pressures, jobs: { delayMs: 10_000 } } };
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const { app, post, get, addBody, advanceWorld } = await setup(slow);
    const job = (await post(`${TRADES}/jobs?forceAsync=true`, addBody)).json();
    advanceWorld(9_000);
    const early = (await get(job.selfUri)).json().status;
    advanceWorld(1_000);
    runs.push({ id: job.id, early, late: (await get(job.selfUri)).json().status });
    await app.close();
  }
  assert.deepEqual(runs[0], { id: runs[0]?.id, early: 'Processing', late: 'Complete' });
  assert.equal(runs[0]?.id, runs[1]?.id);
});
