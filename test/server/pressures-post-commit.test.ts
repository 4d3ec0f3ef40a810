/** Post-commit recalculation: both agents' schedules of the traded weeks locked R after an approval, then re-saved once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStore } from '../../mock-server/domain/build-store.ts';
import { POST_COMMIT, POST_COMMIT_DEFAULTS } from '../../mock-server/domain/pressures/post-commit.ts';
import type { WfmStore } from '../../mock-server/domain/store.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import { PUBLISH_MS, WEEK, harnessFor, scenarioWith } from './support/pressures.ts';

const R = POST_COMMIT_DEFAULTS.lockMs;
const T0 = PUBLISH_MS - 100_000;

function storeWith(postCommit: { lockMs?: number; resaveAtEnd?: boolean }) {
  const scenario = scenarioWith({ postCommit });
  const world = generateWorld(scenario.world, 5);
  const { store } = buildStore({ world, pressures: scenario.pressures, startMs: T0 - 1_000, seed: 5, quiet: false });
  return { store, plans: planScenarioSwaps(world, scenario) };
}

/** Create and match a planned swap at one instant (auto-review approves it). */
function swap(store: WfmStore, plan: TradePlan, nowMs: number): void {
  store.advanceTo(nowMs);
  const created = store.createTrade(
    {
      managementUnitId: plan.managementUnitId,
      weekDate: plan.weekDate,
      scheduleId: plan.scheduleId,
      initiatingShiftId: plan.initiatingShiftId,
    },
    nowMs,
  );
  assert.ok(created.ok);
  const matched = store.matchTrade(
    created.value.id,
    {
      managementUnitId: plan.managementUnitId,
      weekDate: plan.weekDate,
      receivingScheduleId: plan.scheduleId,
      receivingShiftId: plan.receivingShiftId,
      version: created.value.version,
    },
    nowMs,
  );
  assert.ok(matched.ok && matched.value.trade.state === 'Approved');
}

test('both agents of an approved swap are locked for the weeks it touched, in [approval, approval + R)', () => {
  const { store, plans } = storeWith({});
  const plan = plans[0] as TradePlan;
  for (const agent of [plan.initiatingUserId, plan.receivingUserId])
    assert.equal(store.lockHolder(agent, WEEK, T0), undefined);
  swap(store, plan, T0);
  for (const agent of [plan.initiatingUserId, plan.receivingUserId]) {
    assert.equal(store.lockHolder(agent, WEEK, T0), POST_COMMIT);
    assert.equal(store.lockHolder(agent, WEEK, T0 + R - 1), POST_COMMIT);
    assert.equal(store.lockHolder(agent, WEEK, T0 + R), undefined);
    assert.equal(store.lockHolder(agent, '2027-04-05', T0), undefined, 'a week the swap did not touch');
  }
  const bystander = plans.find(
    (p) =>
      ![p.initiatingUserId, p.receivingUserId].some((a) => a === plan.initiatingUserId || a === plan.receivingUserId),
  );
  assert.ok(bystander);
  assert.equal(store.lockHolder(bystander.initiatingUserId, WEEK, T0), undefined);
});

test('when the recalculation ends both schedules are re-saved once (version +1), with resaveAtEnd; without it nothing moves', () => {
  for (const resaveAtEnd of [true, false]) {
    const { store, plans } = storeWith({ resaveAtEnd });
    const plan = plans[0] as TradePlan;
    swap(store, plan, T0);
    const after = [plan.initiatingUserId, plan.receivingUserId].map((a) => store.agentScheduleVersion(a, WEEK) ?? NaN);
    assert.equal(store.advanceTo(T0 + R - 1).length, 0);
    const events = store.advanceTo(T0 + R);
    assert.equal(events.length, resaveAtEnd ? 2 : 0);
    for (const e of events) assert.deepEqual([e.atMs, e.by, e.holdMs, e.weekDates], [T0 + R, POST_COMMIT, R, [WEEK]]);
    assert.deepEqual(
      [plan.initiatingUserId, plan.receivingUserId].map((a) => store.agentScheduleVersion(a, WEEK)),
      after.map((v) => v + (resaveAtEnd ? 1 : 0)),
    );
    assert.equal(store.advanceTo(T0 + 10 * R).length, 0, 'once');
  }
});

test('over HTTP: a second swap by an agent just approved answers 409 locked:post-commit-recalculation until R has passed', async () => {
  const { app, harness, at, plans, create, match } = await harnessFor(scenarioWith({ postCommit: {} }));
  const first = plans[0] as TradePlan;
  const second = plans.find(
    (p) =>
      p !== first && (p.initiatingUserId === first.initiatingUserId || p.initiatingUserId === first.receivingUserId),
  );
  assert.ok(second, "the plan has a second swap initiated by one of the first swap's agents");
  at(T0);
  const trade = (await create(first)).json() as { id: string };
  assert.equal((await match(trade.id, 1, first)).json().trade.state, 'Approved');
  at(T0 + R - 1);
  const locked = await create(second);
  assert.equal(locked.statusCode, 409);
  assert.equal(locked.json().code, 'general.conflict');
  assert.equal(harness.refusals.counts()['409 locked:post-commit-recalculation'], 1);
  at(T0 + R);
  assert.equal((await create(second)).statusCode, 200);
  assert.equal(harness.store.report().writesBy[POST_COMMIT], 2, 'the two end-of-recalculation re-saves');
  await app.close();
});
