/**
 * Trades across units (issue 17): `trades.managementUnits` names the units a load trades in, and a file
 * that names none trades in every unit, as a cutover does. Swaps pair agents of one unit; the units'
 * swaps are interleaved so the load meets every unit from its start; one unit's plan is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/file/load.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { World } from '../../mock-server/domain/world.ts';

const unit = (name: string, timeZone: string) => ({ name, timeZone, agents: 30 });

function file(trades?: object): Record<string, unknown> {
  return {
    name: 'three-units',
    description: 'three units in two zones',
    world: {
      weekDate: '2027-11-01',
      weeks: 2,
      workDaysPerAgent: 5,
      shiftHours: 8,
      businessUnits: [
        {
          name: 'East',
          timeZone: 'America/New_York',
          managementUnits: [unit('NY 1', 'America/New_York'), unit('NY 2', 'America/New_York')],
        },
        { name: 'Central', timeZone: 'America/Chicago', managementUnits: [unit('Chicago', 'America/Chicago')] },
      ],
    },
    ...(trades === undefined ? {} : { trades }),
    clock: { startUtc: '2027-11-06T12:00:00Z', speed: 10 },
    network: { roundTripMs: null },
    pressures: { dstReconciliation: null },
    load: { tradesPerSecond: 1, durationS: 10, preAllocatedVUs: 1, maxVUs: 4 },
  };
}

const unitNames = (world: World) => new Map(world.managementUnits.map((u) => [u.id, u.name]));
const agentUnit = (world: World) => new Map(world.agents.map((a) => [a.id, a.managementUnitId]));

test('a file that names no unit plans across every unit, interleaved, each swap within one unit', () => {
  const spec = parseScenario('all.json', file());
  assert.equal(spec.trades.managementUnits, undefined);
  const world = generateWorld(spec.world, 1);
  const plans = planScenarioSwaps(world, spec);
  const names = unitNames(world);
  const unitOf = agentUnit(world);
  for (const plan of plans) {
    assert.equal(unitOf.get(plan.initiatingUserId), plan.managementUnitId, plan.legacyId);
    assert.equal(unitOf.get(plan.receivingUserId), plan.managementUnitId, plan.legacyId);
  }
  // The first three swaps come from the three units in world order: the load meets every unit at once.
  assert.deepEqual(
    plans.slice(0, 3).map((p) => names.get(p.managementUnitId)),
    ['NY 1', 'NY 2', 'Chicago'],
  );
  assert.deepEqual(
    plans.slice(0, 3).map((p) => p.legacyId),
    ['swap-0001', 'swap-0002', 'swap-0003'],
  );
  // Each unit alone plans exactly the swaps it contributes, in its own order.
  for (const name of ['NY 1', 'NY 2', 'Chicago']) {
    const alone = planScenarioSwaps(world, parseScenario('one.json', file({ managementUnits: [name] })));
    const mine = plans.filter((p) => names.get(p.managementUnitId) === name);
    assert.equal(alone.length, mine.length, name);
    assert.deepEqual(
      alone.map((p) => p.initiatingShiftId),
      mine.map((p) => p.initiatingShiftId),
      name,
    );
  }
});

test('managementUnits names the units; the older managementUnit is a list of one; mistakes name the field', () => {
  const two = parseScenario('two.json', file({ managementUnits: ['Chicago', 'NY 2'] }));
  const world = generateWorld(two.world, 1);
  const names = unitNames(world);
  assert.deepEqual([...new Set(planScenarioSwaps(world, two).map((p) => names.get(p.managementUnitId)))].sort(), [
    'Chicago',
    'NY 2',
  ]);
  assert.deepEqual(parseScenario('old.json', file({ managementUnit: 'NY 1' })).trades, { managementUnits: ['NY 1'] });
  assert.throws(
    () => parseScenario('both.json', file({ managementUnit: 'NY 1', managementUnits: ['NY 2'] })),
    /^Error: both\.json: trades: give managementUnits \(a list\) or managementUnit/,
  );
  assert.throws(
    () => parseScenario('typo.json', file({ managementUnits: ['NY 1', 'NY 3'] })),
    /typo\.json: trades\.managementUnits\[1\]: names no management unit of the world \(NY 1, NY 2, Chicago\)/,
  );
  assert.throws(
    () => parseScenario('twice.json', file({ managementUnits: ['NY 1', 'NY 1'] })),
    /twice\.json: trades\.managementUnits: names a unit twice/,
  );
});
