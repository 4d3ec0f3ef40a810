/**
 * maxTradesPerAgentPerWeek: what the cap counts (the agent's initiated trades of the week that are open
 * or approved, not denied or canceled ones, not other weeks'), kept as counters rather than a scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../src/world/generate.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { withShiftTrading } from '../../src/scenario/spec.ts';
import { buildStore } from '../../mock-server/domain/build-store.ts';

const capped = withShiftTrading(dstParis, { maxTradesPerAgentPerWeek: 2 }).world;

test('the weekly cap counts open and approved trades the agent initiated that week, and frees a slot when one is canceled', () => {
  const world = generateWorld(capped, 1);
  const nowMs = Date.parse('2027-03-15T00:00:00Z');
  const { store } = buildStore({ world, pressures: dstParis.pressures, startMs: nowMs, seed: 1, quiet: true });
  const plan = planScenarioSwaps(world, dstParis)[0];
  assert.ok(plan);
  const agent = world.agents.find((a) => a.id === plan.initiatingUserId);
  assert.ok(agent);
  const week1 = plan.weekDate;
  const week2 = world.weeks.find((w) => w !== week1) ?? '';
  const schedule = (week: string) =>
    world.schedules.find(
      (s) =>
        s.weekDate === week &&
        s.businessUnitId === world.managementUnits.find((u) => u.id === agent.managementUnitId)?.businessUnitId,
    )?.id ?? '';
  // The planned shift first (so the planned match can approve it), then the agent's other shifts of the week.
  const shifts = (week: string) => [
    ...agent.shifts.filter((s) => s.id === plan.initiatingShiftId),
    ...agent.shifts.filter((s) => s.weekDate === week && s.id !== plan.initiatingShiftId),
  ];
  const create = (shiftIndex: number, week = week1) =>
    store.createTrade(
      {
        managementUnitId: agent.managementUnitId,
        weekDate: week,
        scheduleId: schedule(week),
        initiatingShiftId: shifts(week)[shiftIndex]?.id ?? '',
      },
      nowMs,
    );

  const first = create(0);
  const second = create(1);
  assert.ok(first.ok && second.ok);
  const third = create(2);
  assert.ok(
    !third.ok && third.error.error === 'rule' && third.error.rule === 'MaxTradesPerAgentPerWeek',
    JSON.stringify(third),
  );
  assert.ok(create(1, week2).ok, 'another week has its own count');

  // Approve the first (the planned match): it still counts.
  const matched = store.matchTrade(
    first.value.id,
    {
      managementUnitId: agent.managementUnitId,
      weekDate: week1,
      receivingScheduleId: plan.scheduleId,
      receivingShiftId: plan.receivingShiftId,
      version: first.value.version,
    },
    nowMs,
  );
  assert.ok(matched.ok && matched.value.violations.length === 0, JSON.stringify(matched));
  assert.equal(first.value.state, 'Approved');
  assert.equal(create(2).ok, false, 'approved and open: still 2');

  // Cancel the second: a slot frees.
  const canceled = store.setTradeState(
    second.value.id,
    { weekDate: week1, state: 'Canceled', version: second.value.version },
    nowMs,
  );
  assert.ok(canceled.ok, JSON.stringify(canceled));
  assert.ok(create(2).ok, 'one approved, one canceled: a third may be created');
  assert.equal(create(3).ok, false, 'and then the cap holds again');
});
