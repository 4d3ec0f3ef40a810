import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeThresholds, parseThresholdArg, parseThresholds, scopeThresholds } from '../../src/scenario/thresholds.ts';
import { thresholdChecks, thresholdsFromK6, thresholdsMarkdown } from '../../src/report/thresholds.ts';
import type { RunResults } from '../../src/report/results.ts';

test('a bare metric is scoped to the strategy that runs; a key naming another strategy is left out; other tags keep theirs', () => {
  const thresholds = {
    wfm_trade_success: ['rate>0.9'],
    'wfm_trade_success{strategy:no-retry}': ['rate>0.5'],
    'wfm_trade_success{strategy:stale-backoff}': ['rate>0.7'],
    'wfm_conflicts{kind:locked}': ['count<100'],
  };
  assert.deepEqual(scopeThresholds(thresholds, 'no-retry'), {
    'wfm_trade_success{strategy:no-retry}': ['rate>0.9', 'rate>0.5'],
    'wfm_conflicts{kind:locked,strategy:no-retry}': ['count<100'],
  });
  assert.deepEqual(Object.keys(scopeThresholds(thresholds, 'refetch-full-jitter')), [
    'wfm_trade_success{strategy:refetch-full-jitter}',
    'wfm_conflicts{kind:locked,strategy:refetch-full-jitter}',
  ]);
});

test('--threshold splits at the last colon, so a tag filter may hold colons; a text without an expression is refused', () => {
  assert.deepEqual(parseThresholdArg('wfm_trade_success{strategy:no-retry}:rate>0.5'), {
    'wfm_trade_success{strategy:no-retry}': ['rate>0.5'],
  });
  assert.deepEqual(parseThresholdArg('wfm_time_to_outcome:p(95)<2000'), { wfm_time_to_outcome: ['p(95)<2000'] });
  assert.throws(() => parseThresholdArg('wfm_trade_success{strategy:no-retry}'), /not metric:expression/);
  assert.throws(() => parseThresholdArg('wfm_trade_success:'), /not metric:expression/);
  assert.throws(() => parseThresholdArg('9bad:rate>1'), /not a k6 metric name/);
  assert.deepEqual(mergeThresholds({ a_b: ['rate>0'] }, { a_b: ['rate<1'], c_d: ['count>0'] }), {
    a_b: ['rate>0', 'rate<1'],
    c_d: ['count>0'],
  });
});

test('a thresholds file must map metrics to non-empty lists of expressions; the error names the source and the key', () => {
  assert.deepEqual(parseThresholds({ wfm_trade_success: 'rate>0.9' }, 'f.json'), { wfm_trade_success: ['rate>0.9'] });
  assert.throws(() => parseThresholds([], 'f.json'), /f.json: thresholds must be an object/);
  assert.throws(
    () => parseThresholds({ wfm_trade_success: [] }, 'f.json'),
    /f.json: thresholds\["wfm_trade_success"\] must be a non-empty list/,
  );
  assert.throws(
    () => parseThresholds({ 'wfm{strategy}': ['rate>0'] }, 'f.json'),
    /tag filter "strategy" is not tag:value/,
  );
});

test("k6 verdicts become the result's thresholds and one junit check each, failed when k6 crossed it", () => {
  const verdicts = thresholdsFromK6({
    metrics: {
      'wfm_trade_success{strategy:x}': { thresholds: { 'rate>1.5': { ok: false }, 'rate>0': { ok: true } } },
      wfm_trades: { values: { count: 3 } },
    },
  });
  assert.deepEqual(verdicts, [
    { metric: 'wfm_trade_success{strategy:x}', expression: 'rate>0', ok: true },
    { metric: 'wfm_trade_success{strategy:x}', expression: 'rate>1.5', ok: false },
  ]);
  const results = {
    strategies: [{ strategy: 'x', applied: 2, trades: 3, tradesFailedBy409: 1, thresholds: verdicts }],
  } as unknown as RunResults;
  const checks = thresholdChecks(results);
  assert.deepEqual(
    checks.map((c) => [c.strategy, c.name, c.passed]),
    [
      ['x', 'threshold wfm_trade_success{strategy:x} rate>0', true],
      ['x', 'threshold wfm_trade_success{strategy:x} rate>1.5', false],
    ],
  );
  assert.match(checks[1]?.message ?? '', /^crossed: .*k6 exited 99.*2\/3 applied/);
  assert.deepEqual(thresholdsMarkdown(results).slice(4, 6), [
    '| x | `wfm_trade_success{strategy:x}` | `rate>0` | held |',
    '| x | `wfm_trade_success{strategy:x}` | `rate>1.5` | **crossed** |',
  ]);
  assert.deepEqual(
    thresholdsMarkdown({ strategies: [{ strategy: 'y' }] } as unknown as RunResults),
    [],
    'no section for a run without thresholds',
  );
});
