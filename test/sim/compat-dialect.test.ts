/**
 * The compat dialect in virtual time: syncTrade, unchanged, over the mock's compat routes in-process.
 * Exact numbers for seed 2 (they move only if the world, the planner, the latency model or the compat
 * routes change). They show what the bulk-swap thread's scheduleVersion does: one version per schedule
 * makes unrelated swaps conflict with each other, and in the DST window every agent's re-save (one of 50
 * agents every 10 world-s: one every 200 world ms) moves it, so a version read a round trip ago is often stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { compat, compatUnversioned } from '../../src/core/dialects/compat.ts';
import type { Dialect } from '../../src/core/dialects/dialect.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import type { SwapRun } from '../../src/sim/experiments/swaps.ts';

const SEED = 2;
/** No pressures, 80 swaps in 2 s: the only conflicts are swaps meeting each other. */
const BURST: ScenarioSpec = {
  ...dstParis,
  name: 'burst',
  pressures: { dstReconciliation: null },
  load: { ...dstParis.load, tradesPerSecond: 40, durationS: 2 },
};
const REVIEWED: ScenarioSpec = {
  ...BURST,
  load: { ...BURST.load, tradesPerSecond: 4 },
  world: {
    ...dstParis.world,
    businessUnits: dstParis.world.businessUnits.map((bu) => ({
      ...bu,
      managementUnits: bu.managementUnits.map((u) => ({ ...u, shiftTrading: { autoReview: false } })),
    })),
  },
};

const run = (scenario: ScenarioSpec, strategy: string, dialect: Dialect = compat) =>
  runSwaps({ scenario, strategy: getPreset(strategy), seed: SEED, dialect });

function summary(r: SwapRun) {
  const { trades, applied, gaveUp, failed, requests, writeRequests, conflicts } = r.totals;
  return {
    trades,
    applied,
    gaveUp,
    failed,
    requests,
    writeRequests,
    conflicts,
    conflictsByKind: r.conflictsByKind,
    rejections: r.server.rejections,
  };
}

function assertServerTruth(r: SwapRun, label: string): void {
  assert.equal(r.server.tradesApproved, r.totals.applied, `${label}: the client's applied count is the server's`);
  assert.equal(r.server.conflicts409, r.totals.conflicts, `${label}: the client saw every 409 the server sent`);
  assert.equal(
    r.server.shiftsTradedTwice + r.server.doubleBookedShifts + r.server.lostUpdates + r.server.nonMonotonicVersions,
    0,
    label,
  );
}

test(`compat swaps meet each other on the schedule's version; re-reading applies all, stale re-sends give up (seed ${SEED})`, async () => {
  const refetch = await run(BURST, 'refetch-full-jitter');
  // 80 swaps in 2 world-s on one schedule version: most meet another's write; full jitter's 6 tries
  // (waits up to 2 s) do not outlast a burst that keeps moving the version.
  assert.deepEqual(summary(refetch), {
    trades: 79,
    applied: 67,
    gaveUp: 12,
    failed: 0,
    requests: 582,
    writeRequests: 291,
    conflicts: 224,
    conflictsByKind: { 'version-conflict': 224 },
    rejections: { '409 compat:schedule-version': 224 },
  });
  assert.equal(refetch.dropped, 1, 'one arrival found all 40 VUs busy');
  // A swap that met no conflict is one read and one POST.
  for (const r of refetch.results.filter((x) => x.conflicts === 0))
    assert.deepEqual([r.requests, r.writeRequests], [2, 1], r.legacyId);
  const stale = await run(BURST, 'stale-backoff');
  // Re-sending the version read before the first try: after one conflict it is stale for good.
  assert.deepEqual(summary(stale), {
    trades: 61,
    applied: 22,
    gaveUp: 39,
    failed: 0,
    requests: 200,
    writeRequests: 139,
    conflicts: 117,
    conflictsByKind: { 'version-conflict': 117 },
    rejections: { '409 compat:schedule-version': 117 },
  });
  assert.equal(stale.dropped, 19, 'VUs sleeping 2-8 s leave no VU free for 19 arrivals');
  // The genesys routes version each trade: the same burst meets no conflict at all.
  assert.equal(
    (await runSwaps({ scenario: BURST, strategy: getPreset('refetch-full-jitter'), seed: SEED })).totals.conflicts,
    0,
  );
  for (const [label, r] of [
    ['refetch', refetch],
    ['stale', stale],
  ] as const)
    assertServerTruth(r, label);
});

test(
  `in the DST window every agent's re-save moves the scheduleVersion: versioned POSTs also meet version ` +
    `conflicts; without one only locks refuse (seed ${SEED})`,
  async () => {
    const versioned = await run(dstParis, 'refetch-full-jitter');
    // Rate limits on in dst-paris (issue 17): each compat POST counts against its initiator's 5 trade writes
    // per world-minute, so 11 quick re-tries meet 429 rate:user and 8 more swaps give up (was 79 applied).
    assert.deepEqual(summary(versioned), {
      trades: 80,
      applied: 71,
      gaveUp: 9,
      failed: 0,
      requests: 383,
      writeRequests: 194,
      conflicts: 112,
      conflictsByKind: { locked: 78, 'version-conflict': 34 },
      rejections: {
        '409 compat:locked:dst-reconciliation': 78,
        '409 compat:schedule-version': 34,
        '429 rate:user': 11,
      },
    });
    const unversioned = await run(dstParis, 'refetch-full-jitter', compatUnversioned);
    // Rate limits on (issue 17): 4 re-tries into a lock meet 429 rate:user and 3 swaps give up (was 80 applied).
    assert.deepEqual(summary(unversioned), {
      trades: 80,
      applied: 77,
      gaveUp: 3,
      failed: 0,
      requests: 159,
      writeRequests: 159,
      conflicts: 78,
      conflictsByKind: { locked: 78 },
      rejections: { '409 compat:locked:dst-reconciliation': 78, '429 rate:user': 4 },
    });
    for (const [label, r] of [
      ['versioned', versioned],
      ['unversioned', unversioned],
    ] as const)
      assertServerTruth(r, label);
  },
);

test('a swap left PENDING for review is approved by the match step: a PUT with If-Match', async () => {
  const reviewed = await run(REVIEWED, 'refetch-full-jitter');
  assert.deepEqual(
    reviewed.results.map((r) => `${r.outcome} ${r.requests}/${r.writeRequests}`),
    Array.from({ length: 8 }, () => 'applied 3/2'),
  );
  assert.deepEqual(reviewed.requestCounts, {
    'GET /api/v2/wfm/schedule/shift-trades 200': 8,
    'POST /api/v2/wfm/schedule/shift-trades 201': 8,
    'PUT /api/v2/wfm/scheduling/shifts/:tradeId 200': 8,
  });
  assertServerTruth(reviewed, 'reviewed');
});
