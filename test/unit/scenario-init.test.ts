/**
 * Templates that fit the transition (issue 17): `scenario init` writes, for a fall-back, what the built-in
 * fall scenarios do (the clock 6 h before, reconciliation from 7 h before, 9 h nights swapped with 9 h
 * nights in the load), and for a spring-forward the gap (7 h nights); rate limits on, one client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialScenario } from '../../src/cli/scenario-init.ts';
import { parseScenario } from '../../src/scenario/file/load.ts';
import { getScenario } from '../../src/scenario/file/catalogue.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';

const NOW = Date.parse('2027-01-01T00:00:00Z');

/** Lengths (minutes) of the initiating shifts of the first `n` planned swaps. */
function loadLengths(spec: ScenarioSpec, n: number): number[] {
  const world = generateWorld(spec.world, 1);
  const lengths = new Map(world.agents.flatMap((a) => a.shifts.map((s) => [s.id, s.lengthMinutes] as const)));
  return planScenarioSwaps(world, spec)
    .slice(0, n)
    .map((p) => lengths.get(p.initiatingShiftId) as number);
}

test('a fall-back template is the built-in fall scenario: its start, its reconciliation, 9 h nights in the load', () => {
  const file = initialScenario('America/Chicago', '2027-11-07', 120, NOW);
  const spec = parseScenario('init.json', file);
  const builtIn = getScenario('chicago-fall');
  assert.equal(spec.clock.startUtc, builtIn.clock.startUtc);
  assert.deepEqual(spec.pressures.dstReconciliation, builtIn.pressures.dstReconciliation);
  assert.deepEqual(spec.pressures.rateLimits, {});
  assert.equal(spec.load.clients, 1);
  assert.match(spec.description, /the repeated 01:00-02:00 hour, 9 h night shifts swapped only with 9 h ones/);
  const lengths = loadLengths(spec, 80);
  assert.ok(lengths.includes(9 * 60), 'the load swaps 9 h nights');
  assert.ok(!lengths.some((m) => m !== 8 * 60 && m !== 9 * 60));
});

test('a spring-forward template covers the gap: 7 h nights in the load, the clock before they start', () => {
  const spec = parseScenario('init.json', initialScenario('Europe/Paris', '2027-03-28', 120, NOW));
  assert.equal(spec.clock.startUtc, '2027-03-27T19:00:00.000Z', '01:00Z less 6 h');
  assert.match(spec.description, /spring-forward night of 2027-03-28: the skipped 02:00-03:00 hour, 7 h night shifts/);
  assert.ok(loadLengths(spec, 80).includes(7 * 60), 'the load swaps 7 h nights');
});
