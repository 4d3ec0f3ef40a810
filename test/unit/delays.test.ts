import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackoff } from '../../src/core/backoff.ts';
import { createRng } from '../../src/contract/rng.ts';
import { getPreset } from '../../src/core/strategies.ts';

function delays(strategyName: string, seed: number, count: number): number[] {
  const strategy = getPreset(strategyName);
  const rng = createRng(seed);
  const backoff = startBackoff(strategy.backoff);
  return Array.from({ length: count }, () => backoff.next(rng));
}

test('stale-backoff waits 2 s then 4 s, whatever the seed', () => {
  assert.deepEqual(delays('stale-backoff', 1, 2), [2000, 4000]);
  assert.deepEqual(delays('stale-backoff', 99, 2), [2000, 4000]);
});

test('refetch-full-jitter draws each delay in [0, min(2000, 100 * 2^n)] and replays exactly for a seed', () => {
  const first = delays('refetch-full-jitter', 42, 8);
  assert.deepEqual(first, delays('refetch-full-jitter', 42, 8));
  first.forEach((delayMs, n) => {
    assert.ok(delayMs >= 0 && delayMs <= Math.min(2000, 100 * 2 ** n), `delay ${n} = ${delayMs}`);
  });
  // Exact values produced by this code for seed 42 (mulberry32): a change here changes every replay.
  assert.deepEqual(first, [60, 90, 341, 536, 280, 1053, 546, 1249]);
  assert.notDeepEqual(first, delays('refetch-full-jitter', 43, 8));
});

test('a different seed gives a different full-jitter sequence', () => {
  assert.notDeepEqual(delays('refetch-full-jitter', 1, 5), delays('refetch-full-jitter', 2, 5));
});
