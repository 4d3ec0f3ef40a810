/** The baseline diff: exact for the simulator, one-sided statistical margins for k6; it fails closed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryFor, entryFromResults, flattenMetrics } from '../../src/report/baseline.ts';
import type { BaselineFile } from '../../src/report/baseline.ts';
import { deltaText, diffAgainst, diffTable, hasRegression } from '../../src/report/baseline-diff.ts';
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
    scenarioHash: 'h1',
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

test('a baseline strategy missing from the run is a regression unless allowed; a new one is shown, not compared', () => {
  const entry = entryFromResults(run('sim', [row('a'), row('gone')]), ['sim']);
  const diffs = diffAgainst(entry, run('sim', [row('a'), row('new')]));
  assert.equal(hasRegression(diffs), true);
  const verdicts = diffs.filter((d) => d.metric === '(all)').map((d) => `${d.strategy} ${d.verdict}`);
  assert.deepEqual(verdicts.sort(), ['gone regression', 'new new']);
  const allowed = diffAgainst(entry, run('sim', [row('a')]), { allowMissing: true });
  assert.equal(hasRegression(allowed), false);
  assert.equal(allowed.find((d) => d.strategy === 'gone')?.verdict, 'missing');
  assert.match(
    diffTable(diffs, 'baseline'),
    /\| gone \| \(all\) \| — \| — \| — \| in the baseline, not in this run \| REGRESSION \|/,
  );
});

test('in the simulator a metric on one side only (a refusal cause that vanished) is a change, so a regression', () => {
  const entry = entryFromResults(run('sim', [row('a')]), ['sim']);
  const diffs = diffAgainst(entry, run('sim', [row('a', { conflictsByKind: { 'version-mismatch': 150 } })]));
  assert.deepEqual(
    diffs.filter((d) => d.verdict === 'regression').map((d) => `${d.metric} ${d.tolerance}`),
    ['conflictsByKind.locked only in the baseline'],
  );
});

test('the diff prints every number in full, as compared: 2359.95 is not "236", nor 1499.97 "15"', () => {
  const entry = entryFromResults(run('sim', [row('a', { timeToOutcomeMs: { p50: 100, p95: 2359.95, p99: 2000 } })]), [
    'sim',
  ]);
  const now = run('sim', [row('a', { timeToOutcomeMs: { p50: 100, p95: 1499.97, p99: 2000 } })]);
  const table = diffTable(diffAgainst(entry, now), 'baseline');
  assert.match(table, /\| a \| timeToOutcomeMs\.p95 \| 2359\.95 \| 1499\.97 \| -859\.98 \| exact \| REGRESSION \|/);
  assert.equal(deltaText(0.1, 0.3), '+0.2', 'no float noise (0.3 - 0.1 is 0.19999999999999998)');
  assert.equal(deltaText(2, 2.125), '+0.125');
});

test('an entry is found by kind, name, scenario hash, seed and dialect; a changed scenario finds none and says why', () => {
  const file: BaselineFile = {
    baselineVersion: 2,
    regenerate: 'x',
    entries: [entryFromResults(run('sim', [row('a')]), ['sim'])],
  };
  assert.ok(entryFor(file, run('sim', [row('a')])).entry);
  const changed = entryFor(file, { ...run('sim', [row('a')]), scenarioHash: 'h2' });
  assert.equal(changed.entry, undefined);
  assert.match(
    'why' in changed ? changed.why : '',
    /recorded for scenario hash h1 and this run's is h2: the scenario changed/,
  );
  const otherSeed = entryFor(file, { ...run('sim', [row('a')]), seed: 2 });
  assert.match('why' in otherSeed ? otherSeed.why : '', /no entry for sim dst-paris \(scenario hash h1\) seed 2/);
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
