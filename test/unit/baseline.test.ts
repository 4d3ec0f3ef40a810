/** The baseline diff: exact for the simulator, one-sided statistical margins for k6, missing sides reported. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffAgainst, diffTable, entryFromResults, flattenMetrics, hasRegression } from '../../src/report/baseline.ts';
import type { RunResults, StrategyResult } from '../../src/report/results.ts';

function row(strategy: string, over: Partial<StrategyResult> = {}): StrategyResult {
  return {
    strategy,
    origin: 'test',
    trades: 400,
    applied: 380,
    gaveUp: 20,
    failed: 0,
    tradesFailedBy409: 20,
    tradesFailedOther: 0,
    tradeFailureRate409: 0.05,
    requests: 1000,
    writeRequests: 800,
    conflicts: 200,
    conflictsByKind: { 'version-mismatch': 150, locked: 50 },
    conflictRate: 0.25,
    successRate: 0.95,
    requestsPerTrade: 2.5,
    conflictsPerTrade: 0.5,
    timeToOutcomeMs: { p50: 100, p95: 1000, p99: 2000 },
    goodputPerWorldS: 3,
    droppedIterations: 0,
    server: {
      tradesApproved: 380,
      conflicts409: 200,
      rejections: { '409 locked': 50 },
      shiftsTradedTwice: 0,
      duplicateTrades: 0,
      doubleBookedShifts: 0,
      lostUpdates: 0,
      nonMonotonicVersions: 0,
      falseFailures: 0,
    },
    ...over,
  };
}

function run(kind: 'sim' | 'k6', strategies: StrategyResult[]): RunResults {
  return {
    schemaVersion: 1,
    runId: 'r',
    kind,
    scenario: 'dst-paris',
    seed: 1,
    gitCommit: 'c',
    startedAt: 't',
    tools: {},
    load: { tradesPerSecond: 1, durationS: 1, clockSpeed: 1 },
    strategies,
  };
}

test('flattened metrics name nested counts by path and sweep points by client count', () => {
  const metrics = flattenMetrics(
    row('a', {
      sweep: [{ clients: 10, runs: 2, writeCallsMean: 5, requestsMean: 6, completionMsMean: 7, gaveUpMean: 0 }],
    }),
  );
  assert.equal(metrics['server.rejections.409 locked'], 50);
  assert.equal(metrics['timeToOutcomeMs.p95'], 1000);
  assert.equal(metrics['sweep[clients=10].writeCallsMean'], 5);
  assert.equal(metrics['strategy'], undefined);
});

test('a simulator run fails the gate on any change of any number, and passes when every number is equal', () => {
  const entry = entryFromResults(run('sim', [row('a')]), ['sim']);
  assert.equal(hasRegression(diffAgainst(entry, run('sim', [row('a')]))), false);
  const moved = diffAgainst(entry, run('sim', [row('a', { applied: 381 })]));
  assert.equal(hasRegression(moved), true);
  assert.deepEqual(
    moved.filter((d) => d.verdict === 'regression').map((d) => d.metric),
    ['applied'],
  );
  assert.match(diffTable(moved, 'baseline'), /\| a \| applied \| 380 \| 381 \| \+1 \| exact \| REGRESSION \|/);
});

test('a strategy or metric missing on one side is reported as missing, not as a regression or a crash', () => {
  const entry = entryFromResults(run('sim', [row('a'), row('gone')]), ['sim']);
  const now = row('a');
  const { sweep: _none, ...rest } = now;
  const diffs = diffAgainst(entry, run('sim', [{ ...rest, conflictsByKind: { 'version-mismatch': 150 } }, row('new')]));
  assert.equal(hasRegression(diffs), false);
  const missing = diffs.filter((d) => d.verdict === 'missing').map((d) => `${d.strategy} ${d.metric}`);
  assert.deepEqual(missing.sort(), ['a conflictsByKind.locked', 'gone (all)', 'new (all)']);
});

test('k6: a success rate drop within three standard errors passes; a larger one fails; a rise never fails', () => {
  const entry = entryFromResults(run('k6', [row('a')]), ['compare']);
  // p = 0.95, n = 400 on both sides: 0.02 + 3 * sqrt(2 * 0.95 * 0.05 / 400) ≈ 0.066.
  const small = diffAgainst(entry, run('k6', [row('a', { successRate: 0.9 })]));
  assert.equal(small.find((d) => d.metric === 'successRate')?.verdict, 'within');
  const large = diffAgainst(entry, run('k6', [row('a', { successRate: 0.87 })]));
  assert.equal(large.find((d) => d.metric === 'successRate')?.verdict, 'regression');
  const better = diffAgainst(entry, run('k6', [row('a', { successRate: 1, conflictRate: 0.1 })]));
  assert.equal(hasRegression(better), false);
  assert.equal(better.find((d) => d.metric === 'conflictRate')?.verdict, 'better');
});

test('k6: one more duplicate trade than the baseline fails; metrics without a rule (raw counts) are not compared', () => {
  const entry = entryFromResults(run('k6', [row('a')]), ['compare']);
  const server = { ...row('a').server, duplicateTrades: 1 };
  const diffs = diffAgainst(entry, run('k6', [row('a', { server, trades: 999 })]));
  assert.equal(diffs.find((d) => d.metric === 'server.duplicateTrades')?.verdict, 'regression');
  assert.equal(
    diffs.find((d) => d.metric === 'trades'),
    undefined,
  );
});
