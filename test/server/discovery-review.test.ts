/** Discovery routes, search and state/bulk of the Genesys profile, over the dst-paris world. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';

/** dst-paris with the Paris unit's auto-review off, so matched trades wait for an administrator. */
const manualReview: ScenarioSpec = {
  ...dstParis,
  world: {
    ...dstParis.world,
    businessUnits: dstParis.world.businessUnits.map((bu) => ({
      ...bu,
      managementUnits: bu.managementUnits.map((u) => ({ ...u, shiftTrading: { autoReview: false } })),
    })),
  },
};

async function setup(scenario: ScenarioSpec = dstParis) {
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, 4),
    seed: 4,
    quiet: true,
    realNowMs: () => 0,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const headers = { authorization: `Bearer ${login.json().access_token}` };
  const get = async (url: string) => app.inject({ method: 'GET', url, headers });
  const post = async (url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers, payload: payload as object });
  const plans = planScenarioSwaps(harness.world, scenario);
  return { app, harness, get, post, plans };
}

test('discovery walks from business units to an agent schedule version, as a migration script does', async () => {
  const { app, harness, get, post, plans } = await setup();
  const plan = plans[0]!;
  const bus = (await get(`${WFM}/businessunits`)).json().entities as Array<{ id: string; name: string }>;
  assert.deepEqual(
    bus.map((b) => b.name),
    ['Europe Support', 'Americas Support'],
  );
  const unit = (await get(`${WFM}/managementunits/${plan.managementUnitId}`)).json();
  assert.equal(unit.settings.timeZone, 'Europe/Paris');
  assert.equal(unit.settings.shiftTrading.unequalPaid, 'Disallow');
  const units = (await get(`${WFM}/businessunits/${unit.businessUnit.id}/managementunits`)).json().entities as Array<{
    id: string;
  }>;
  assert.ok(units.some((u) => u.id === plan.managementUnitId));
  const schedules = (await get(`${WFM}/businessunits/${unit.businessUnit.id}/weeks/${plan.weekDate}/schedules`)).json()
    .entities as Array<{ id: string; metadata: { version: number } }>;
  assert.deepEqual(
    schedules.map((s) => s.id),
    [plan.scheduleId],
  );
  const one = (
    await get(`${WFM}/businessunits/${unit.businessUnit.id}/weeks/${plan.weekDate}/schedules/${plan.scheduleId}`)
  ).json();
  assert.equal(one.metadata.version, 1);
  const query = await post(
    `${WFM}/businessunits/${unit.businessUnit.id}/weeks/${plan.weekDate}/schedules/${plan.scheduleId}/agentschedules/query`,
    { managementUnitId: plan.managementUnitId, userIds: [plan.initiatingUserId] },
  );
  assert.equal(query.statusCode, 200, query.body);
  const [agent] = query.json().result.agentSchedules as Array<{
    user: { id: string };
    shifts: Array<{ id: string }>;
    metadata: { version: number };
  }>;
  assert.equal(agent?.user.id, plan.initiatingUserId);
  assert.ok(agent?.shifts.some((s) => s.id === plan.initiatingShiftId));
  assert.equal(agent?.metadata.version, harness.store.agentScheduleVersion(plan.initiatingUserId, plan.weekDate));
  // Unknown ids are 404 ErrorBodies; a Chicago unit is not in the Europe business unit's query.
  assert.equal((await get(`${WFM}/businessunits/nope`)).statusCode, 404);
  const chicago = harness.world.managementUnits.find((u) => u.timeZone === 'America/Chicago')!;
  const wrong = await post(
    `${WFM}/businessunits/${unit.businessUnit.id}/weeks/${plan.weekDate}/schedules/${plan.scheduleId}/agentschedules/query`,
    { managementUnitId: chicago.id },
  );
  assert.equal(wrong.statusCode, 404);
  assert.equal(wrong.json().contextId, wrong.headers['inin-correlation-id']);
  await app.close();
});

test('an approved swap bumps both agent schedules and the business-unit schedule version', async () => {
  const { app, harness, post, plans } = await setup();
  const plan = plans[0]!;
  const base = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const created = (await post(base, { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId })).json();
  const matched = await post(`${base}/${created.id}/match`, {
    receivingScheduleId: plan.scheduleId,
    receivingShiftId: plan.receivingShiftId,
    metadata: { version: created.metadata.version },
  });
  assert.equal(matched.json().trade.state, 'Approved');
  assert.equal(harness.store.agentScheduleVersion(plan.initiatingUserId, plan.weekDate), 2);
  assert.equal(harness.store.agentScheduleVersion(plan.receivingUserId, plan.weekDate), 2);
  assert.equal(harness.store.scheduleVersion(plan.scheduleId), 3);
  await app.close();
});

test('search lists the open trades a receiving agent could match, with the match review for a shift', async () => {
  const { app, post, plans } = await setup();
  const [a, b] = plans;
  const base = `${WFM}/managementunits/${a!.managementUnitId}/weeks/${a!.weekDate}/shifttrades`;
  await post(base, { scheduleId: a!.scheduleId, initiatingShiftId: a!.initiatingShiftId });
  const found = await post(`${base}/search`, {
    receivingScheduleId: a!.scheduleId,
    receivingUserId: a!.receivingUserId,
    receivingShiftIds: [a!.receivingShiftId],
  });
  assert.equal(found.statusCode, 200);
  const trades = found.json().trades as Array<{
    trade: { initiatingShiftId: string };
    matchReview: { violations: unknown[] };
  }>;
  assert.equal(trades.length, 1);
  assert.equal(trades[0]?.trade.initiatingShiftId, a!.initiatingShiftId);
  assert.deepEqual(trades[0]?.matchReview.violations, []);
  // The initiator does not see their own trade as one to match.
  const own = await post(`${base}/search`, {
    receivingScheduleId: a!.scheduleId,
    receivingUserId: a!.initiatingUserId,
  });
  assert.deepEqual(own.json().trades, []);
  assert.equal((await post(`${base}/search`, { receivingScheduleId: b!.scheduleId, bogus: 1 })).statusCode, 400);
  await app.close();
});

test('state/bulk: administrators approve a matched trade, refuse an illegal transition and a stale version, per entity', async () => {
  const { app, harness, post, plans } = await setup(manualReview);
  const [a, b] = plans;
  const base = `${WFM}/managementunits/${a!.managementUnitId}/weeks/${a!.weekDate}/shifttrades`;
  const first = (await post(base, { scheduleId: a!.scheduleId, initiatingShiftId: a!.initiatingShiftId })).json();
  const matched = (
    await post(`${base}/${first.id}/match`, {
      receivingScheduleId: a!.scheduleId,
      receivingShiftId: a!.receivingShiftId,
      metadata: { version: 1 },
    })
  ).json();
  assert.equal(matched.trade.state, 'Matched', 'auto-review off: the match waits for an administrator');
  const bBase = `${WFM}/managementunits/${b!.managementUnitId}/weeks/${b!.weekDate}/shifttrades`;
  const second = (await post(bBase, { scheduleId: b!.scheduleId, initiatingShiftId: b!.initiatingShiftId })).json();
  const bulk = await post(`${base}/state/bulk`, {
    entities: [
      { id: first.id, state: 'Approved', metadata: { version: 2 } },
      { id: 'missing', state: 'Canceled', metadata: { version: 1 } },
    ],
  });
  assert.equal(bulk.statusCode, 200, bulk.body);
  const [approved, missing] = bulk.json().result.entities;
  assert.equal(approved.state, 'Approved');
  assert.equal(approved.metadata.version, 3);
  assert.equal(missing.failureReason, 'TradeNotFound');
  assert.equal(
    harness.store.ownerOfShift(a!.initiatingShiftId)?.agentId,
    a!.receivingUserId,
    'approval swapped the shifts',
  );
  const again = (
    await post(`${base}/state/bulk`, { entities: [{ id: first.id, state: 'Denied', metadata: { version: 3 } }] })
  ).json();
  assert.equal(again.result.entities[0].failureReason, 'TransitionNotAllowed');
  const stale = (
    await post(`${bBase}/state/bulk`, { entities: [{ id: second.id, state: 'Canceled', metadata: { version: 0 } }] })
  ).json();
  assert.equal(stale.result.entities[0].failureReason, 'VersionMismatch');
  // forceAsync: Processing now, the notification payload at the control API.
  const asyncRes = (
    await post(`${bBase}/state/bulk?forceAsync=true`, {
      entities: [{ id: second.id, state: 'Canceled', metadata: { version: 1 } }],
    })
  ).json();
  assert.equal(asyncRes.status, 'Processing');
  const note = (await app.inject({ method: 'GET', url: `/__harness/operations/${asyncRes.operationId}` })).json();
  assert.equal(note.result.entities[0].state, 'Canceled');
  assert.equal(harness.store.tradeById(second.id)?.state, 'Canceled');
  const report = harness.store.report();
  assert.equal(report.lostUpdates, 0);
  assert.equal(report.nonMonotonicVersions, 0);
  await app.close();
});
