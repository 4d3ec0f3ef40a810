/** Server-truth thresholds (src/observe/thresholds.ts): what is refused before a run, and how a verdict is reached. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkObserveThresholds,
  judgeThresholds,
  ObserveThresholdError,
  serverTruthThresholds,
} from '../../src/observe/thresholds.ts';
import type { ObservedTrade } from '../../src/observe/records.ts';
import type { StrategyResult } from '../../src/report/results.ts';
import { findingsOf } from '../../src/report/findings.ts';

const observed: NonNullable<StrategyResult['observed']> = {
  outcomes: { applied: 3, orphaned: 1 },
  orphans: 1,
  duplicates: 0,
  refused: 0,
  retryAfterIgnored: 4,
  staleResends: 2,
  rateLimited: 6,
  serverErrors: 0,
  reads: 10,
  logins: 1,
  principals: 1,
  unattributed: { requests: 1, byReason: { x: 1 } },
  journalDropped: 0,
  tradesRetired: 0,
};

const row = {
  strategy: 'your-client',
  trades: 4,
  applied: 3,
  tradesFailedBy409: 1,
  tradesFailedOther: 0,
  requests: 40,
  writeRequests: 20,
  conflicts: 5,
  requestsPerTrade: 10,
  server: { lostUpdates: 0 },
  observed,
} as unknown as StrategyResult;

const records = [100, 200, 300, 4_000].map((ms, i) => ({ timeToOutcomeMs: ms, requests: i + 1 })) as ObservedTrade[];

test('verdicts: count, rate over its denominator, a trend percentile, and a strategy tag naming someone else', () => {
  const verdicts = judgeThresholds(
    {
      orphans: ['count==0'],
      trades_failed_by_409: ['rate<0.5'],
      retry_after_ignored: ['rate<0.05'],
      'time_to_outcome{strategy:your-client}': ['p(50)<=250', 'max<1000'],
      'stale_resends{strategy:someone-else}': ['count==0'],
      requests_per_trade: ['value<=10', 'med<3'],
    },
    row,
    records,
  );
  assert.deepEqual(
    verdicts.map((v) => [v.metric, v.expression, v.ok, v.value]),
    [
      ['orphans', 'count==0', false, 1],
      ['requests_per_trade', 'med<3', true, 2.5],
      ['requests_per_trade', 'value<=10', true, 10],
      ['retry_after_ignored', 'rate<0.05', false, 0.1],
      ['time_to_outcome{strategy:your-client}', 'max<1000', false, 4_000],
      ['time_to_outcome{strategy:your-client}', 'p(50)<=250', true, 250],
      ['trades_failed_by_409', 'rate<0.5', true, 0.25],
    ],
  );
});

test('an unknown metric, an aggregation a metric does not offer, or a malformed expression is refused, naming it', () => {
  assert.throws(() => checkObserveThresholds({ wfm_trade_success: ['rate>0.9'] }, 'f.json'), {
    name: 'Error',
    message: /f\.json: "wfm_trade_success" is not a server-truth metric.*known: trades, trades_applied/,
  });
  assert.throws(
    () => checkObserveThresholds({ orphans: ['p(95)<1'] }, 'cli'),
    (e: unknown) => e instanceof ObserveThresholdError && /has no p\(95\); it offers count, rate/.test(e.message),
  );
  assert.throws(() => checkObserveThresholds({ orphans: ['count=0'] }, 'cli'), /is not like count==0/);
  assert.throws(() => checkObserveThresholds({ 'orphans{kind:x}': ['count==0'] }, 'cli'), /not a server-truth metric/);
});

test("a scenario's k6 thresholds are set aside, its server-truth ones kept", () => {
  assert.deepEqual(serverTruthThresholds({ 'wfm_trade_success{strategy:x}': ['rate>0.95'], orphans: ['count==0'] }), {
    kept: { orphans: ['count==0'] },
    skipped: ['wfm_trade_success{strategy:x}'],
  });
});

test('findings: each counted behaviour is named with its threshold metric; logins only past the tokens the load asks for', () => {
  const named = (o: Partial<typeof observed>, trades = 12, tokens?: number) =>
    findingsOf({ ...row, trades, observed: { ...observed, ...o } } as StrategyResult, tokens).map((f) => f.metric);
  assert.deepEqual(named({ logins: 1 }), ['orphans', 'retry_after_ignored', 'stale_resends', 'unattributed']);
  assert.ok(named({ logins: 12 }).includes('logins'), 'a token per trade');
  assert.ok(!named({ logins: 3 }, 100).includes('logins'), 'three tokens for a hundred trades: one per 33');
  assert.ok(!named({ logins: 4 }, 12, 4).includes('logins'), 'the four tokens load.clients asks for');
  assert.deepEqual(
    named({
      orphans: 0,
      retryAfterIgnored: 0,
      staleResends: 0,
      logins: 1,
      unattributed: { requests: 0, byReason: {} },
    }),
    [],
  );
});
