/** The generated world (seeded, multi-unit, multi-week) and the shift-trading rules the store and planner share. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '../../src/world/generate.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { matchVerdict } from '../../mock-server/domain/trade-rules.ts';
import type { MatchCheck } from '../../mock-server/domain/trade-rules.ts';
import { DEFAULT_SHIFT_TRADING } from '../../mock-server/domain/world.ts';
import type { Shift } from '../../mock-server/domain/world.ts';
import { transitionAllowed } from '../../mock-server/domain/trade-review.ts';

test('same spec and seed give a byte-identical world; another seed another one', () => {
  const a = JSON.stringify(generateWorld(dstParis.world, 11));
  assert.equal(JSON.stringify(generateWorld(dstParis.world, 11)), a);
  assert.notEqual(JSON.stringify(generateWorld(dstParis.world, 12)), a);
});

test('the dst-paris world: two business units in Paris and Chicago, two weeks, skills and languages, DST transitions', () => {
  const world = generateWorld(dstParis.world, 1);
  assert.deepEqual(world.weeks, ['2027-03-22', '2027-03-29']);
  assert.deepEqual(
    world.managementUnits.map((u) => u.timeZone),
    ['Europe/Paris', 'America/Chicago'],
  );
  assert.equal(world.schedules.length, 4, 'one schedule per business unit and week');
  assert.deepEqual(
    world.managementUnits[0]?.dstTransitions.map((t) => t.atUtc),
    ['2027-03-28T01:00:00.000Z'],
  );
  const paris = world.agents.filter((a) => a.managementUnitId === world.managementUnits[0]?.id);
  assert.equal(paris.length, 50);
  for (const agent of paris) {
    assert.equal(agent.shifts.length, 2 * dstParis.world.workDaysPerAgent);
    assert.ok(agent.languages.includes('French'));
    assert.ok(agent.skills.includes('Billing'));
  }
  // The spring-forward night shift (22:00 CET → 06:00 CEST) lasts 7 h in UTC; the same local night a day
  // later (22:00 CEST = 20:00Z) lasts its 8. Seed 1 draws one of the first and four of the second.
  const shifts = paris.flatMap((a) => a.shifts);
  const lengthsFrom = (startDate: string) =>
    shifts.filter((s) => s.startDate === startDate).map((s) => s.lengthMinutes);
  assert.deepEqual(lengthsFrom('2027-03-27T21:00:00Z'), [7 * 60]);
  assert.deepEqual(lengthsFrom('2027-03-28T20:00:00Z'), [8 * 60, 8 * 60, 8 * 60, 8 * 60]);
});

function shift(id: string, startDate: string, lengthMinutes = 480, weekDate = '2027-03-29'): Shift {
  return { id, startDate, lengthMinutes, weekDate };
}

const base: MatchCheck = {
  settings: DEFAULT_SHIFT_TRADING,
  initiator: { id: 'a', skills: ['Billing'], languages: ['French'] },
  receiver: { id: 'b', skills: ['Billing'], languages: ['French'] },
  initiatingShift: shift('s1', '2027-03-30T07:00:00Z'),
  receivingShift: shift('s2', '2027-03-30T12:00:00Z'),
  initiatorOtherShifts: [],
  receiverOtherShifts: [],
  nowMs: Date.parse('2027-03-28T00:00:00Z'),
};

const types = (check: Partial<MatchCheck>) => matchVerdict({ ...base, ...check }).violations.map((v) => v.type);

test('match rules, one violation at a time (Genesys ShiftTradeMatchViolation names)', () => {
  const rows: Array<[string, Partial<MatchCheck>, string[]]> = [
    ['a valid swap', {}, []],
    [
      'unequal paid time (7 h against 8 h)',
      { receivingShift: shift('s2', '2027-03-30T12:00:00Z', 420) },
      ['UnequalPaidTime'],
    ],
    [
      'different skills',
      { receiver: { id: 'b', skills: ['Technical'], languages: ['French'] } },
      ['AgentCapabilityMismatch'],
    ],
    [
      'different languages',
      { receiver: { id: 'b', skills: ['Billing'], languages: ['French', 'English'] } },
      ['AgentCapabilityMismatch'],
    ],
    [
      "receiving shift overlaps the initiator's other shift",
      { initiatorOtherShifts: [shift('x', '2027-03-30T18:00:00Z')] },
      ['ReceivingShiftOverlapsExisting'],
    ],
    [
      "initiating shift overlaps the receiver's other shift",
      { receiverOtherShifts: [shift('y', '2027-03-30T01:00:00Z')] },
      ['InitiatingShiftOverlapsExisting'],
    ],
    [
      'receiving shift already started',
      { nowMs: Date.parse('2027-03-30T12:30:00Z'), initiatingShift: shift('s1', '2027-03-30T13:00:00Z') },
      ['ReceivingShiftStartTooClose'],
    ],
    [
      'trading with yourself',
      { receiver: { id: 'a', skills: ['Billing'], languages: ['French'] } },
      ['CannotTradeWithYourself'],
    ],
    ['trading disabled', { settings: { ...DEFAULT_SHIFT_TRADING, enabled: false } }, ['ShiftTradingNotEnabled']],
  ];
  for (const [name, check, expected] of rows) assert.deepEqual(types(check), expected, name);
});

test('rule modes: Allow ignores unequal paid time, AdminReview defers it to an administrator', () => {
  const unequal = { receivingShift: shift('s2', '2027-03-30T12:00:00Z', 540) };
  assert.deepEqual(
    matchVerdict({ ...base, ...unequal, settings: { ...DEFAULT_SHIFT_TRADING, unequalPaid: 'Allow' } }),
    { violations: [], adminReviewViolations: [] },
  );
  const review = matchVerdict({
    ...base,
    ...unequal,
    settings: { ...DEFAULT_SHIFT_TRADING, unequalPaid: 'AdminReview' },
  });
  assert.deepEqual(review.violations, []);
  assert.deepEqual(
    review.adminReviewViolations.map((v) => v.type),
    ['UnequalPaidTime'],
  );
  const close = matchVerdict({
    ...base,
    initiatorOtherShifts: [shift('x', '2027-03-30T20:30:00Z')],
    settings: { ...DEFAULT_SHIFT_TRADING, minMinutesBetweenShifts: 60 },
  });
  assert.deepEqual(
    close.violations.map((v) => v.type),
    ['InitiatingAgentMinimumTimeBetweenShifts'],
  );
});

test('the state machine allows only the documented transitions', () => {
  assert.ok(transitionAllowed('Unmatched', 'Canceled'));
  assert.ok(transitionAllowed('Matched', 'Approved'));
  assert.ok(transitionAllowed('Matched', 'Denied'));
  assert.ok(!transitionAllowed('Unmatched', 'Approved'));
  for (const final of ['Approved', 'Denied', 'Expired', 'Canceled'] as const)
    assert.ok(!transitionAllowed(final, 'Canceled'), final);
});

test('planned swaps obey the rules: same unit and week, not started, equal length, matching skills and languages', () => {
  const world = generateWorld(dstParis.world, 3);
  const plans = planScenarioSwaps(world, dstParis);
  assert.ok(plans.length >= 80, `enough swaps for the scenario's load (${plans.length})`);
  const agents = new Map(world.agents.map((a) => [a.id, a]));
  const shifts = new Map(world.agents.flatMap((a) => a.shifts.map((s) => [s.id, s] as const)));
  for (const plan of plans) {
    const [a, b] = [agents.get(plan.initiatingUserId)!, agents.get(plan.receivingUserId)!];
    const [s1, s2] = [shifts.get(plan.initiatingShiftId)!, shifts.get(plan.receivingShiftId)!];
    assert.equal(s1.lengthMinutes, s2.lengthMinutes);
    assert.equal(s1.weekDate, plan.weekDate);
    assert.deepEqual([...a.skills].sort(), [...b.skills].sort());
    assert.deepEqual([...a.languages].sort(), [...b.languages].sort());
    assert.ok(Date.parse(s1.startDate) >= Date.parse(dstParis.clock.startUtc));
  }
});
