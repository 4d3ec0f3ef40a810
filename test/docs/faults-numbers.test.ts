/**
 * docs/mock-server.md "Faults", "Measured in virtual time": the numbers of that paragraph, rerun. The
 * storm and the path are test/sim/faults.test.ts's (runSwaps, which `sim --faults` runs): dst-paris, seed 1,
 * 30% drop-after-commit, 5% 503, latency median 20 ms / p99 400 ms on writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultConfig } from '../../mock-server/api/faults.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import { page, section } from './support.ts';

const STORM = faultConfig.parse({
  dropAfterCommitRate: 0.3,
  error5xxRate: 0.05,
  latencyMs: { medianMs: 20, p99Ms: 400 },
});

test('docs/mock-server.md: the faults measured in virtual time are what the simulator gives for seed 1', async () => {
  const text = section(page('mock-server.md'), '- **Measured in virtual time**').replace(/\s+/g, ' ');
  const run = (strategy: string) =>
    runSwaps({ scenario: dstParis, strategy: getPreset(strategy), seed: 1, faults: STORM });
  const full = await run('refetch-full-jitter');
  const sum = (pattern: RegExp) =>
    Object.entries(full.requestCounts)
      .filter(([key]) => pattern.test(key))
      .reduce((total, [, n]) => total + n, 0);
  const { applied, trades, gaveUp } = full.totals;
  const approved = full.server.tradesApproved;
  assert.ok(
    text.includes(
      `\`refetch-full-jitter\` applied ${applied} of ${trades} swaps (${gaveUp} gave up), with ${sum(/ dropped$/)} ` +
        `answers lost after their write and ${sum(/ 503$/)} refused; the server holds ${approved} approved trades ` +
        `and no legacy id twice: ${approved - applied} swaps it gave up on had landed`,
    ),
    `refetch-full-jitter: ${applied}/${trades} applied, ${gaveUp} gave up, ${sum(/ dropped$/)} lost, ` +
      `${sum(/ 503$/)} refused, ${approved} approved; the page says: ${text.slice(0, 700)}`,
  );
  assert.equal(full.server.duplicateTrades, 0);
  const once = await run('no-retry');
  assert.ok(
    text.includes(`(seed 1: ${once.totals.applied} applied, ${once.server.tradesApproved} approved)`),
    `no-retry: ${once.totals.applied} applied, ${once.server.tradesApproved} approved`,
  );
});
