/** report.html without a browser: what is drawn, what is said instead, and that nothing points outside. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../src/report/html.ts';
import { TimelineSink } from '../../src/sim/timeline-sink.ts';
import type { RunResults, StrategyResult } from '../../src/report/results.ts';

function row(strategy: string): StrategyResult {
  return {
    strategy,
    origin: 'test',
    trades: 10,
    applied: 9,
    gaveUp: 1,
    failed: 0,
    tradesFailedBy409: 1,
    tradesFailedOther: 0,
    tradeFailureRate409: 0.1,
    requests: 30,
    writeRequests: 20,
    conflicts: 5,
    conflictsByKind: {},
    conflictRate: 0.25,
    successRate: 0.9,
    requestsPerTrade: 3,
    conflictsPerTrade: 0.5,
    timeToOutcomeMs: { p50: 10, p95: 200, p99: 3000 },
    goodputPerWorldS: 1,
    droppedIterations: 0,
    server: {
      tradesApproved: 9,
      conflicts409: 5,
      rejections: { '409 version': 3, '409 locked:dst-reconciliation': 2 },
      shiftsTradedTwice: 0,
      duplicateTrades: 0,
      doubleBookedShifts: 0,
      lostUpdates: 0,
      nonMonotonicVersions: 0,
      falseFailures: 0,
    },
  };
}

const k6Run: RunResults = {
  schemaVersion: 1,
  runId: 'k6-run',
  kind: 'k6',
  scenario: 'dst-paris',
  seed: 7,
  gitCommit: 'abc123',
  startedAt: '2026-12-06T05:00:00Z',
  tools: { k6: 'k6 v2.2.0' },
  load: { tradesPerSecond: 4, durationS: 20, clockSpeed: 60 },
  dialect: 'genesys-legacy',
  strategies: [row('stale-backoff'), row('refetch-full-jitter')],
};

test('a k6 report draws three charts, says why the timeline is missing, and shows the run header', async () => {
  const html = await renderHtml(k6Run);
  assert.deepEqual(
    [...html.matchAll(/<figure class="chart" id="([a-z-]+)">/g)].map((m) => m[1]),
    ['refusals', 'time-to-outcome', 'requests-per-trade'],
  );
  assert.match(html, /over world time: not drawn\. This k6 run has no timeline/);
  assert.match(html, /only p50, p95 and p99 are known \(k6 summary\)/);
  for (const field of [
    '<dt>seed</dt><dd>7</dd>',
    '<dt>commit</dt><dd>abc123</dd>',
    '<dt>dialect</dt><dd>genesys-legacy</dd>',
    'k6 v2.2.0',
    '4 trades per world-s for 20 world-s',
  ])
    assert.ok(html.includes(field), field);
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(/i);
  assert.doesNotMatch(html.replace(/http:\/\/www\.w3\.org\/[0-9]{4}\/(svg|xlink)/g, ''), /https?:\/\//);
});

test('the timeline sink counts 409 answers and applied trades in buckets of world time from the start', () => {
  let nowMs = Date.parse('2027-03-28T00:40:00Z');
  const sink = new TimelineSink(() => nowMs);
  const startMs = nowMs;
  sink.record({ type: 'request', step: 'create', write: true, status: 409, durationMs: 1 });
  nowMs += 1500;
  sink.record({ type: 'request', step: 'create', write: true, status: 200, durationMs: 1 });
  sink.record({
    type: 'outcome',
    outcome: 'applied',
    durationMs: 1500,
    requests: 2,
    writeRequests: 2,
    lastWriteStatus: 200,
  });
  nowMs += 1000;
  sink.record({ type: 'request', step: 'create', write: true, status: 409, durationMs: 1 });
  sink.record({
    type: 'outcome',
    outcome: 'gave-up',
    durationMs: 1000,
    requests: 1,
    writeRequests: 1,
    lastWriteStatus: 409,
  });
  const timeline = sink.timeline(startMs, startMs + 3000);
  assert.equal(timeline.bucketMs, 1000);
  assert.equal(timeline.startUtc, '2027-03-28T00:40:00.000Z');
  assert.deepEqual(timeline.conflicts409, [1, 0, 1]);
  assert.deepEqual(timeline.applied, [0, 1, 0]);
});
