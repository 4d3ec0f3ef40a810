/** --quiet: the same monday-publish world with every pressure off (publish, post-commit, admin edits, stale reads, rate limits). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStore, pressuresFor, replicaFor } from '../../mock-server/domain/build-store.ts';
import { rateLimiterFor } from '../../mock-server/api/rate-limits.ts';
import { mondayPublish } from '../../src/scenario/file/catalogue.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { PUBLISH_MS, WEEK, harnessFor } from './support/pressures.ts';

/** What a client meets around the publish: every answer's status, whether it had rate-limit headers, what a re-read saw. */
async function walk(quiet: boolean) {
  const { app, harness, at, create, match, agentTrades, plan } = await harnessFor(mondayPublish, quiet);
  at(PUBLISH_MS - 1_000);
  const created = await create();
  const seen = (await agentTrades()).json().entities.length;
  at(PUBLISH_MS + 1_000);
  const inLock = await match(created.json().id, 1);
  const burst = [];
  for (let i = 0; i < 320; i++) burst.push((await agentTrades()).statusCode);
  at(PUBLISH_MS + 3_600_000);
  harness.advance();
  const view = (await app.inject({ method: 'GET', url: '/__harness/pressures' })).json();
  const result = {
    created: created.statusCode,
    rateHeaders: created.headers['inin-ratelimit-count'] !== undefined,
    seenRightAfterCreate: seen,
    inLock: inLock.statusCode,
    burst429: burst.filter((s) => s === 429).length,
    writesBy: harness.store.report().writesBy,
    versionAfterHour: harness.store.agentScheduleVersion(plan.initiatingUserId, WEEK),
    view,
  };
  await app.close();
  return result;
}

test('quiet: no lock, no 429, no rate-limit headers, fresh reads, no background writes', async () => {
  const quiet = await walk(true);
  assert.deepEqual(quiet, {
    created: 200,
    rateHeaders: false,
    seenRightAfterCreate: 1,
    inLock: 200,
    burst429: 0,
    writesBy: { client: 2, 'auto-review': 3 },
    versionAfterHour: 2,
    view: { quiet: true, pressures: [], staleReads: null, rateLimits: null },
  });
});

test('the same walk with the pressures on meets each of them (so the quiet test can tell)', async () => {
  const loud = await walk(false);
  assert.equal(loud.created, 200);
  assert.equal(loud.rateHeaders, true);
  assert.equal(loud.seenRightAfterCreate, 0, 'the replica lags');
  assert.equal(loud.inLock, 409);
  assert.ok(loud.burst429 > 0, 'past 300 requests a world-minute');
  assert.ok((loud.writesBy['publish'] ?? 0) > 0 && (loud.writesBy['admin-edit'] ?? 0) > 0);
  assert.deepEqual(
    loud.view.pressures.map((p: { name: string }) => p.name),
    ['publish', 'post-commit-recalculation', 'admin-edit'],
  );
});

test('the recipe: pressuresFor, replicaFor and rateLimiterFor give nothing under quiet', () => {
  const world = generateWorld(mondayPublish.world, 1);
  const recipe = { world, pressures: mondayPublish.pressures, seed: 1, quiet: true };
  assert.deepEqual(pressuresFor(recipe), []);
  assert.equal(replicaFor(recipe), undefined);
  assert.equal(rateLimiterFor(recipe), undefined);
  assert.equal(buildStore({ ...recipe, startMs: 0 }).store.replica, undefined);
  assert.equal(pressuresFor({ ...recipe, quiet: false }).length, 3);
});
