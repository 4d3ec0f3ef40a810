/** The dst-paris swap scenario in virtual time: the sync core's syncTrade, unchanged, against the mock's DST pressure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { dstParis } from '../../src/scenarios/dst-paris.ts';
import { runSwaps } from '../../src/sim/scenarios/swaps.ts';
import { PUBLISHED_LATENCY } from '../../src/sim/latency.ts';
import { planScenarioSwaps } from '../../src/scenarios/plan.ts';
import { generateWorld } from '../../src/fixtures/world.ts';

const SEED = 2;
const run = (name: string, seed = SEED) => runSwaps({ scenario: dstParis, strategy: getPreset(name), seed, latency: PUBLISHED_LATENCY });

test('every planned swap reaches an outcome and the server truth holds, for every preset', async () => {
  for (const name of ['no-retry', 'stale-backoff', 'refetch-fixed-2s', 'refetch-full-jitter', 'serialized-per-schedule', 'bash-2n', 'retry-budget', 'rate-paced', 'polly-v2']) {
    const result = await run(name);
    assert.equal(result.totals.trades + result.dropped, Math.min(dstParis.load.tradesPerSecond * dstParis.load.durationS, 80), `${name}, seed ${SEED}`);
    assert.equal(result.server.shiftsTradedTwice, 0, name);
    assert.equal(result.server.doubleBookedShifts, 0, name);
    assert.equal(result.server.lostUpdates, 0, name);
    assert.equal(result.server.nonMonotonicVersions, 0, name);
    // The client never reports a failure for a trade the server applied, and never claims one it did not.
    assert.equal(result.server.tradesApproved, result.totals.applied, name);
  }
});

test('the DST reconciliation window makes the stale-version seed strategy give up where re-fetching applies every swap', async () => {
  const stale = await run('stale-backoff');
  const refetch = await run('refetch-full-jitter');
  assert.ok(stale.totals.gaveUp >= 10, `seed ${SEED}: stale-backoff gave up ${stale.totals.gaveUp}`);
  assert.equal(refetch.totals.applied, refetch.totals.trades, `seed ${SEED}: refetch-full-jitter applied ${refetch.totals.applied}/${refetch.totals.trades}`);
  assert.ok((stale.conflictsByKind['locked'] ?? 0) > 0 && (refetch.conflictsByKind['locked'] ?? 0) > 0, 'both meet the reconciliation lock');
  assert.ok(refetch.totals.conflicts < stale.totals.conflicts);
});

test('serialized-per-schedule keeps one swap in flight per schedule (week); the others run swaps in parallel', async () => {
  const schedules = new Set(planScenarioSwaps(generateWorld(dstParis.world, SEED), dstParis).map((plan) => plan.scheduleId)).size;
  assert.equal(schedules, 2, 'the swaps span the two weeks');
  assert.ok((await run('serialized-per-schedule')).maxInFlight <= schedules);
  assert.ok((await run('stale-backoff')).maxInFlight > schedules, 'slow swaps of one schedule overlap when nothing serializes them');
});

test('the same seed replays the same swaps, answers and timings', async () => {
  const strip = (r: Awaited<ReturnType<typeof run>>) => ({ results: r.results, server: r.server, counts: r.requestCounts, virtualMs: r.virtualMs, events: r.events });
  assert.deepEqual(strip(await run('refetch-jitter-200-500', 5)), strip(await run('refetch-jitter-200-500', 5)));
  assert.notDeepEqual(strip(await run('refetch-jitter-200-500', 6)).results, strip(await run('refetch-jitter-200-500', 5)).results);
});

test('a partitioned run stops where k6 stops it (duration + 60 s): seed 1, serialized-per-schedule starts 40 swaps and applies none', async () => {
  const serialized = await run('serialized-per-schedule', 1);
  assert.deepEqual([serialized.totals.trades, serialized.totals.applied, serialized.dropped], [40, 0, 40]);
  assert.ok(serialized.virtualMs < (dstParis.load.durationS + 60) * 1000 + 10_000, `the last swap started before the bound and ended soon after: ${serialized.virtualMs} virtual ms`);
});
