/**
 * The token sentence (issue 17; docs/reports.md "Tokens"): when 429s of the per-token bucket decided a
 * run, report.md says so in one sentence, with the clients the load needs by a written rule:
 * k = ceil(trades per world-s x 60 x requests per trade / requests per token-minute).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenLimits, tokenSentence } from '../../src/report/tokens.ts';
import { clientOfTrade, clientsNeeded } from '../../src/scenario/clients.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { RunResults, StrategyResult } from '../../src/report/results.ts';

function row(strategy: string, over: Partial<StrategyResult>, token429: number): StrategyResult {
  return {
    strategy,
    origin: 'test',
    trades: 2400,
    applied: 300,
    gaveUp: 2100,
    failed: 0,
    tradesFailedBy409: 0,
    tradesFailedOther: 2100,
    tradeFailureRate409: 0,
    requests: 9000,
    writeRequests: 6000,
    conflicts: 0,
    conflictsByKind: {},
    conflictRate: 0,
    successRate: 0.125,
    requestsPerTrade: 3.75,
    conflictsPerTrade: 0,
    timeToOutcomeMs: { p50: 1, p95: 2, p99: 3 },
    goodputPerWorldS: 1,
    droppedIterations: 0,
    server: {
      tradesApproved: 300,
      conflicts409: 0,
      rejections: token429 > 0 ? { '429 rate:token': token429 } : {},
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

function results(strategies: StrategyResult[]): RunResults {
  return {
    schemaVersion: 1,
    runId: 'r',
    kind: 'sim',
    scenario: 'dst-paris-2000',
    seed: 1,
    gitCommit: 'c',
    startedAt: '2027-03-28T00:58:00.000Z',
    tools: {},
    load: { tradesPerSecond: 15, durationS: 160, clockSpeed: 10, clients: 1 },
    rateLimits: { perTokenPerMinute: 300, perUserTradeWritesPerMinute: 5 },
    strategies,
  };
}

test('the rule: k = ceil(rate x 60 x requests per trade / per-token-minute), at least 1', () => {
  assert.equal(clientsNeeded(15, 2.43, 300), 8); // 15 x 60 x 2.43 / 300 = 7.29
  assert.equal(clientsNeeded(15, 2.4, 300), 8); // exactly 7.2
  assert.equal(clientsNeeded(5, 1, 300), 1); // exactly 1: one client suffices
  assert.equal(clientsNeeded(0.5, 2, 300), 1);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => clientOfTrade(i, 3)),
    [0, 1, 2, 0, 1],
  );
});

test('trades failed on the token: "token-limited: N answers of 429; this load needs at least k clients at 300 requests/min"', () => {
  const limited = row(
    'refetch-full-jitter',
    { requestsPerUnthrottledTrade: 2.43, failedOtherByCause: { client: { '429 token': 2100 }, server: {} } },
    2240,
  );
  const run = results([limited]);
  const sentence = tokenSentence(run);
  assert.ok(sentence);
  assert.match(
    sentence,
    /^token-limited: 2240 answers of 429; this load needs at least 8 clients at 300 requests\/min /,
  );
  assert.match(sentence, /2100 trades failed on the token's 429; it ran with 1/);
  // report.md's verdict carries it (src/report/verdict-notes.ts).
  assert.match(
    renderMarkdown(run),
    /\. Token-limited: 2240 answers of 429; this load needs at least 8 clients .*\)\. /,
  );
  assert.deepEqual(
    tokenLimits(run).map((l) => [l.strategy, l.needed, l.clients]),
    [['refetch-full-jitter', 8, 1]],
  );
  // Eight clients that still met the limit (bursts of retries): the mean's 8 is not enough, so at least 9.
  const burst = { ...run, load: { ...run.load, clients: 8 } };
  assert.deepEqual(
    tokenLimits(burst).map((l) => [l.needed, l.fromMean]),
    [[9, false]],
  );
  assert.match(tokenSentence(burst) ?? '', /needs at least 9 clients .* it ran with 8, which the mean load fits/);
});

test('429s that failed no trade are said as such; no 429, or no rate limits, no sentence; several strategies are named', () => {
  const slowed = row('rate-paced', { requestsPerUnthrottledTrade: 2, tradesFailedOther: 0 }, 40);
  assert.match(tokenSentence(results([slowed])) ?? '', /^token 429s: 40 answers of 429 slowed trades but failed none/);
  assert.equal(tokenSentence(results([row('no-retry', {}, 0)])), undefined);
  assert.equal(tokenSentence({ ...results([slowed]), rateLimits: null }), undefined);
  const two = tokenSentence(results([slowed, row('no-retry', {}, 0), { ...slowed, strategy: 'other' }]));
  assert.deepEqual(
    two?.split('\n').map((line) => /\(([a-z-]+)\)/.exec(line)?.[1]),
    ['rate-paced', 'other'],
  );
});
