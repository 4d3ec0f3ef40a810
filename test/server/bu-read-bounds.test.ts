/**
 * A business-unit read job keeps its result until retention drops it, so the result is bounded: over
 * MAX_READ_ENTRIES entries the job ends Error 400 (counted as `400 job:too-many-entries`) instead of
 * holding a list that grows with the world; at the bound it completes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { MAX_READ_ENTRIES, overBusinessUnit } from '../../mock-server/api/bu-read-routes.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

test('a read job over MAX_READ_ENTRIES entries ends Error 400; at the bound it completes; an unknown business unit is a 404', async (t) => {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 2), seed: 2, quiet: true });
  t.after(() => app.close());
  const ctx = { store: harness.store, refusals: harness.refusals, nowMs: harness.clock.nowMs(), correlationId: 'c-1' };
  const bu = harness.world.businessUnits[0]?.id ?? '';
  const of = (n: number) => () => ({ entries: Array.from({ length: n }, (_, i) => i), result: { n } });
  assert.deepEqual(overBusinessUnit(ctx, bu, of(MAX_READ_ENTRIES)), { ok: true, result: { n: MAX_READ_ENTRIES } });
  const over = overBusinessUnit(ctx, bu, of(MAX_READ_ENTRIES + 1));
  assert.equal(over.ok, false);
  assert.equal(over.ok === false && (over.error as { status: number }).status, 400);
  assert.equal(harness.refusals.counts()['400 job:too-many-entries'], 1);
  const missing = overBusinessUnit(ctx, 'no-such-unit', of(1));
  assert.equal(missing.ok === false && (missing.error as { status: number }).status, 404);
});
