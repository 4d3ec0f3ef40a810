/** The verdict's rule (docs/reports.md "The verdict"): fewest not applied, then fewest requests per trade; overlapping ranges tie. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResults, StrategyResult } from '../../src/report/results.ts';
import { spreadOf } from '../../src/report/seeds-table.ts';
import { verdictOf } from '../../src/report/verdict.ts';

function row(strategy: string, applied: number, requestsPerTrade: number, over: Partial<StrategyResult> = {}) {
  return {
    strategy,
    origin: 'test',
    trades: 80,
    applied,
    gaveUp: 80 - applied,
    failed: 0,
    tradesFailedBy409: 80 - applied,
    tradesFailedOther: 0,
    tradeFailureRate409: (80 - applied) / 80,
    requests: Math.round(requestsPerTrade * 80),
    writeRequests: 100,
    conflicts: 10,
    conflictsByKind: {},
    conflictRate: 0.1,
    successRate: applied / 80,
    requestsPerTrade,
    conflictsPerTrade: 0.1,
    timeToOutcomeMs: { p50: 1, p95: 2, p99: 3 },
    goodputPerWorldS: 1,
    droppedIterations: 0,
    server: {
      tradesApproved: applied,
      conflicts409: 10,
      rejections: {},
      shiftsTradedTwice: 0,
      duplicateTrades: 0,
      doubleBookedShifts: 0,
      lostUpdates: 0,
      nonMonotonicVersions: 0,
      falseFailures: 0,
    },
    ...over,
  } satisfies StrategyResult;
}

const results = (strategies: StrategyResult[], seeds?: number[]): RunResults => ({
  schemaVersion: 1,
  runId: 'r',
  kind: 'sim',
  scenario: 's',
  seed: 1,
  ...(seeds ? { seeds } : {}),
  gitCommit: 'c',
  startedAt: 't',
  tools: {},
  load: { tradesPerSecond: 1, durationS: 1, clockSpeed: 1 },
  strategies,
});

test('one seed: fewest trades not applied wins; an equal count goes to fewer requests per trade; the reason is given', () => {
  const v = verdictOf(
    results([row('none', 62, 1.9), row('stale', 79, 2.2), row('jitter', 80, 2.6), row('full', 79, 2.8)]),
  );
  assert.deepEqual(
    v.recommended.map((s) => s.strategy),
    ['jitter'],
  );
  assert.deepEqual(
    v.runnerUp.map((s) => s.strategy),
    ['stale'],
    'stale and full both lost 1 trade; stale needs fewer requests',
  );
  assert.match(v.paragraph, /^\*\*Recommended: jitter\*\* \(0 trades not applied, 2\.60 requests per trade\)\. Rule: /);
  assert.match(v.paragraph, /Runner-up: stale \(1 trade not applied against 0 for jitter\)/);
  assert.match(v.paragraph, /none: 18 trades not applied against 0 for jitter/);
  assert.match(v.paragraph, /One seed \(1\)/);
});

test('a strategy that broke an invariant or crossed a threshold is ruled out however few trades it lost', () => {
  const dup = row('dup', 80, 2, { server: { ...row('x', 80, 2).server, duplicateTrades: 1 } });
  const crossed = row('crossed', 80, 2, {
    thresholds: [{ metric: 'wfm_trade_success', expression: 'rate>0.99', ok: false }],
  });
  const v = verdictOf(results([dup, crossed, row('ok', 78, 3)]));
  assert.deepEqual(
    v.recommended.map((s) => s.strategy),
    ['ok'],
  );
  assert.match(v.paragraph, /dup: ruled out, it broke the server's invariants \(duplicateTrades 1\)/);
  assert.match(v.paragraph, /crossed: ruled out, it crossed its k6 threshold wfm_trade_success rate>0\.99/);
});

test('over seeds, ranges that overlap on every criterion are tied; a range wholly below another separates', () => {
  const spread = (notApplied: number[], rpt: number[]) => ({
    tradesNotApplied: spreadOf(notApplied),
    requestsPerTrade: spreadOf(rpt),
  });
  const a = row('a', 80, 2.6, { acrossSeeds: spread([0, 0, 0], [2.6, 3.1, 2.3]) });
  const b = row('b', 79, 2.8, { acrossSeeds: spread([1, 0, 0], [2.8, 3.6, 2.5]) });
  const c = row('c', 79, 2.2, { acrossSeeds: spread([1, 4, 2], [2.2, 2.3, 2.2]) });
  const tied = verdictOf(results([a, b, c], [1, 2, 3]));
  assert.deepEqual(
    tied.recommended.map((s) => s.strategy),
    ['a', 'b'],
  );
  assert.match(tied.paragraph, /^\*\*Tied: a, b\*\*: their ranges overlap on every criterion/);
  assert.match(tied.paragraph, /c: 1–4 trades not applied against 0 for a/);
  // Requests per trade separates a and b once their ranges no longer overlap.
  const b2 = row('b', 79, 3.5, { acrossSeeds: spread([1, 0, 0], [3.2, 3.6, 3.3]) });
  const separated = verdictOf(results([a, b2, c], [1, 2, 3]));
  assert.deepEqual(
    separated.recommended.map((s) => s.strategy),
    ['a'],
  );
  // Among the rest, b (0–1) and c (1–4) overlap on trades not applied; c needs fewer requests.
  assert.match(separated.paragraph, /Runner-up: c \(1–4 trades not applied against 0 for a\)/);
  assert.match(separated.paragraph, /b: 3\.20–3\.60 requests per trade against 2\.30–3\.10 for a/);
});

test('429s that cost the recommended strategy trades add the rate-limit sentence', () => {
  const limited = row('a', 70, 2, {
    tradesFailedBy409: 0,
    tradesFailedOther: 10,
    server: { ...row('x', 70, 2).server, rejections: { '429 rate:token': 42 } },
  });
  assert.match(verdictOf(results([limited])).paragraph, /Rate limits decided part of it: a met 42 answers of 429/);
  // With the causes of the failed trades (the client's view), only the trades lost to a 429 are blamed on it,
  // and a run whose failures are all something else (a rule's 400) gets no rate-limit sentence.
  const byCause = (client: Record<string, number>) => ({ client, server: {} });
  const mixed = { ...limited, failedOtherByCause: byCause({ '400 rule': 7, '429 user': 3 }) };
  assert.match(
    verdictOf(results([mixed])).paragraph,
    new RegExp(
      'Rate limits decided part of it: a met 42 answers of 429 and lost 3 trades to them \\(its 10 trades failed ' +
        'otherwise, by cause: 400 rule 7, 429 user 3\\)',
    ),
  );
  const rules = { ...limited, failedOtherByCause: byCause({ '400 rule': 10 }) };
  assert.doesNotMatch(verdictOf(results([rules])).paragraph, /Rate limits decided/);
});

test('a run the per-token limit decided says so before the ranking, with the clients to rerun on', () => {
  const tokenRow = (strategy: string, applied: number, byToken: number) =>
    row(strategy, applied, 1.4, {
      tradesFailedBy409: 80 - applied - byToken,
      tradesFailedOther: byToken,
      requestsPerUnthrottledTrade: 2.4,
      failedOtherByCause: { client: { '429 token': byToken }, server: { '429 rate:token': byToken } },
      server: { ...row('x', applied, 1.4).server, rejections: { '429 rate:token': byToken + 5 } },
    });
  const limited = (strategies: StrategyResult[]): RunResults => ({
    ...results(strategies),
    load: { tradesPerSecond: 15, durationS: 160, clockSpeed: 1, clients: 1 },
    rateLimits: { perTokenPerMinute: 300, perUserTradeWritesPerMinute: 5 },
  });
  // 15 trades/s x 60 x 2.4 requests / 300 per token-minute = 7.2: at least 8 clients.
  const decided = verdictOf(limited([tokenRow('a', 10, 60), tokenRow('b', 8, 70)]));
  assert.match(
    decided.paragraph,
    new RegExp(
      '^\\*\\*The token decided this run, not the retry strategies\\*\\*: most trades not applied failed on the ' +
        "per-token limit's 429 \\(a 60 of 70\\); rerun with at least 8 clients \\(`load\\.clients`\\) before " +
        'choosing\\. On this run: \\*\\*Recommended: a\\*\\*',
    ),
  );
  // When the token failed only a few of the recommended strategy's trades, the ranking stands on its own.
  const minor = verdictOf(limited([tokenRow('a', 10, 3), tokenRow('b', 8, 70)]));
  assert.match(minor.paragraph, /^\*\*Recommended: a\*\*/);
});
