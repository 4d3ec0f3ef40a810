/** `capacity`: success and conflicts against the arrival rate in the simulator, and the rate that breaks a strategy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capacityCurve, capacityPlan } from '../../src/capacity/curve.ts';
import type { CapacityCurve } from '../../src/capacity/curve.ts';
import { PRESETS } from '../../src/core/strategies.ts';
import type { StrategySpec } from '../../src/core/strategies.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';

const BIN = fileURLToPath(new URL('../../bin/wfm-harness.js', import.meta.url));

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

test('every point applies rate x duration arrivals; a strategy breaks at the first rate below the threshold', async () => {
  const rates = [20, 2, 8];
  const curve = await capacityCurve(dstParis, PRESETS['no-retry'] as StrategySpec, 1, rates, 5, 0.9);
  assert.deepEqual(
    curve.points.map((p) => p.rate),
    [2, 8, 20],
  );
  assert.deepEqual(
    curve.points.map((p) => p.arrivals),
    [10, 40, 100],
  );
  for (const p of curve.points) assert.equal(p.success, p.applied / p.arrivals);
  const firstBelow = curve.points.find((p) => p.success < 0.9);
  assert.equal(curve.breaksAtRate, firstBelow ? firstBelow.rate : null);
  assert.equal(curve.definition, 'none:attempts=1,deadline=1m');
  const again = await capacityCurve(dstParis, PRESETS['no-retry'] as StrategySpec, 1, rates, 5, 0.9);
  assert.deepEqual(again, curve, 'the same seed gives the same curve');
});

test('the CLI writes capacity.json and capacity.md, exits 0 when every strategy holds, 2 on a rate it cannot feed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-capacity-'));
  try {
    const ok = spawnSync(
      process.execPath,
      [
        BIN,
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
      ],
      { encoding: 'utf8' },
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
    const refused = spawnSync(
      process.execPath,
      [BIN, 'capacity', '--rates', '1,500', '--duration', '10', '--out', join(dir, 'refused')],
      { encoding: 'utf8' },
    );
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
