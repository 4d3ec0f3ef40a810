/** GET /metrics: Prometheus text from a per-server prom-client Registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../mock-server/http/server.ts';
import type { Harness } from '../../mock-server/http/harness.ts';
import { DST_RECONCILIATION } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WEEK_TRADES = '/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades';

/** The value of one sample in Prometheus text format whose labels include every given label. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .flatMap((line) => {
      const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
      const found = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return Object.entries(labels).every(([k, v]) => found[k] === v)
        ? [Number(line.slice(line.lastIndexOf(' ') + 1))]
        : [];
    });
}

function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = samples(text, name, labels);
  assert.equal(found.length, 1, `exactly one ${name} ${JSON.stringify(labels)}`);
  return found[0] ?? NaN;
}

async function setup(quiet: boolean) {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(dstParis, 7),
    seed: 7,
    quiet,
    realNowMs: () => realMs,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const auth = { authorization: `Bearer ${(login.json() as { access_token: string }).access_token}` };
  const plan = planScenarioSwaps(harness.world, dstParis)[0];
  assert.ok(plan);
  const base = `/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const create = () =>
    app.inject({
      method: 'POST',
      url: base,
      headers: auth,
      payload: {
        scheduleId: plan.scheduleId,
        initiatingShiftId: plan.initiatingShiftId,
        receivingUserId: plan.receivingUserId,
      },
    });
  return {
    app,
    harness,
    auth,
    plan,
    base,
    create,
    stepRealMs: (ms: number) => {
      realMs += ms;
    },
  };
}

async function metricsText(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return res.body;
}

test('/metrics counts requests by route, status and cause after some requests', async () => {
  const { app, auth, plan, base, create } = await setup(true);
  const trade = (await create()).json() as { id: string };
  const stale = await app.inject({
    method: 'POST',
    url: `${base}/${trade.id}/match`,
    headers: auth,
    payload: {
      receivingScheduleId: plan.scheduleId,
      receivingShiftId: plan.receivingShiftId,
      metadata: { version: 0 },
    },
  });
  assert.equal(stale.statusCode, 409);
  await app.inject({
    method: 'POST',
    url: base,
    headers: { ...auth, 'content-type': 'application/json' },
    payload: '{"scheduleId": ',
  });
  await app.inject({ method: 'GET', url: '/no/such/route' });
  await app.inject({ method: 'GET', url: base, headers: { authorization: 'Bearer wrong' } });
  await app.inject({ method: 'GET', url: '/api/v2/%E0%A4%A' });
  const text = await metricsText(app);

  assert.equal(
    sample(text, 'wfm_mock_requests_total', { method: 'POST', route: WEEK_TRADES, status: '200', cause: 'none' }),
    1,
  );
  assert.equal(
    sample(text, 'wfm_mock_requests_total', {
      method: 'POST',
      route: `${WEEK_TRADES}/:tradeId/match`,
      status: '409',
      cause: 'version',
    }),
    1,
  );
  assert.equal(
    sample(text, 'wfm_mock_requests_total', {
      method: 'POST',
      route: WEEK_TRADES,
      status: '400',
      cause: 'invalid-json',
    }),
    1,
  );
  assert.equal(
    sample(text, 'wfm_mock_requests_total', { route: '(unmatched)', status: '404', cause: 'route-not-found' }),
    1,
  );
  assert.equal(
    sample(text, 'wfm_mock_requests_total', {
      method: 'GET',
      route: WEEK_TRADES,
      status: '401',
      cause: 'unauthorized',
    }),
    1,
  );
  // Routed outside the hooks (frameworkErrors), so counted by hand: must be exactly once.
  assert.equal(sample(text, 'wfm_mock_requests_total', { status: '400', cause: 'bad-url' }), 1);
  assert.equal(sample(text, 'wfm_mock_requests_total', { route: '/oauth/token', status: '200' }), 1);
  // Two POSTs reached the create route (one accepted, one with bad JSON): the duration histogram saw both.
  assert.equal(
    sample(text, 'wfm_mock_request_duration_seconds_count', { route: WEEK_TRADES }),
    samples(text, 'wfm_mock_requests_total', { route: WEEK_TRADES }).reduce((a, b) => a + b, 0),
  );
  assert.ok(sample(text, 'wfm_mock_world_time_seconds') * 1000 >= Date.parse(dstParis.clock.startUtc));
  await app.close();
});

test('a write in a DST lock window is counted as 409 locked:dst-reconciliation, beside the re-saves and lock hold times', async () => {
  const { app, harness, plan, create, stepRealMs } = await setup(false);
  let steps = 0;
  while (harness.store.lockHolder(plan.initiatingUserId, plan.weekDate, harness.clock.nowMs()) !== DST_RECONCILIATION) {
    stepRealMs(1);
    assert.ok(++steps < 1000, 'the lock comes round within a second of real time at 60x');
  }
  assert.equal((await create()).statusCode, 409);
  const audit = (await app.inject({ method: 'GET', url: '/__harness/audit' })).json() as {
    versionHistory: Record<string, Array<{ by: string }>>;
  };
  // Each re-save event of the job bumps the agent's schedule of every week the transition moves; count
  // the events once, by the week of the transition (the world's first week).
  const resaves = Object.entries(audit.versionHistory)
    .filter(([key]) => key.startsWith('agentSchedule:') && key.endsWith(`/${harness.world.weeks[0]}`))
    .reduce((n, [, history]) => n + history.filter((entry) => entry.by === DST_RECONCILIATION).length, 0);
  assert.ok(resaves > 0, 'the job re-saved schedules before the lock was hit');
  const text = await metricsText(app);
  assert.equal(sample(text, 'wfm_mock_requests_total', { status: '409', cause: 'locked:dst-reconciliation' }), 1);
  assert.equal(sample(text, 'wfm_mock_background_resaves_total', { by: DST_RECONCILIATION }), resaves);
  const holdS = (dstParis.pressures.dstReconciliation?.holdMs ?? NaN) / 1000;
  assert.equal(sample(text, 'wfm_mock_lock_hold_seconds_count', { holder: DST_RECONCILIATION }), resaves);
  assert.equal(sample(text, 'wfm_mock_lock_hold_seconds_sum', { holder: DST_RECONCILIATION }), resaves * holdS);
  await app.close();
});

test("each server has its own registry: requests to one never show in the other's /metrics", async () => {
  const first = await setup(true);
  const second = await setup(true);
  for (let i = 0; i < 3; i++) await first.app.inject({ method: 'GET', url: '/nowhere' });
  assert.equal(
    sample(await metricsText(first.app), 'wfm_mock_requests_total', { route: '(unmatched)', status: '404' }),
    3,
  );
  assert.deepEqual(
    samples(await metricsText(second.app), 'wfm_mock_requests_total', { route: '(unmatched)', status: '404' }),
    [],
  );
  await Promise.all([first.app.close(), second.app.close()]);
});

test('every response carries ININ-Correlation-Id, successes and control routes included', async () => {
  const { app, create } = await setup(true);
  const responses = [
    await create(),
    await app.inject({ method: 'GET', url: '/__harness/world' }),
    await app.inject({ method: 'GET', url: '/metrics' }),
    await app.inject({
      method: 'PUT',
      url: '/__harness/clock',
      payload: 'nope',
      headers: { 'content-type': 'text/plain' },
    }),
  ];
  const ids = responses.map((res) => res.headers['inin-correlation-id']);
  for (const id of ids) assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(ids).size, ids.length, 'one id per response');
  assert.equal((responses[3]?.json() as { contextId: string }).contextId, ids[3]);
  await app.close();
});
