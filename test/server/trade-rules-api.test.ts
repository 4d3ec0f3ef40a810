/** Shift-trading settings enforced over the API: refusals name the rule; expirations land on the world clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { generateWorld } from '../../src/world/generate.ts';
import type { ShiftTradingSettings } from '../../mock-server/domain/world.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const WFM = '/api/v2/workforcemanagement';

function withTrading(shiftTrading: Partial<ShiftTradingSettings>): ScenarioSpec {
  return {
    ...dstParis,
    world: {
      ...dstParis.world,
      businessUnits: dstParis.world.businessUnits.map((bu) => ({
        ...bu,
        managementUnits: bu.managementUnits.map((u) => ({ ...u, shiftTrading })),
      })),
    },
  };
}

async function setup(scenario: ScenarioSpec) {
  let realMs = 0;
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, 5),
    seed: 5,
    quiet: true,
    realNowMs: () => realMs,
  });
  const token = (
    await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).json().access_token;
  const headers = { authorization: `Bearer ${token}` };
  // Settings do not change the generated world, so dst-paris's plan is valid in every variant.
  const plan = planScenarioSwaps(generateWorld(dstParis.world, 5), dstParis)[0]!;
  const base = `${WFM}/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  return {
    app,
    harness,
    plan,
    base,
    post,
    setRealMs: (ms: number) => {
      realMs = ms;
    },
  };
}

test('a shift that has started cannot be offered (minHoursInFuture), and the refusal names the rule', async () => {
  const { app, harness, post } = await setup(dstParis);
  const unit = harness.world.managementUnits[0]!;
  const past = harness.world.agents
    .find((a) => a.managementUnitId === unit.id)!
    .shifts.find((s) => Date.parse(s.startDate) < harness.clock.nowMs())!;
  const schedule = harness.world.schedules.find(
    (s) => s.businessUnitId === unit.businessUnitId && s.weekDate === past.weekDate,
  )!;
  const res = await post(`${WFM}/managementunits/${unit.id}/weeks/${past.weekDate}/shifttrades`, {
    scheduleId: schedule.id,
    initiatingShiftId: past.id,
  });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'wfm.shift.trade.rule.violation');
  assert.equal(res.json().details[0].errorCode, 'InitiatingShiftStartTooClose');
  await app.close();
});

test('direct trades can be switched off; trading can be switched off', async () => {
  const direct = await setup(withTrading({ allowDirectTrades: false }));
  const res = await direct.post(direct.base, {
    scheduleId: direct.plan.scheduleId,
    initiatingShiftId: direct.plan.initiatingShiftId,
    receivingUserId: direct.plan.receivingUserId,
  });
  assert.equal(res.json().details[0].errorCode, 'DirectTradeForOtherUser');
  await direct.app.close();
  const off = await setup(withTrading({ enabled: false }));
  const refused = await off.post(off.base, {
    scheduleId: off.plan.scheduleId,
    initiatingShiftId: off.plan.initiatingShiftId,
  });
  assert.equal(refused.json().details[0].errorCode, 'ShiftTradingNotEnabled');
  await off.app.close();
});

test('an unmatched trade expires at its expiration on the world clock, as a background write', async () => {
  const { app, harness, plan, base, post, setRealMs } = await setup(dstParis);
  const expiration = new Date(harness.clock.nowMs() + 60_000).toISOString();
  const trade = (
    await post(base, { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId, expiration })
  ).json();
  assert.equal(trade.expiration, expiration);
  const realMsFor60WorldS = 60_000 / harness.clock.state().speed;
  setRealMs(realMsFor60WorldS - 1); // just short of 60 world-s: not yet
  harness.advance();
  assert.equal(harness.store.tradeById(trade.id)?.state, 'Unmatched');
  setRealMs(realMsFor60WorldS);
  harness.advance();
  assert.equal(harness.store.tradeById(trade.id)?.state, 'Expired');
  const late = await post(`${base}/${trade.id}/match`, {
    receivingScheduleId: plan.scheduleId,
    receivingShiftId: plan.receivingShiftId,
    metadata: { version: 2 },
  });
  assert.equal(late.statusCode, 400);
  assert.equal(late.json().code, 'wfm.shift.trade.invalid.state.transition');
  assert.equal(harness.store.report().nonMonotonicVersions, 0);
  await app.close();
});

test('a match that breaks a rule answers 200 with violations and leaves the trade Unmatched', async () => {
  const { app, harness, base, plan, post } = await setup(dstParis);
  const unit = harness.world.managementUnits[0]!;
  const initiator = harness.world.agents.find((a) => a.id === plan.initiatingUserId)!;
  const other = harness.world.agents.find(
    (a) =>
      a.managementUnitId === unit.id &&
      a.id !== initiator.id &&
      (a.skills.join() !== initiator.skills.join() || a.languages.join() !== initiator.languages.join()),
  )!;
  const theirs = other.shifts.find(
    (s) => s.weekDate === plan.weekDate && Date.parse(s.startDate) > harness.clock.nowMs(),
  )!;
  const trade = (await post(base, { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId })).json();
  const res = await post(`${base}/${trade.id}/match`, {
    receivingScheduleId: plan.scheduleId,
    receivingShiftId: theirs.id,
    metadata: { version: 1 },
  });
  assert.equal(res.statusCode, 200);
  assert.ok((res.json().violations as Array<{ type: string }>).some((v) => v.type === 'AgentCapabilityMismatch'));
  assert.equal(res.json().trade.state, 'Unmatched');
  assert.equal(harness.store.tradeById(trade.id)?.version, 1);
  await app.close();
});
