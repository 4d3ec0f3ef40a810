/** junit.xml and results.csv: written from any list of checks and from the per-strategy table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit, runChecks } from '../../src/report/junit.ts';
import { renderCsv } from '../../src/report/csv.ts';
import type { RunResults, StrategyResult } from '../../src/report/results.ts';

function row(strategy: string, duplicateTrades = 0): StrategyResult {
  return {
    strategy,
    origin: 'test',
    trades: 10,
    applied: 7,
    gaveUp: 3,
    failed: 0,
    tradesFailedBy409: 3,
    tradesFailedOther: 0,
    tradeFailureRate409: 0.3,
    requests: 30,
    writeRequests: 20,
    conflicts: 5,
    conflictsByKind: {},
    conflictRate: 0.25,
    successRate: 0.7,
    requestsPerTrade: 3,
    conflictsPerTrade: 0.5,
    timeToOutcomeMs: { p50: 10, p95: 20, p99: 30 },
    goodputPerWorldS: 1,
    droppedIterations: 0,
    server: {
      tradesApproved: 7,
      conflicts409: 5,
      rejections: {},
      shiftsTradedTwice: 0,
      duplicateTrades,
      doubleBookedShifts: 0,
      lostUpdates: 0,
      nonMonotonicVersions: 0,
      falseFailures: 0,
    },
  };
}
const results: RunResults = {
  schemaVersion: 1,
  runId: 'r1',
  kind: 'sim',
  scenario: 'dst-paris',
  seed: 4,
  gitCommit: 'abc',
  startedAt: 't',
  tools: {},
  load: { tradesPerSecond: 1, durationS: 1, clockSpeed: 1 },
  strategies: [row('a'), row('b', 2)],
};

test('junit.xml has one suite per strategy and one case per check, failures carrying their message escaped', () => {
  const xml = renderJunit(results, [
    { strategy: 'a', name: 'baseline applied', passed: true, message: 'equal' },
    {
      strategy: 'b',
      name: 'baseline applied',
      passed: false,
      message: 'regression: baseline 7, now 6 <exact> & "more"',
    },
    { strategy: 'b', name: 'threshold wfm_trade_success', passed: true, message: 'rate>0.99' },
  ]);
  assert.match(xml, /<testsuites name="wfm-harness r1 seed 4 commit abc" tests="3" failures="1">/);
  assert.match(xml, /<testsuite name="sim dst-paris a" tests="1" failures="0"/);
  assert.match(xml, /<testsuite name="sim dst-paris b" tests="2" failures="1"/);
  assert.match(xml, /<failure message="regression: baseline 7, now 6 &lt;exact&gt; &amp; &quot;more&quot;">/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
});

test('without a baseline, one check per strategy: the server invariants, with its success in the message', () => {
  const checks = runChecks(results);
  assert.deepEqual(
    checks.map((c) => [c.strategy, c.passed]),
    [
      ['a', true],
      ['b', false],
    ],
  );
  assert.match(checks[0]?.message ?? '', /7\/10 applied \(success 70\.0%\)/);
  assert.match(checks[1]?.message ?? '', /duplicateTrades 2/);
});

test('results.csv holds a header and one row per strategy with the results numbers', () => {
  const lines = renderCsv(results).trim().split('\n');
  assert.equal(lines.length, 3);
  const header = (lines[0] ?? '').split(',');
  const b = (lines[2] ?? '').split(',');
  const cell = (name: string) => b[header.indexOf(name)];
  assert.equal(cell('strategy'), 'b');
  assert.equal(cell('success_rate'), '0.7');
  assert.equal(cell('duplicate_trades'), '2');
  assert.equal(cell('seed'), '4');
});
