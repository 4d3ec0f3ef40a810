/** The listening mock's request journal: every answered API request, bounded, filterable by trade and status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { RequestJournal } from '../../mock-server/http/request-journal.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

test(
  'a refused match and its retry are journaled with world time, route, cause, trade, legacy id and version; ' +
    'filters and paging work',
  async () => {
    const { app, harness } = await buildServer({
      ...mockFromScenario(dstParis, 1),
      seed: 1,
      quiet: true,
      realNowMs: () => 0,
    });
    const plan = planScenarioSwaps(harness.world, dstParis)[0];
    assert.ok(plan);
    const token = (
      await app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    ).json().access_token as string;
    const auth = { authorization: `Bearer ${token}`, 'x-harness-legacy-id': 'swap-0001' };
    const base = `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
    const trade = (
      await app.inject({
        method: 'POST',
        url: base,
        headers: auth,
        payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
      })
    ).json() as { id: string };
    const match = (version: number) =>
      app.inject({
        method: 'POST',
        url: `${base}/${trade.id}/match`,
        headers: auth,
        payload: {
          receivingScheduleId: plan.scheduleId,
          receivingShiftId: plan.receivingShiftId,
          metadata: { version },
        },
      });
    assert.equal((await match(7)).statusCode, 409);
    assert.equal((await match(1)).statusCode, 200);
    const read = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/__harness/requests${query}` })).json() as {
        entries: Array<Record<string, unknown>>;
        nextAfterSeq?: number;
        dropped: number;
      };
    const all = await read('');
    assert.deepEqual(
      all.entries.map((e) => [e['status'], e['route']]).map(([s, r]) => `${s} ${String(r).split('/').at(-1)}`),
      ['200 shifttrades', '409 match', '200 match'],
    );
    const refused = await read(`?trade=${trade.id}&status=409`);
    assert.equal(refused.entries.length, 1);
    assert.deepEqual(
      { ...refused.entries[0], seq: 0 },
      {
        seq: 0,
        atMs: Date.parse(dstParis.clock.startUtc),
        method: 'POST',
        route:
          'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId/match',
        status: 409,
        cause: 'version',
        tradeId: trade.id,
        legacyId: 'swap-0001',
        versionSent: 7,
        // realNowMs is 0 throughout, so the request arrived at the instant it was answered.
        arrivedAtMs: Date.parse(dstParis.clock.startUtc),
        write: true,
        // Open mode: the client id is whatever was sent ("a"), and this is its first login.
        principal: 'a#1',
        shiftIds: [plan.receivingShiftId],
      },
    );
    const create = all.entries[0] ?? {};
    assert.equal(create['tradeId'], trade.id, 'a create is journaled with the trade its answer created');
    assert.deepEqual(create['shiftIds'], [plan.initiatingShiftId], 'and the shift it offered');
    assert.equal((await read('?trade=swap-0001')).entries.length, 3, 'the legacy id finds the create too');
    const first = await read('?limit=2');
    assert.equal(first.entries.length, 2);
    assert.equal(
      (await read(`?after=${first.nextAfterSeq}`)).entries.length,
      1,
      'the next page starts after the cursor',
    );
    assert.equal((await app.inject({ method: 'GET', url: '/__harness/requests?status=abc' })).statusCode, 400);
    await app.inject({ method: 'POST', url: '/__harness/reset' });
    assert.equal((await read('')).entries.length, 0, 'reset clears the journal');
    await app.close();
  },
);

test('the journal is a ring: it keeps the last entries and counts what left', () => {
  const journal = new RequestJournal(3);
  for (let i = 0; i < 5; i++) journal.record({ atMs: i, method: 'GET', route: 'GET /x', status: 200 });
  assert.deepEqual(
    journal.entries().map((e) => e.atMs),
    [2, 3, 4],
  );
  assert.equal(journal.dropped, 2);
  assert.throws(() => new RequestJournal(0), /capacity must be >= 1/);
});
