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
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import type { SwapRun } from '../../src/sim/experiments/swaps.ts';

const SEED = 2;
/** 24 world-s at one swap per 2 world-s: 12 swaps, inside the reconciliation window. */
const scenario = { ...dstParis, load: { ...dstParis.load, durationS: 24 } };
const run = (dialect: Dialect, seed = SEED) =>
  runSwaps({ scenario, strategy: getPreset('refetch-full-jitter'), seed, dialect });
// The trade counts only: the unthrottled figures (what a trade costs a token) are the token sentence's.
const totals = (r: SwapRun) => {
  const { durationsMs: _durations, unthrottledTrades: _trades, unthrottledRequests: _requests, ...counts } = r.totals;
  return counts;
};
const JOBS = '/api/v2/workforcemanagement/shifttrading/trades';

test("answered at once (no forceAsync), the job routes give exactly the legacy routes' outcomes and counts", async () => {
  const legacy = await run(genesysLegacy);
  const jobs = await run(genesysJobs);
  const perTrade = (r: SwapRun) =>
    r.results.map(({ legacyId, outcome, requests, writeRequests, conflicts }) => ({
      legacyId,
      outcome,
      requests,
      writeRequests,
      conflicts,
    }));
  assert.deepEqual(perTrade(jobs), perTrade(legacy));
  assert.deepEqual(jobs.conflictsByKind, { locked: 18, 'version-conflict': 2 });
  assert.deepEqual(
    jobs.server.rejections,
    // The per-user 429 (rate limits on in dst-paris, issue 17) is refused before any job starts.
    { '409 job:locked:dst-reconciliation': 18, '409 job:version': 2, '429 rate:user': 1 },
    'the refusals now sit inside Error jobs',
  );
  assert.equal(jobs.requestCounts[`POST ${JOBS}/jobs 200`], 16);
  // 28 match jobs, one of them refused 429 rate:user (rate limits on in dst-paris, issue 17).
  assert.equal(jobs.requestCounts[`POST ${JOBS}/:tradeId/match/jobs 200`], 27);
  assert.equal(jobs.requestCounts[`POST ${JOBS}/:tradeId/match/jobs 429`], 1);
});

test('forceAsync: every write is 202 and polled; conflicts read from job errors, exact for the seed', async () => {
  const r = await run(genesysJobsAsync);
  assert.deepEqual(totals(r), {
    trades: 12,
    applied: 9,
    gaveUp: 3,
    failed: 0,
    failedBy409: 3,
    requests: 279,
    writeRequests: 53,
    conflicts: 32,
  });
  // Every write waits 2 world-s in its job, and its result is seen at the poll after that (250 ms doubling:
  // the 3rd or 4th poll): a version read before the job ran has often been re-saved by the time the match job
  // runs, so matches conflict far more than answered at once (2 version conflicts), and 3 swaps give up.
  assert.deepEqual(r.conflictsByKind, { 'version-conflict': 23, locked: 9 });
  assert.equal(r.server.conflicts409, r.totals.conflicts, 'the server counts the same job 409s the client classified');
  assert.deepEqual(r.server.rejections, { '409 job:version': 23, '409 job:locked:dst-reconciliation': 9 });
  assert.equal(r.server.tradesApproved, r.totals.applied);
  assert.equal(
    r.server.lostUpdates + r.server.doubleBookedShifts + r.server.shiftsTradedTwice + r.server.nonMonotonicVersions,
    0,
  );
  const counts = r.requestCounts;
  assert.equal(counts[`POST ${JOBS}/jobs 202`], 12);
  assert.equal(counts[`POST ${JOBS}/:tradeId/match/jobs 202`], 41);
  assert.equal(
    counts[`GET ${JOBS}/jobs/:jobId 200`],
    44,
    '3 or 4 polls per create job: a job runs 2 world-s, polls come at 0.25, 0.75, 1.75, 3.75 s plus round trips',
  );
  assert.equal(counts[`GET ${JOBS}/:tradeId/match/jobs/:jobId 200`], 153);
  assert.equal(
    Object.keys(counts).filter((key) => !/ 20[02]$/.test(key)).length,
    0,
    'no refused request: every conflict is inside a job',
  );
});

test('the async run replays exactly from its seed', async () => {
  const strip = (r: SwapRun) => ({
    results: r.results,
    server: r.server,
    counts: r.requestCounts,
    virtualMs: r.virtualMs,
  });
  assert.deepEqual(strip(await run(genesysJobsAsync, 5)), strip(await run(genesysJobsAsync, 5)));
});
