/** `capacity`: success and conflicts against the arrival rate in the simulator, and the rate that breaks a strategy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacityCurve, capacityPlan } from '../../src/capacity/curve.ts';
import type { CapacityCurve } from '../../src/capacity/curve.ts';
import { PRESETS } from '../../src/core/strategies.ts';
import type { StrategySpec } from '../../src/core/strategies.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { cataloguePath, dstParis } from '../../src/scenario/file/catalogue.ts';
import { runResults } from '../../src/report/results.ts';
import { cli } from '../support/cli.ts';

test('the duration is the longest the highest rate can feed; a rate the planned swaps cannot feed is refused, naming the maximum', () => {
  const planned = planScenarioSwaps(generateWorld(dstParis.world, 1), dstParis).length;
  const plan = capacityPlan(dstParis, 1, [1, 10], undefined);
  assert.equal(plan.plannedSwaps, planned);
  assert.ok(10 * plan.durationS <= planned && 10 * (plan.durationS + 0.1) > planned);
  assert.throws(
    () => capacityPlan(dstParis, 1, [1, planned], 10),
    new RegExp(`highest rate it can feed is ${(planned / 10).toFixed(2)} trades per world-s`),
  );
});

/**
 * Exact for seed 1, from `wfm-harness capacity --scenario dst-paris --strategy no-retry --rates 1,2,4,8,20
 * --duration 5 --seed 1 --min-success 0.76` (the same numbers the simulator printed when this test was
 * written). Success is not monotonic in the rate here (100%, 80%, 75%, 82.5%, 74%), so the threshold 0.76
 * puts the break at 4, a middle rate after which 8 holds again: only "the lowest rate below the threshold"
 * gives 4 (not the first point, not the last, not the highest below).
 */
test('every point applies rate x duration arrivals; a strategy breaks at the lowest rate below the threshold', async () => {
  const rates = [20, 2, 8, 1, 4];
  const curve = await capacityCurve(dstParis, PRESETS['no-retry'] as StrategySpec, 1, rates, 5, 0.76);
  assert.deepEqual(
    curve.points.map((p) => [p.rate, p.arrivals, p.applied, p.dropped]),
    [
      [1, 5, 5, 0],
      [2, 10, 8, 0],
      [4, 20, 15, 0],
      [8, 40, 33, 0],
      [20, 100, 74, 0],
    ],
  );
  assert.deepEqual(
    curve.points.map((p) => p.success),
    [1, 0.8, 0.75, 0.825, 0.74],
  );
  assert.equal(curve.breaksAtRate, 4);
  assert.equal(curve.definition, 'none:attempts=1,deadline=1m');
  const again = await capacityCurve(dstParis, PRESETS['no-retry'] as StrategySpec, 1, rates, 5, 0.76);
  assert.deepEqual(again, curve, 'the same seed gives the same curve');
  // A point is the run `sim` makes of a scenario file with that load: the user's path, not the curve's own.
  const dir = mkdtempSync(join(tmpdir(), 'wfm-capacity-point-'));
  try {
    const file = JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8')) as { load: Record<string, number> };
    file.load = { ...file.load, tradesPerSecond: 4, durationS: 5 };
    writeFileSync(join(dir, 'rate-4.json'), JSON.stringify(file));
    const run = await cli(
      'sim',
      '--scenario-file',
      join(dir, 'rate-4.json'),
      '--strategy',
      'no-retry',
      '--seed',
      '1',
      '--out',
      join(dir, 'sim'),
    );
    assert.equal(run.status, 0, run.stderr);
    const [row] = runResults.parse(JSON.parse(readFileSync(join(dir, 'sim', 'results.json'), 'utf8'))).strategies;
    const point = curve.points.find((p) => p.rate === 4);
    assert.deepEqual(
      [row?.trades, row?.applied, row?.droppedIterations, row?.conflictRate, row?.timeToOutcomeMs.p95],
      [point?.trades, point?.applied, point?.dropped, point?.conflictRate, point?.p95OutcomeMs],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI writes capacity.json and capacity.md, exits 0 when every strategy holds, 2 on a rate it cannot feed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-capacity-'));
  try {
    const ok = await cli(
      'capacity',
      '--scenario',
      'dst-paris',
      '--strategy',
      'refetch-fixed-2s,full-jitter:base=1s,cap=4s,refetch',
      '--rates',
      '2,10',
      '--duration',
      '10',
      '--min-success',
      '0',
      '--out',
      join(dir, 'run'),
    );
    assert.equal(ok.status, 0, ok.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'run', 'capacity.json'), 'utf8')) as {
      durationS: number;
      curves: CapacityCurve[];
    };
    assert.equal(json.durationS, 10);
    assert.deepEqual(
      json.curves.map((c) => [c.strategy, c.points.length, c.breaksAtRate]),
      [
        ['refetch-fixed-2s', 2, null],
        ['full-jitter:base=1s,cap=4s,refetch', 2, null],
      ],
    );
    assert.match(readFileSync(join(dir, 'run', 'capacity.md'), 'utf8'), /holds at every rate tried/);
    const refused = await cli('capacity', '--rates', '1,500', '--duration', '10', '--out', join(dir, 'refused'));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /the highest rate it can feed is [\d.]+ trades per world-s; --rates asks for 500/);
    assert.equal(existsSync(join(dir, 'refused')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('capacity varies clients as well as rate: one token runs dry at a burst the same load on four tokens carries', async () => {
  const [paris, ...others] = dstParis.world.businessUnits;
  const unit = paris?.managementUnits[0];
  assert.ok(paris && unit);
  // 1,000 Paris agents, rate limits on: 500 swaps in 10 world-s are over 1,000 requests, past one
  // bucket's 300 and 5 a world-second, within four.
  const limited = {
    ...dstParis,
    world: {
      ...dstParis.world,
      businessUnits: [{ ...paris, managementUnits: [{ ...unit, agents: 1000 }] }, ...others],
    },
    pressures: { ...dstParis.pressures, rateLimits: {} },
    load: { ...dstParis.load, maxVUs: 400 },
  };
  const strategy = PRESETS['refetch-fixed-2s'] as StrategySpec;
  const curves = await Promise.all(
    [1, 4].map((clients) => capacityCurve(limited, strategy, 1, [50], 10, 0.95, undefined, clients)),
  );
  assert.deepEqual(
    curves.map((c) => c.clients),
    [1, 4],
  );
  const [one, four] = curves.map((c) => c.points[0]);
  assert.ok(one && four);
  assert.ok(one.token429 > 0, `one client: ${one.token429} token 429s`);
  assert.equal(four.token429, 0);
  assert.ok(four.applied > one.applied);
});
