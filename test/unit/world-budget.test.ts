/**
 * The world budget (src/scenario/world-budget.ts, docs/scenarios.md "World budget"): a scenario whose world
 * holds more shifts than the budget is refused by the loader before anything is generated, naming the
 * fields; the scale world issue 17 plans across units fits with room; a weekDate that is not a Monday is
 * refused naming the field (it used to throw from generation, exit 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORLD_BUDGET_SHIFTS, worldSize } from '../../src/scenario/world-budget.ts';
import { loadScenarioFile, parseScenario } from '../../src/scenario/file/load.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { goodScenarioFile, refusedScenario } from './support/scenario-file.ts';

const SCALE_10K = join(fileURLToPath(new URL('../bench', import.meta.url)), 'scale-10k.json');

/** dst-paris's file with `units` management units of `agents` each in one business unit. */
function withUnits(file: Record<string, any>, units: number, agents: number): void {
  const [unit] = file['world'].businessUnits[0].managementUnits;
  file['world'].businessUnits = [
    {
      ...file['world'].businessUnits[0],
      managementUnits: Array.from({ length: units }, (_, m) => ({
        ...unit,
        name: m === 0 ? unit.name : `MU ${m}`,
        agents,
      })),
    },
  ];
}

test('the 500-million-agent world is refused by the loader, naming the fields, before generation', () => {
  const started = performance.now();
  const message = refusedScenario((file) => {
    const [bu] = file['world'].businessUnits;
    const unit = bu.managementUnits[0];
    file['world'].weeks = 12;
    file['world'].businessUnits = Array.from({ length: 50 }, (_, b) => ({
      ...bu,
      name: `BU ${b}`,
      managementUnits: Array.from({ length: 100 }, (_, m) => ({
        ...unit,
        name: b + m === 0 ? unit.name : `MU ${b}-${m}`,
        agents: 100_000,
      })),
    }));
  });
  assert.match(
    message,
    new RegExp(
      '^my\\.json: world: the world holds \\d+ shifts \\(500000000 agents in 5000 management units x world\\.weeks 12 ' +
        'x world\\.workDaysPerAgent \\d\\), over the budget of 400000 shifts',
    ),
  );
  assert.match(message, /largest: world\.businessUnits\[0\]\.managementUnits\[0\]\.agents = 100000/);
  // No world of that size was built: 30 billion shifts would take far longer than this.
  assert.ok(performance.now() - started < 5_000);
});

test('a world of exactly the budget is accepted; one agent more is refused', () => {
  const file = goodScenarioFile();
  const { weeks, workDaysPerAgent } = file['world'];
  const perAgent = weeks * workDaysPerAgent;
  const agents = Math.floor(WORLD_BUDGET_SHIFTS / perAgent);
  withUnits(file, 1, agents);
  const spec = parseScenario('my.json', file);
  assert.ok(worldSize(spec.world).shifts <= WORLD_BUDGET_SHIFTS);
  const message = refusedScenario((f) => withUnits(f, 1, agents + 1));
  assert.match(message, /over the budget/);
});

test('the scale world (10,000 agents, 20 units, 3 weeks) fits with room to grow', () => {
  const size = worldSize(loadScenarioFile(SCALE_10K).world);
  assert.equal(size.shifts, 150_000, '10,000 agents x 3 weeks x 5 days');
  assert.ok(size.shifts * 2.5 <= WORLD_BUDGET_SHIFTS, 'issue 17 plans across these units: 2.5x room');
});

test('generateWorld holds a spec built in code to the same budget', () => {
  const spec = parseScenario('my.json', goodScenarioFile());
  const world = { ...spec.world, weeks: 12 };
  world.businessUnits = [
    {
      ...world.businessUnits[0]!,
      managementUnits: [{ ...world.businessUnits[0]!.managementUnits[0]!, agents: 100_000 }],
    },
  ];
  assert.throws(() => generateWorld(world, 1), /over the budget of 400000 shifts/);
});

test('a weekDate that is not a Monday, or not a date, is refused naming the field', () => {
  for (const weekDate of ['2027-03-23', '2027-02-29', '2027-13-01'])
    assert.match(
      refusedScenario((file) => (file['world'].weekDate = weekDate)),
      /^my\.json: world\.weekDate: is not a Monday/m,
      weekDate,
    );
  assert.match(
    refusedScenario((file) => (file['trades'].weekDate = '2027-04-26')),
    /my\.json: trades\.weekDate: is not one of the world's weeks/,
  );
});
