/**
 * Tokens are part of the world, and every failure has a cause (issue 17), in the simulator: a load on
 * one OAuth client outruns its token and the report names 429 as the cause, from the client's view and
 * the server's; spread over the clients the token sentence asks for, the token's 429s are gone. A fault
 * that loses answers shows where the two views differ: the client saw a closed connection, the server
 * had answered 200.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPreset } from '../../src/core/strategies.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { measureSwaps } from '../../src/sim/measure-swaps.ts';
import { tokenLimits } from '../../src/report/tokens.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';

/** dst-paris with 1,000 Paris agents at 15 trades per world-s for 20 world-s (300 swaps), rate limits on. */
function busy(clients: number): ScenarioSpec {
  const [paris, ...others] = dstParis.world.businessUnits;
  const unit = paris?.managementUnits[0];
  assert.ok(paris && unit);
  return {
    ...dstParis,
    name: 'dst-paris-busy',
    world: {
      ...dstParis.world,
      businessUnits: [{ ...paris, managementUnits: [{ ...unit, agents: 1000 }] }, ...others],
    },
    pressures: { ...dstParis.pressures, rateLimits: {} },
    load: { ...dstParis.load, tradesPerSecond: 15, durationS: 20, maxVUs: 400, clients },
  };
}

const STRATEGY = getPreset('refetch-full-jitter');

test("one client: the token's 429 fails trades, named on both sides; on the clients the sentence asks for, none is left", async () => {
  const one = await measureSwaps(busy(1), STRATEGY, 1);
  const token429 = one.server.rejections['429 rate:token'] ?? 0;
  assert.ok(token429 > 0, 'one token cannot carry 15 trades per world-s');
  const causes = one.failedOtherByCause;
  assert.ok(causes, 'trades failed otherwise, by cause');
  const byToken = causes.client['429 token'] ?? 0;
  assert.ok(byToken > 0);
  // The server refused the same trades last with its token bucket: the two views agree on them.
  assert.equal(causes.server['429 rate:token'], byToken);
  assert.equal(
    Object.values(causes.client).reduce((a, b) => a + b, 0),
    one.tradesFailedOther,
    'every trade failed otherwise has a cause',
  );
  const [limit] = tokenLimits({
    load: { tradesPerSecond: 15, durationS: 20, clockSpeed: 10, clients: 1 },
    rateLimits: { perTokenPerMinute: 300, perUserTradeWritesPerMinute: 5 },
    strategies: [{ ...one, strategy: STRATEGY.name }],
  });
  assert.ok(limit && limit.needed > 1, `the sentence asks for more than one client: ${limit?.needed}`);
  const spread = await measureSwaps(busy(limit.needed), STRATEGY, 1);
  assert.equal(spread.server.rejections['429 rate:token'] ?? 0, 0, `${limit.needed} clients: no token 429`);
  assert.equal(spread.failedOtherByCause?.client['429 token'] ?? 0, 0);
  assert.ok(spread.applied > one.applied);
});

test('answers lost after the write: the client saw a closed connection, the server had answered', async () => {
  const run = await runSwaps({
    scenario: { ...dstParis, load: { ...dstParis.load, durationS: 40 } },
    strategy: getPreset('no-retry'),
    seed: 1,
    faults: faultConfig.parse({ dropAfterCommitRate: 0.5 }),
  });
  const causes = run.totals.failedOtherByCause;
  assert.ok(causes);
  const closed = causes.client['closed connection'] ?? 0;
  assert.ok(closed > 0, JSON.stringify(causes));
  const dropped = Object.entries(causes.server)
    .filter(([label]) => / dropped$/.test(label))
    .reduce((sum, [, n]) => sum + n, 0);
  assert.equal(
    dropped,
    closed,
    `every closed connection was an answer the server sent and lost: ${JSON.stringify(causes)}`,
  );
});
