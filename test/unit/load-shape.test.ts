import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrivalCount, arrivalOffsetsMs, peakRatePerS } from '../../src/scenario/load-shape.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { parseScenario } from '../../src/scenario/file/load.ts';

test('a constant rate arrives every 1/rate world-s, as the simulator always did (the baseline depends on it)', () => {
  const load = { tradesPerSecond: 0.5, durationS: 160 };
  assert.equal(arrivalCount(load), 80);
  assert.deepEqual(
    arrivalOffsetsMs(load, 80),
    Array.from({ length: 80 }, (_, i) => i * (1000 / 0.5)),
  );
});

test("stages ramp linearly: the i-th swap arrives when the rate's integral reaches i", () => {
  // 0 -> 2/s over 10 s (10 swaps, the n-th at sqrt(10 n) s), then 2/s for 5 s (10 more), then down to 0 over 10 s (10 more).
  const load = {
    tradesPerSecond: 0,
    durationS: 25,
    stages: [
      { durationS: 10, targetPerS: 2 },
      { durationS: 5, targetPerS: 2 },
      { durationS: 10, targetPerS: 0 },
    ],
  };
  assert.equal(arrivalCount(load), 30);
  assert.equal(peakRatePerS(load), 2);
  const offsets = arrivalOffsetsMs(load, 30);
  assert.equal(offsets.length, 30);
  for (let n = 0; n <= 10; n++)
    assert.ok(Math.abs((offsets[n] as number) - Math.sqrt(10 * n) * 1000) < 1e-6, `arrival ${n}: ${offsets[n]}`);
  for (let n = 10; n <= 20; n++)
    assert.ok(Math.abs((offsets[n] as number) - (10_000 + (n - 10) * 500)) < 1e-6, `arrival ${n}: ${offsets[n]}`);
  // Ramping down: gaps widen; every arrival is in order and inside the load's 25 s.
  assert.ok(offsets.every((ms, i) => i === 0 || ms > (offsets[i - 1] as number)) && (offsets[29] as number) < 25_000);
  assert.ok((offsets[29] as number) - (offsets[28] as number) > (offsets[22] as number) - (offsets[21] as number));
});

test('the simulator honours stages: a ramp up and down over dst-paris starts exactly its integral of swaps', async () => {
  const staged = {
    ...dstParis,
    load: {
      ...dstParis.load,
      tradesPerSecond: 0,
      stages: [
        { durationS: 80, targetPerS: 1 },
        { durationS: 80, targetPerS: 0 },
      ],
    },
  };
  const run = await runSwaps({ scenario: staged, strategy: getPreset('refetch-full-jitter'), seed: 1 });
  assert.equal(run.totals.trades + run.dropped, 80);
  assert.equal(run.server.tradesApproved, run.totals.applied);
});

test('a file whose stages do not add up to its durationS is refused, naming the field', () => {
  const file = JSON.parse(JSON.stringify({ ...dstParis, clock: { startUtc: dstParis.clock.startUtc, speed: 10 } }));
  file.load.stages = [{ durationS: 60, targetPerS: 1 }];
  assert.throws(
    () => parseScenario('ramp.json', file),
    /ramp\.json: load\.durationS: must equal the sum of the stages' durationS/,
  );
});
