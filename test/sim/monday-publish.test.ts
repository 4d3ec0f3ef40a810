/** monday-publish in virtual time: every pressure of the scenario at its default, replayed exactly from a seed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { mondayPublish } from '../../src/scenario/file/catalogue.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { getSimScenario } from '../../src/sim/experiments/index.ts';

const run = (name: string, seed: number) => runSwaps({ scenario: mondayPublish, strategy: getPreset(name), seed });
const strip = (r: Awaited<ReturnType<typeof run>>) => ({
  results: r.results,
  totals: r.totals,
  conflicts: r.conflictsByKind,
  server: r.server,
  counts: r.requestCounts,
  dropped: r.dropped,
  virtualMs: r.virtualMs,
  events: r.events,
});

test('the same seed gives identical results, to the last request and millisecond', async () => {
  for (const name of ['refetch-full-jitter', 'stale-backoff']) {
    const first = strip(await run(name, 11));
    assert.deepEqual(strip(await run(name, 11)), first, name);
    assert.notDeepEqual(strip(await run(name, 12)).results, first.results, `${name}: another seed is another run`);
  }
});

test('a run meets the publish lock, post-commit locks, rate limits or moved versions, and the server truth holds', async () => {
  const r = await run('stale-backoff', 11);
  assert.equal(r.totals.trades + r.dropped, mondayPublish.load.tradesPerSecond * mondayPublish.load.durationS);
  assert.ok((r.server.rejections['409 locked:publish'] ?? 0) > 0, JSON.stringify(r.server.rejections));
  assert.ok(
    (r.server.rejections['409 locked:post-commit-recalculation'] ?? 0) > 0,
    JSON.stringify(r.server.rejections),
  );
  assert.ok(r.totals.gaveUp > 0, 'three tries over 14 world-s do not reach past a 5 world-minute lock for every swap');
  assert.equal(r.server.lostUpdates, 0);
  assert.equal(r.server.nonMonotonicVersions, 0);
  assert.equal(r.server.shiftsTradedTwice, 0);
  assert.equal(r.server.doubleBookedShifts, 0);
  assert.equal(r.server.tradesApproved, r.totals.applied);
  const retrying = await run('refetch-full-jitter', 11);
  assert.ok(
    (retrying.server.rejections['429 rate:user'] ?? 0) > 0,
    `fast retries in the lock hit the per-user limit: ${JSON.stringify(retrying.server.rejections)}`,
  );
});

test('the simulator lists it by name', async () => {
  const scenario = getSimScenario('monday-publish');
  const outcome = await scenario.run({ strategies: ['no-retry'], seed: 11 });
  assert.equal(outcome.startUtc, '2027-04-05T13:58:00.000Z');
  assert.equal(outcome.strategies.length, 1);
});
