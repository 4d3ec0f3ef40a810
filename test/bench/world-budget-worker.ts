/**
 * One world of test/bench/world-budget.bench.ts, in its own process so its peak RSS is its own: parse the
 * scenario (the budget check), generate the world, build the mock's store, plan swaps over every unit
 * (what planning across units costs) and for the traded unit. Prints one JSON line.
 * Usage: tsx world-budget-worker.ts <businessUnits> <unitsPerBu> <agentsPerUnit> <weeks> <workDaysPerAgent>
 */
import { parseScenario } from '../../src/scenario/file/load.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps, planSwaps } from '../../src/scenario/plan.ts';
import { buildStore } from '../../mock-server/domain/build-store.ts';
import { mockSetupOf } from '../../src/scenario/mock-setup.ts';

const [bus = 1, units = 1, agents = 1, weeks = 1, days = 1] = process.argv.slice(2).map(Number);
const ZONES = ['Europe/Paris', 'Europe/London', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo'];
const file = {
  name: 'world-budget',
  description: 'a world shaped to test the budget',
  world: {
    weekDate: '2027-03-22',
    weeks,
    workDaysPerAgent: days,
    shiftHours: 8,
    businessUnits: Array.from({ length: bus }, (_, b) => ({
      name: `BU ${b}`,
      timeZone: ZONES[b % ZONES.length],
      managementUnits: Array.from({ length: units }, (_, m) => ({
        name: `MU ${b}-${m}`,
        timeZone: ZONES[(b * units + m) % ZONES.length],
        agents,
      })),
    })),
  },
  trades: { managementUnit: 'MU 0-0' },
  clock: { relativeTo: { zone: 'Europe/Paris', transition: 'next', offsetMinutes: -2 }, speed: 10 },
  network: { roundTripMs: null },
  pressures: { dstReconciliation: { beforeMs: 1_800_000, afterMs: 5_400_000, intervalMs: 10_000, holdMs: 1_000 } },
  load: { tradesPerSecond: 1, durationS: 1, preAllocatedVUs: 1, maxVUs: 1 },
};

const started = performance.now();
const spec = parseScenario('world-budget', file);
const world = generateWorld(spec.world, 1);
const generatedMs = performance.now() - started;
const setup = mockSetupOf(spec);
buildStore({ world, pressures: setup.pressures, startMs: Date.parse(setup.clock.startUtc), seed: 1, quiet: false });
const storeMs = performance.now() - started - generatedMs;
const everyUnit = planSwaps(world, { fromMs: Date.parse(spec.clock.startUtc) }).length;
const tradedUnit = planScenarioSwaps(world, spec).length;
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    shifts: world.agents.reduce((sum, a) => sum + a.shifts.length, 0),
    generatedMs: Math.round(generatedMs),
    storeMs: Math.round(storeMs),
    planMs: Math.round(performance.now() - started - generatedMs - storeMs),
    swapsEveryUnit: everyUnit,
    swapsTradedUnit: tradedUnit,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
