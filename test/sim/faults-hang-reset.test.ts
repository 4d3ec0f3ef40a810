/**
 * The two Toxiproxy faults in virtual time (api/fault-units/): reset-before-commit (status 0, the route
 * never ran) and hang (no answer; the simulated link's request timeout, SIM_REQUEST_TIMEOUT_MS world
 * ms after the send, answers status 0). Neither writes anything, so a client that assumed its create
 * landed would lose the swap, and one that re-created blindly after drop-after-commit would duplicate it:
 * the core must look up before writing again, and never create a swap twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import type { SwapRun } from '../../src/sim/experiments/swaps.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';
import { SIM_REQUEST_TIMEOUT_MS } from '../../src/sim/network.ts';

const run = (faults: object, strategy: string, seed: number): SwapRun =>
  runSwaps({ scenario: dstParis, strategy: getPreset(strategy), seed, faults: faultConfig.parse(faults) });

const sumOf = (counts: Record<string, number>, suffix: string): number =>
  Object.entries(counts)
    .filter(([key]) => key.endsWith(suffix))
    .reduce((sum, [, n]) => sum + n, 0);

function assertNoDoubleSwap(r: SwapRun, where: string): void {
  assert.equal(r.server.duplicateTrades, 0, `${where}: duplicates`);
  assert.equal(r.server.lostUpdates, 0, `${where}: lost updates`);
  assert.equal(r.server.shiftsTradedTwice, 0, `${where}: a shift approved in two trades`);
  assert.ok(
    r.server.tradesApproved >= r.totals.applied,
    `${where}: ${r.totals.applied} applied, ${r.server.tradesApproved} approved`,
  );
}

const MIXES = {
  reset: { resetBeforeCommitRate: 0.3 },
  hang: { hangRate: 0.1 },
  'reset, hang and drop-after-commit': { resetBeforeCommitRate: 0.1, hangRate: 0.05, dropAfterCommitRate: 0.2 },
};

for (const [name, faults] of Object.entries(MIXES)) {
  test(`${name}: no strategy creates a swap twice or loses an update, over 5 seeds; the server counts what the injector drew`, async () => {
    for (const strategy of ['refetch-full-jitter', 'stale-backoff', 'no-retry']) {
      for (let seed = 1; seed <= 5; seed++) {
        const r = await run(faults, strategy, seed);
        const where = `${strategy}, seed ${seed}`;
        assertNoDoubleSwap(r, where);
        assert.equal(sumOf(r.requestCounts, ' reset'), r.faults.resetBeforeCommit, `${where}: resets`);
        assert.equal(sumOf(r.requestCounts, ' hang'), r.faults.hang, `${where}: hangs`);
        assert.ok(r.faults.resetBeforeCommit + r.faults.hang > 0, `${where}: some requests were reset or hung`);
      }
    }
  });
}

const slowestMs = (r: SwapRun): number => Math.max(...r.totals.durationsMs);

test('a hung request ends after the link timeout: the same seed replays it exactly, and hangs slow the run', async () => {
  const hung = await run({ hangRate: 0.1 }, 'refetch-full-jitter', 2);
  const again = await run({ hangRate: 0.1 }, 'refetch-full-jitter', 2);
  assert.deepEqual([again.faults, again.requestCounts, again.totals], [hung.faults, hung.requestCounts, hung.totals]);
  const quiet = await run({}, 'refetch-full-jitter', 2);
  assert.ok(hung.faults.hang > 0);
  // Every hung request holds its client SIM_REQUEST_TIMEOUT_MS of world time: outcomes come later.
  assert.ok(slowestMs(quiet) < SIM_REQUEST_TIMEOUT_MS, `without hangs the slowest trade takes ${slowestMs(quiet)} ms`);
  assert.ok(slowestMs(hung) >= SIM_REQUEST_TIMEOUT_MS, `with hangs the slowest trade takes ${slowestMs(hung)} ms`);
});
