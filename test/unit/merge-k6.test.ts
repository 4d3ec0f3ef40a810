import { test } from 'node:test';
import assert from 'node:assert/strict';
import { k6Percentile, mergeK6Summaries } from '../../src/report/merge-k6.ts';
import { segmentArgs, segmentPath } from '../../src/cli/run-k6-segments.ts';
import { strategyResultFromK6, type K6Summary } from '../../src/report/from-k6.ts';
import { resolveStrategy } from '../../src/core/strategy-text.ts';
import type { AuditReport } from '../../mock-server/domain/audit.ts';

const half = (trades: number, passes: number, ok: boolean, p95: number): K6Summary => ({
  metrics: {
    wfm_trades: { type: 'counter', values: { count: trades, rate: 1 } },
    'wfm_trade_success{strategy:x}': {
      type: 'rate',
      values: { rate: passes / trades, passes, fails: trades - passes },
      thresholds: { 'rate>0.9': { ok } },
    },
    wfm_time_to_outcome: { type: 'trend', values: { med: 1, 'p(95)': p95 } },
  } as K6Summary['metrics'],
});

test('merged summaries: counters add, rates come from summed passes and fails, a threshold holds only if it held everywhere', () => {
  const merged = mergeK6Summaries(
    [half(10, 10, true, 100), half(10, 5, false, 900)],
    new Map([['wfm_time_to_outcome', [1, 2, 3, 4, 5]]]),
  );
  assert.equal(merged.metrics['wfm_trades']?.values?.['count'], 20);
  assert.equal(merged.metrics['wfm_trade_success{strategy:x}']?.values?.['rate'], 0.75);
  assert.deepEqual(merged.metrics['wfm_trade_success{strategy:x}']?.thresholds, { 'rate>0.9': { ok: false } });
  // Percentiles from the raw samples, never an average of the halves' p95s (500 here).
  assert.equal(merged.metrics['wfm_time_to_outcome']?.values?.['p(95)'], 4.8);
  assert.equal(merged.metrics['wfm_time_to_outcome']?.values?.['med'], 3);
});

test('a trend without raw samples is left out rather than guessed', () => {
  const merged = mergeK6Summaries([half(1, 1, true, 100), half(1, 1, true, 200)], new Map());
  assert.equal(merged.metrics['wfm_time_to_outcome'], undefined);
});

test('k6 percentiles interpolate between the two nearest ranks', () => {
  assert.equal(k6Percentile([10, 20], 0.5), 15);
  assert.equal(k6Percentile([7], 0.99), 7);
  assert.equal(k6Percentile([], 0.5), 0);
});

test('segment flags and per-segment file names', () => {
  assert.deepEqual(segmentArgs(0, 2), ['--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1']);
  assert.deepEqual(segmentArgs(2, 3), ['--execution-segment', '2/3:1', '--execution-segment-sequence', '0,1/3,2/3,1']);
  assert.equal(segmentPath('/r/k6-summary-x.json', 1), '/r/k6-summary-x-seg1.json');
  assert.equal(segmentPath('/r/k6-samples-x.json.gz', 0), '/r/k6-samples-x-seg0.json.gz');
  assert.equal(segmentPath('/r/k6-x.log', 1), '/r/k6-x-seg1.log');
});

test("a partitioning strategy's swaps never started are planned - trades, not k6's dropped_iterations (which counts idle padding)", () => {
  const audit: AuditReport = {
    writes: 0,
    writesBy: {},
    nonMonotonicVersions: 0,
    lostUpdates: 0,
    shiftsTradedTwice: [],
    doubleBookedShifts: [],
    tradesByState: { Approved: 40 },
    tradesPerLegacyId: {},
    duplicateLegacyIds: [],
    versionHistory: {},
  };
  // 4 VUs x 120 iterations, one VU held every partition: it started 46 of 120, the other 3 ran their padding.
  const summary: K6Summary = {
    metrics: {
      wfm_trades: { values: { count: 46 } },
      wfm_trades_applied: { values: { count: 40 } },
      dropped_iterations: { values: { count: 92 } },
    },
  };
  const row = (name: string) => strategyResultFromK6(resolveStrategy(name), summary, audit, {}, 90, {}, 120);
  assert.equal(row('serialized-per-schedule').droppedIterations, 74);
  // An arrival-rate strategy's dropped iterations are arrivals that found no free VU: k6's own count.
  assert.equal(row('refetch-full-jitter').droppedIterations, 92);
  // Without the plan's size, k6's count stands (the report cannot know better).
  assert.equal(
    strategyResultFromK6(resolveStrategy('serialized-per-schedule'), summary, audit, {}, 90).droppedIterations,
    92,
  );
});
