import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { DST_RECONCILIATION } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

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
    payload: 'grant_type=client_credentials',
    headers: {
      authorization: `Basic ${Buffer.from('id:secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
  });
  const auth = { authorization: `Bearer ${login.json().access_token}` };
  const [plan] = planScenarioSwaps(harness.world, dstParis);
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
  const match = (tradeId: string, version: number) =>
    app.inject({
      method: 'POST',
      url: `${base}/${tradeId}/match`,
      headers: auth,
      payload: { receivingScheduleId: plan.scheduleId, receivingShiftId: plan.receivingShiftId, metadata: { version } },
    });
  const setRealMs = (ms: number) => {
    realMs = ms;
  };
  return { app, harness, plan, auth, base, create, match, setRealMs };
}

test('a stale version gets 409 and writes nothing', async () => {
  const { app, harness, create, match, plan } = await setup(true);
  const trade = (await create()).json();
  assert.equal(trade.metadata.version, 1);
  const writesBefore = harness.store.report().writes;
  const stale = await match(trade.id, 0);
  assert.equal(stale.statusCode, 409);
  const body = stale.json();
  assert.equal(body.status, 409);
  assert.equal(body.code, 'general.resource.conflict');
  assert.equal(body.contextId, stale.headers['inin-correlation-id']);
  assert.equal(harness.store.report().writes, writesBefore, 'no audit entry for a refused write');
  assert.equal(harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate)[0]?.state, 'Unmatched');
  const fresh = await match(trade.id, 1);
  assert.equal(fresh.statusCode, 200);
  assert.equal(fresh.json().trade.state, 'Approved');
  await app.close();
});

test('a write inside the DST lock window gets 409 "being modified by another process"', async () => {
  const { app, harness, plan, create, setRealMs } = await setup(false);
  // Walk real time in 1 ms steps until the reconciliation job holds the initiating agent's lock.
  let realMs = 0;
  while (harness.store.lockHolder(plan.initiatingUserId, plan.weekDate, harness.clock.nowMs()) !== DST_RECONCILIATION) {
    realMs += 1;
    setRealMs(realMs);
    assert.ok(realMs < 1000, 'the lock must come round within a second of real time at 60x');
  }
  harness.advance(); // apply the re-save that took the lock, as the request itself will
  const versionBefore = harness.store.agentScheduleVersion(plan.initiatingUserId, plan.weekDate);
  const locked = await create();
  assert.equal(locked.statusCode, 409);
  assert.equal(locked.json().message, 'The requested resource is currently being modified by another process');
  assert.equal(locked.json().code, 'general.conflict');
  assert.equal(harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate).length, 0);
  assert.equal(harness.store.agentScheduleVersion(plan.initiatingUserId, plan.weekDate), versionBefore);
  assert.equal(harness.refusals.counts()['409 locked:dst-reconciliation'], 1);
  await app.close();
});

test('the reconciliation job bumps versions of open trades, so a version read earlier goes stale', async () => {
  const { app, harness, plan, create, match, setRealMs } = await setup(false);
  let realMs = 0;
  // Find a moment when neither agent is locked, create, then let one re-save of either agent pass.
  const free = () =>
    !harness.store.lockHolder(plan.initiatingUserId, plan.weekDate, harness.clock.nowMs()) &&
    !harness.store.lockHolder(plan.receivingUserId, plan.weekDate, harness.clock.nowMs());
  while (!free()) {
    setRealMs(++realMs);
    assert.ok(realMs < 1000, 'a free moment must come within a second');
  }
  const created = await create();
  assert.equal(created.statusCode, 200);
  const trade = created.json();
  const versionAtCreate = trade.metadata.version as number;
  const currentVersion = () => harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate)[0]!.version;
  do {
    setRealMs((realMs += 5));
    harness.advance();
    assert.ok(realMs < 5000, 'a re-save must come within seconds of real time at 60x');
  } while (!free() || currentVersion() === versionAtCreate);
  const stale = await match(trade.id, versionAtCreate);
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().code, 'general.resource.conflict');
  const history = harness.store.report().versionHistory[`trade:${trade.id}`] ?? [];
  assert.ok(
    history.some((entry) => entry.by === DST_RECONCILIATION),
    'the bump came from the reconciliation job',
  );
  await app.close();
});

test('requests without a valid bearer token get 401 with a Genesys ErrorBody', async () => {
  const { app, base } = await setup(true);
  const res = await app.inject({ method: 'GET', url: base, headers: { authorization: 'Bearer nope' } });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().code, 'authentication.required');
  assert.equal(res.json().contextId, res.headers['inin-correlation-id']);
  await app.close();
});

test('unknown body fields and a missing metadata.version are 400s that name the field', async () => {
  const { app, auth, base, create } = await setup(true);
  const trade = (await create()).json();
  const missing = await app.inject({
    method: 'POST',
    url: `${base}/${trade.id}/match`,
    headers: auth,
    payload: { receivingScheduleId: 'x', receivingShiftId: 'y' },
  });
  assert.equal(missing.statusCode, 400);
  assert.ok(missing.json().details.some((d: { fieldName: string }) => d.fieldName === 'metadata'));
  const unknown = await app.inject({
    method: 'POST',
    url: base,
    headers: auth,
    payload: { scheduleId: 'a', initiatingShiftId: 'b', bogus: 1 },
  });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().message, /bogus/);
  await app.close();
});

test('the control API serves the world, resets state and moves the clock', async () => {
  const { app, harness, create, plan } = await setup(true);
  const world = (await app.inject({ method: 'GET', url: '/__harness/world' })).json();
  assert.equal(
    world.agents.length,
    dstParis.world.businessUnits.flatMap((bu) => bu.managementUnits).reduce((n, u) => n + u.agents, 0),
  );
  assert.deepEqual(world.weeks, ['2027-03-22', '2027-03-29']);
  assert.equal(world.managementUnits[0].timeZone, 'Europe/Paris');
  assert.equal(world.managementUnits[0].dstTransitions[0].atUtc, '2027-03-28T01:00:00.000Z');
  await create();
  assert.equal(harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate).length, 1);
  await app.inject({ method: 'POST', url: '/__harness/reset' });
  assert.equal(harness.store.tradesOfWeek(plan.managementUnitId, plan.weekDate).length, 0);
  const moved = await app.inject({
    method: 'PUT',
    url: '/__harness/clock',
    payload: { worldTime: '2027-10-31T00:30:00.000Z', speed: 10 },
  });
  assert.deepEqual(moved.json(), { worldTime: '2027-10-31T00:30:00.000Z', speed: 10 });
  const bad = await app.inject({ method: 'PUT', url: '/__harness/clock', payload: { speed: -3 } });
  assert.equal(bad.statusCode, 400);
  await app.close();
});
