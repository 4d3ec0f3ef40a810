/**
 * What observe reads from the mock (src/observe): the journal keeps who sent a request and the ids it
 * named, and GET /__harness/run and /__harness/trades serve the run and the trades, to a harness admin only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';

const CLIENTS = [
  { clientId: 'client', clientSecret: 'c', scopes: ['workforce-management' as const], tokenTtlS: 3600 },
  {
    clientId: 'admin',
    clientSecret: 'a',
    scopes: ['workforce-management' as const],
    tokenTtlS: 3600,
    harnessAdmin: true,
  },
];
const WFM = '/api/v2/workforcemanagement';

async function setup(scenario: ScenarioSpec = dstParis, quiet = false) {
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, 3),
    seed: 3,
    quiet,
    clients: CLIENTS,
    realNowMs: () => 0,
    label: scenario.name,
  });
  const login = async (id: string, secret: string) =>
    `Bearer ${
      (
        await app.inject({
          method: 'POST',
          url: '/oauth/token',
          payload: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).json().access_token
    }`;
  const client = await login('client', 'c');
  const admin = await login('admin', 'a');
  const plans = planScenarioSwaps(harness.world, scenario);
  const journal = async () =>
    (
      await app.inject({ method: 'GET', url: '/__harness/requests?limit=1000', headers: { authorization: admin } })
    ).json().entries as Array<Record<string, unknown>>;
  return { app, harness, client, admin, plans, journal, login };
}

test("the journal keeps the sender's login, an agent read's agent, a job's id and trade, and a compat If-Match version", async () => {
  const { app, client, plans, journal, login } = await setup();
  const plan = plans[0];
  assert.ok(plan);
  const headers = { authorization: client };
  await app.inject({
    method: 'GET',
    url: `${WFM}/managementunits/${plan.managementUnitId}/agents/${plan.initiatingUserId}/shifttrades`,
    headers,
  });
  const job = await app.inject({
    method: 'POST',
    url: `${WFM}/shifttrading/trades/jobs`,
    headers: { ...headers, authorization: await login('client', 'c') },
    payload: {
      initiatingShift: { id: plan.initiatingShiftId, schedule: { id: plan.scheduleId }, weekDate: plan.weekDate },
      target: { userId: plan.receivingUserId },
    },
  });
  const tradeId = job.json().addTradeResult.id as string;
  const etagRead = await app.inject({ method: 'GET', url: `/api/v2/wfm/scheduling/shifts/${tradeId}`, headers });
  await app.inject({
    method: 'PUT',
    url: `/api/v2/wfm/scheduling/shifts/${tradeId}`,
    headers: { ...headers, 'if-match': String(etagRead.headers['etag']) },
    payload: { status: 'CANCELLED' },
  });
  const [read, started, , put] = await journal();
  assert.equal(read?.['agentId'], plan.initiatingUserId);
  assert.equal(read?.['principal'], 'client#1');
  assert.equal(read?.['write'], undefined, 'a read is not a write');
  assert.equal(started?.['principal'], 'client#2', "the client's second login");
  assert.deepEqual([started?.['jobId'] !== undefined, started?.['tradeId']], [true, tradeId]);
  assert.deepEqual(started?.['shiftIds'], [plan.initiatingShiftId]);
  assert.equal(put?.['versionSent'], 1, "If-Match's ETag, as the version the PUT sent");
  assert.equal(put?.['tradeId'], tradeId);
  await app.close();
});

test('an API request Fastify refuses before its route runs, or that matches no route, is journaled too', async () => {
  const { app, client, plans, journal } = await setup(dstParis, true);
  const plan = plans[0];
  assert.ok(plan);
  const week = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  await app.inject({
    method: 'POST',
    url: `${week}/some-trade/match`,
    headers: { authorization: client, 'content-type': 'application/json' },
    payload: '{not json',
  });
  await app.inject({ method: 'GET', url: `${WFM}/no-such-route`, headers: { authorization: client } });
  await app.inject({ method: 'GET', url: '/__harness/stats' });
  assert.deepEqual(
    (await journal()).map((e) => [e['status'], e['route'], e['cause'], e['tradeId']]),
    [
      [
        400,
        `POST ${WFM}/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId/match`,
        'invalid-json',
        'some-trade',
      ],
      [404, 'GET (unmatched)', 'route-not-found', undefined],
    ],
    'the control call is not journaled',
  );
  await app.close();
});

test('a 429 is journaled with the Retry-After it gave', async () => {
  const limited: ScenarioSpec = {
    ...dstParis,
    pressures: { ...dstParis.pressures, rateLimits: { perTokenPerMinute: 2 } },
  };
  const { app, client, journal } = await setup(limited);
  for (let i = 0; i < 3; i++)
    await app.inject({ method: 'GET', url: `${WFM}/businessunits`, headers: { authorization: client } });
  const entries = await journal();
  assert.deepEqual(
    entries.map((e) => [e['status'], e['retryAfterS']]),
    [
      [200, undefined],
      [200, undefined],
      // The clock stands still (realNowMs 0): one token a world-minute / 2 refills in 30 world-s.
      [429, 30],
    ],
  );
  assert.equal(entries[2]?.['cause'], 'rate:token');
  await app.close();
});

test('GET /__harness/run and /__harness/trades: the label, logins per client, and every trade, paged; admins only', async () => {
  // Quiet: no reconciliation lock refuses a create, so all three exist.
  const { app, client, admin, plans } = await setup(dstParis, true);
  const created: string[] = [];
  for (const plan of plans.slice(0, 3)) {
    const answer = await app.inject({
      method: 'POST',
      url: `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`,
      headers: { authorization: client, 'x-harness-legacy-id': plan.legacyId },
      payload: { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId },
    });
    created.push(answer.json().id);
  }
  const get = (url: string, authorization = admin) => app.inject({ method: 'GET', url, headers: { authorization } });
  const run = (await get('/__harness/run')).json();
  assert.equal(run.label, 'dst-paris');
  assert.deepEqual(run.oauth.loginsByClient, { client: 1, admin: 1 });
  assert.deepEqual(run.journal, { held: 3, dropped: 0, capacity: 50_000 });
  assert.deepEqual([run.seed, run.clock.startUtc], [3, dstParis.clock.startUtc]);
  const first = (await get('/__harness/trades?limit=2')).json();
  assert.deepEqual(
    first.trades.map((t: { id: string }) => t.id),
    created.slice(0, 2),
  );
  const second = (await get(`/__harness/trades?limit=2&after=${first.nextAfter}`)).json();
  assert.deepEqual(
    second.trades.map((t: { id: string; legacyId: string }) => [t.id, t.legacyId]),
    [[created[2], plans[2]?.legacyId]],
  );
  assert.equal(second.nextAfter, undefined);
  assert.equal((await get('/__harness/trades?limit=0')).statusCode, 400);
  assert.equal((await get('/__harness/trades?after=nope')).statusCode, 400);
  for (const url of ['/__harness/run', '/__harness/trades'])
    assert.equal((await get(url, client)).statusCode, 403, `${url} is not for the client under observation`);
  await app.close();
});
