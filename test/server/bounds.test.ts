/**
 * Every store that grows with traffic stays within its bound (docs/mock-server.md "Bounded memory"), checked at small
 * configured limits, and the audit's invariant counters stay exact after trades and entries are dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';
const TRADES = `${WFM}/shifttrading/trades`;
const LIMITS = {
  maxClosedTrades: 5,
  closedTradeRetentionMs: 3_600_000,
  maxFinishedJobs: 4,
  finishedJobRetentionMs: 60_000,
  maxAuditEntries: 7,
  maxOperations: 2,
};

async function setup() {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(dstParis, 7),
    seed: 7,
    quiet: true,
    realNowMs: () => realMs,
    retention: LIMITS,
    maxTokens: 3,
  });
  const grant = async () =>
    (
      await app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    ).json().access_token as string;
  const token = await grant();
  const headers = { authorization: `Bearer ${token}` };
  const [plan] = planScenarioSwaps(harness.world, dstParis);
  assert.ok(plan);
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  const addBody = {
    initiatingShift: { id: plan.initiatingShiftId, schedule: { id: plan.scheduleId }, weekDate: plan.weekDate },
  };
  /** Create and cancel one trade (2 audit entries): a closed trade each time. */
  const createCancel = async () => {
    const created = await post(`${TRADES}/jobs`, addBody);
    assert.equal(created.statusCode, 200, created.body);
    const id = created.json().addTradeResult.id as string;
    const canceled = await post(`${TRADES}/${id}/state/jobs`, {
      weekDate: plan.weekDate,
      state: 'Canceled',
      metadata: { version: 1 },
    });
    assert.equal(canceled.statusCode, 200, canceled.body);
    return id;
  };
  const advanceRealMs = (ms: number) => {
    realMs += ms;
  };
  return { app, harness, grant, headers, plan, post, createCancel, advanceRealMs };
}

test('closed trades beyond maxClosedTrades are dropped, oldest first, and the audit counts stay exact', async () => {
  const { app, harness, createCancel } = await setup();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await createCancel());
  const sizes = harness.store.sizes();
  assert.equal(sizes['trades'], 5);
  assert.equal(sizes['closedTrades'], 5);
  assert.equal(sizes['auditEntries'], 7);
  assert.equal(harness.store.tradeById(ids[0] as string), undefined, 'the first trade is gone');
  assert.ok(harness.store.tradeById(ids[11] as string), 'the last trade is kept');
  const summary = (await app.inject({ method: 'GET', url: '/__harness/audit?view=summary' })).json();
  assert.equal(summary.writes, 24, 'every write counted, though 7 entries are kept');
  assert.deepEqual(summary.tradesByState, { Canceled: 12 });
  assert.equal(summary.nonMonotonicVersions, 0);
  assert.equal(summary.lostUpdates, 0);
  assert.equal(summary.versionHistory, undefined, 'the summary view has no history');
  await app.close();
});

test('a closed trade is dropped after closedTradeRetentionMs of world time', async () => {
  const { app, harness, createCancel, advanceRealMs } = await setup();
  const id = await createCancel();
  advanceRealMs(3_600_000 / dstParis.clock.speed + 1);
  await app.inject({ method: 'GET', url: '/__harness/stats' });
  assert.equal(harness.store.tradeById(id), undefined);
  assert.equal(harness.store.sizes()['trades'], 0);
  assert.equal(harness.store.summary().tradesByState['Canceled'], 1, 'still counted after it was dropped');
  await app.close();
});

test('finished forceAsync jobs are bounded in count and dropped after finishedJobRetentionMs; a dropped job reads 404', async () => {
  const { app, harness, headers, plan, post, advanceRealMs } = await setup();
  const jobs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const answer = await post(`${TRADES}/missing-${i}/state/jobs?forceAsync=true`, {
      weekDate: plan.weekDate,
      state: 'Canceled',
      metadata: { version: 1 },
    });
    assert.equal(answer.statusCode, 202, answer.body);
    jobs.push(answer.json().selfUri as string);
  }
  advanceRealMs(10_000 / dstParis.clock.speed);
  await app.inject({ method: 'GET', url: '/__harness/stats' });
  assert.equal(harness.store.sizes().jobs, 4);
  assert.equal((await app.inject({ method: 'GET', url: jobs[0] as string, headers })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: jobs[9] as string, headers })).statusCode, 200);
  advanceRealMs(60_000 / dstParis.clock.speed);
  const stats = (await app.inject({ method: 'GET', url: '/__harness/stats' })).json();
  assert.equal(stats.jobs, 0);
  await app.close();
});

test('tokens beyond maxTokens are dropped oldest first; the dropped one gets 401', async () => {
  const { app, harness, grant, headers, plan } = await setup();
  for (let i = 0; i < 5; i++) await grant();
  assert.equal(harness.auth.size, 3);
  const url = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  assert.equal((await app.inject({ method: 'GET', url, headers })).statusCode, 401, 'the first token was dropped');
  assert.equal(
    (await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await grant()}` } })).statusCode,
    200,
  );
  await app.close();
});

test('the audit reads in pages: limit and cursor walk the retained entries oldest first', async () => {
  const { app, createCancel } = await setup();
  for (let i = 0; i < 5; i++) await createCancel();
  const first = (await app.inject({ method: 'GET', url: '/__harness/audit?limit=4' })).json();
  assert.equal(first.writes, 10);
  assert.equal(first.oldestSeq, 3, '7 of 10 entries retained');
  assert.deepEqual(
    first.entries.map((e: { seq: number }) => e.seq),
    [3, 4, 5, 6],
  );
  const second = (
    await app.inject({ method: 'GET', url: `/__harness/audit?limit=4&cursor=${first.nextCursor}` })
  ).json();
  assert.deepEqual(
    second.entries.map((e: { seq: number }) => e.seq),
    [7, 8, 9],
  );
  assert.equal(second.nextCursor, undefined, 'the last page has no cursor');
  for (const bad of ['limit=0', 'limit=1001', 'cursor=-1', 'limit=x', 'view=full']) {
    const answer = await app.inject({ method: 'GET', url: `/__harness/audit?${bad}` });
    assert.equal(answer.statusCode, 400, bad);
    assert.equal(answer.json().code, 'bad.request');
  }
  await app.close();
});
