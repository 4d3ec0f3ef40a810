/**
 * Swaps through the job-based routes (genesys-jobs dialect) in virtual time, against dst-paris's DST
 * pressure: the workflow is unchanged, the dialect settles each job (polling a 202 at its selfUri), and a
 * 409 inside a job counts as a conflict on both sides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { genesysJobs, genesysJobsAsync } from '../../src/core/dialects/genesys-jobs.ts';
import { genesysLegacy } from '../../src/core/dialects/genesys-legacy.ts';
import type { Dialect } from '../../src/core/dialects/dialect.ts';
import { dstParis } from '../../src/scenarios/dst-paris.ts';
import { runSwaps } from '../../src/sim/scenarios/swaps.ts';
import type { SwapRun } from '../../src/sim/scenarios/swaps.ts';
import { PUBLISHED_LATENCY } from '../../src/sim/latency.ts';

const SEED = 2;
/** 3 s at 4 swaps/s: 12 swaps, inside the reconciliation window. */
const scenario = { ...dstParis, load: { ...dstParis.load, durationS: 3 } };
const run = (dialect: Dialect, seed = SEED) => runSwaps({ scenario, strategy: getPreset('refetch-full-jitter'), seed, latency: PUBLISHED_LATENCY, dialect });
const totals = (r: SwapRun) => {
  const { durationsMs: _durations, ...counts } = r.totals;
  return counts;
};
const JOBS = '/api/v2/workforcemanagement/shifttrading/trades';

test('answered at once (no forceAsync), the job routes give exactly the legacy routes\' outcomes and counts', async () => {
  const legacy = await run(genesysLegacy);
  const jobs = await run(genesysJobs);
  const perTrade = (r: SwapRun) => r.results.map(({ legacyId, outcome, requests, writeRequests, conflicts }) => ({ legacyId, outcome, requests, writeRequests, conflicts }));
  assert.deepEqual(perTrade(jobs), perTrade(legacy));
  assert.deepEqual(jobs.conflictsByKind, { locked: 3 });
  assert.deepEqual(jobs.server.rejections, { '409 job:locked:dst-reconciliation': 3 }, 'the lock refusals now sit inside Error jobs');
  assert.equal(jobs.requestCounts[`POST ${JOBS}/jobs 200`], 13);
  assert.equal(jobs.requestCounts[`POST ${JOBS}/:tradeId/match/jobs 200`], 14);
});

test('forceAsync: every write is 202 and polled; conflicts read from job errors, exact for the seed', async () => {
  const r = await run(genesysJobsAsync);
  assert.deepEqual(totals(r), { trades: 12, applied: 12, gaveUp: 0, failed: 0, requests: 118, writeRequests: 48, conflicts: 24 });
  // Each create result is seen one poll (15 world-s at 60x) after the job ran, by when a re-save has moved the
  // trade on: the first match of most swaps conflicts, the refetch then applies it.
  assert.deepEqual(r.conflictsByKind, { locked: 10, 'version-conflict': 14 });
  assert.equal(r.server.conflicts409, r.totals.conflicts, 'the server counts the same job 409s the client classified');
  assert.deepEqual(r.server.rejections, { '409 job:locked:dst-reconciliation': 10, '409 job:version': 14 });
  assert.equal(r.server.tradesApproved, r.totals.applied);
  assert.equal(r.server.lostUpdates + r.server.doubleBookedShifts + r.server.shiftsTradedTwice + r.server.nonMonotonicVersions, 0);
  const counts = r.requestCounts;
  assert.equal(counts[`POST ${JOBS}/jobs 202`], 14);
  assert.equal(counts[`POST ${JOBS}/:tradeId/match/jobs 202`], 34);
  assert.equal(counts[`GET ${JOBS}/jobs/:jobId 200`], 14, 'one poll per create job: each is done by the first poll');
  assert.equal(counts[`GET ${JOBS}/:tradeId/match/jobs/:jobId 200`], 34);
  assert.equal(Object.keys(counts).filter((key) => !/ 20[02]$/.test(key)).length, 0, 'no refused request: every conflict is inside a job');
});

test('the async run replays exactly from its seed', async () => {
  const strip = (r: SwapRun) => ({ results: r.results, server: r.server, counts: r.requestCounts, virtualMs: r.virtualMs });
  assert.deepEqual(strip(await run(genesysJobsAsync, 5)), strip(await run(genesysJobsAsync, 5)));
});
