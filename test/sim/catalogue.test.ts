/**
 * The catalogue (scenarios/*.json), each scenario's mechanism in virtual time: the fall-back
 * nights' repeated hour (9 h night shifts, paired only with equal paid time), the Chicago spring-forward
 * reconciliation, and migration-cutover's duplicate legacy ids (counted, never applied twice).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { SCENARIOS, getScenario } from '../../src/scenario/file/catalogue.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { duplicateSends, planScenarioSwaps } from '../../src/scenario/plan.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { legacyDuplicates } from '../../src/sim/legacy-duplicates.ts';
import { matchVerdict } from '../../mock-server/domain/trade-rules.ts';
import { DEFAULT_SHIFT_TRADING } from '../../mock-server/domain/world.ts';
import type { Shift, World } from '../../mock-server/domain/world.ts';

const SEED = 1;
const shiftsById = (world: World) => new Map(world.agents.flatMap((a) => a.shifts.map((s) => [s.id, s] as const)));

test('every catalogue scenario loads, and its world plans enough swaps for its load (seeds 1 and 2)', () => {
  assert.deepEqual(Object.keys(SCENARIOS).sort(), [
    'chicago-fall',
    'chicago-spring',
    'dst-paris',
    'dst-paris-fall',
    'migration-cutover',
    'monday-publish',
    'monday-publish-mix',
  ]);
  for (const spec of Object.values(SCENARIOS)) {
    for (const seed of [1, 2]) {
      const planned = planScenarioSwaps(generateWorld(spec.world, seed), spec).length;
      assert.ok(
        planned >= Math.floor(spec.load.tradesPerSecond * spec.load.durationS),
        `${spec.name} seed ${seed}: ${planned} swaps planned`,
      );
    }
  }
});

for (const name of ['dst-paris-fall', 'chicago-fall']) {
  test(`${name} sees its repeated hour: 9 h night shifts, swapped only for 9 h ones, applied through the reconciliation`, async () => {
    const spec = getScenario(name);
    const world = generateWorld(spec.world, SEED);
    const shifts = shiftsById(world);
    const plans = planScenarioSwaps(world, spec).slice(0, spec.load.tradesPerSecond * spec.load.durationS);
    const length = (id: string) => (shifts.get(id) as Shift).lengthMinutes;
    for (const plan of plans)
      assert.equal(length(plan.initiatingShiftId), length(plan.receivingShiftId), `${plan.legacyId}: equal paid time`);
    const nights = plans.filter((plan) => length(plan.initiatingShiftId) === 9 * 60);
    assert.ok(nights.length > 0, 'the load swaps 9 h night shifts');
    // The mock's own rule: a 9 h night shift for an 8 h day shift is unequal paid time, refused.
    const night = shifts.get(nights[0]?.initiatingShiftId ?? '') as Shift;
    const day = [...shifts.values()].find(
      (s) => s.lengthMinutes === 8 * 60 && s.startDate > spec.clock.startUtc,
    ) as Shift;
    const agent = { id: 'a', skills: [], languages: [] };
    const verdict = matchVerdict({
      settings: DEFAULT_SHIFT_TRADING,
      initiator: agent,
      receiver: { ...agent, id: 'b' },
      initiatingShift: night,
      receivingShift: day,
      initiatorOtherShifts: [],
      receiverOtherShifts: [],
      nowMs: Date.parse(spec.clock.startUtc),
    });
    assert.deepEqual(
      verdict.violations.map((v) => v.type),
      ['UnequalPaidTime'],
    );
    const run = await runSwaps({ scenario: spec, strategy: getPreset('refetch-full-jitter'), seed: SEED });
    const applied = new Set(run.results.filter((r) => r.outcome === 'applied').map((r) => r.legacyId));
    assert.ok(
      nights.every((plan) => applied.has(plan.legacyId)),
      'every 9 h swap applied',
    );
    assert.ok(
      (run.conflictsByKind['locked'] ?? 0) > 0,
      'the reconciliation, open since the evening, locks some writes',
    );
    assert.equal(run.server.shiftsTradedTwice + run.server.doubleBookedShifts + run.server.lostUpdates, 0);
  });
}

test('chicago-spring: the reconciliation of the 2027-03-14 spring-forward fails single tries; the night has 7 h shifts', async () => {
  const spec = getScenario('chicago-spring');
  assert.equal(spec.clock.startUtc, '2027-03-14T07:58:00.000Z');
  const world = generateWorld(spec.world, SEED);
  assert.ok(
    world.agents.some((a) => a.shifts.some((s) => s.lengthMinutes === 7 * 60)),
    'a 22:00-06:00 shift across the jump lasts 7 h',
  );
  const once = await runSwaps({ scenario: spec, strategy: getPreset('no-retry'), seed: SEED });
  assert.ok(
    once.totals.failedBy409 > 0 && (once.conflictsByKind['locked'] ?? 0) === once.totals.failedBy409,
    JSON.stringify(once.conflictsByKind),
  );
});

test("migration-cutover: the export's duplicate legacy ids are sent, counted and cost requests, and none is applied twice", async () => {
  const spec = getScenario('migration-cutover');
  const plans = planScenarioSwaps(generateWorld(spec.world, SEED), spec).slice(
    0,
    spec.load.tradesPerSecond * spec.load.durationS,
  );
  const sentTwice = duplicateSends(plans);
  assert.ok(sentTwice >= 100, `${sentTwice} duplicate sends in the load`);
  const run = await runSwaps({ scenario: spec, strategy: getPreset('refetch-full-jitter'), seed: SEED });
  assert.ok(run.maxInFlight >= 20, `high concurrency: ${run.maxInFlight} swaps in flight at once`);
  const duplicates = legacyDuplicates(run.results);
  assert.ok(duplicates);
  assert.equal(duplicates.extraSends, sentTwice);
  assert.equal(duplicates.extraApplied, 0, 'no extra send applied');
  assert.ok(duplicates.extraRequests >= sentTwice && duplicates.extraConflicts > 0, JSON.stringify(duplicates));
  // Server truth: no legacy id has two trades, no shift was traded twice, and the client agrees with the server.
  assert.equal(run.server.duplicateTrades, 0);
  assert.equal(run.server.shiftsTradedTwice, 0);
  assert.equal(run.server.tradesApproved, run.totals.applied);
  assert.ok(run.totals.applied <= plans.length - sentTwice);
  assert.ok((run.server.rejections['409 locked:dst-reconciliation'] ?? 0) > 0, 'a DST reconciliation runs meanwhile');
});
