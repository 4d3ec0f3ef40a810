/**
 * Choosing the API family by name (sync/sim/compare --dialect, k6 DIALECT): the same dst-paris swaps,
 * seed 1, through each dialect reach the server as that family's requests (the server's own rejection
 * causes say which routes answered), and the choice is recorded in results.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, getDialect } from '../../src/core/dialects/index.ts';
import { dialectName } from '../../src/cli/options.ts';
import { getSimScenario } from '../../src/sim/experiments/index.ts';
import { simRunResults } from '../../src/sim/run-results.ts';

test('an unknown dialect is refused with the known names, by the registry and by the CLI parser', () => {
  assert.deepEqual(Object.keys(DIALECTS), [
    'genesys-legacy',
    'genesys-jobs',
    'genesys-jobs-async',
    'compat',
    'compat-unversioned',
  ]);
  for (const name of Object.keys(DIALECTS)) assert.equal(getDialect(name).name, name);
  assert.throws(
    () => getDialect('soap'),
    /unknown dialect "soap"; known: genesys-legacy, genesys-jobs, genesys-jobs-async, compat, compat-unversioned/,
  );
  assert.throws(() => dialectName('soap'), /unknown dialect "soap"; known: genesys-legacy/);
});

/**
 * The pinned numbers are exact for seed 1: what `wfm-harness sim --scenario dst-paris --strategy
 * refetch-full-jitter --seed 1 --dialect <name>` writes to results.json (trades, applied, requests,
 * writeRequests, server.rejections), measured when this test was written; only a change to a dialect, the
 * job routes, the strategy or the scenario moves them. Counted by route from that run's `--trace`: genesys-legacy:
 * 227 requests = 204 writes (a create and a match per swap, plus the retries after 45 409s: 44
 * reconciliation locks, 1 version) + 23 reads of an agent's trades to re-fetch a version.
 * genesys-jobs-async: 1456 = 281 writes (86 creates, 195 matches, each answered 202 with a job that ends
 * 2 world-s later) + 1060 polls of those jobs (DEFAULT_JOB_POLL: 250 ms, then doubling) + 115 re-reads;
 * while a write waits out its job the reconciliation moves versions on: 85 version 409s, 75 applied.
 */
test('dst-paris seed 1, refetch-full-jitter: each dialect is answered by its own routes, with its own outcome', async () => {
  const run = async (dialect?: string) => {
    const outcome = await getSimScenario('dst-paris').run({
      strategies: ['refetch-full-jitter'],
      seed: 1,
      ...(dialect ? { dialect } : {}),
    });
    const row = outcome.strategies[0];
    assert.ok(row);
    return { outcome, row, causes: Object.keys(row.server.rejections).sort() };
  };
  const legacy = await run();
  assert.equal(legacy.outcome.dialect, 'genesys-legacy');
  assert.deepEqual([legacy.row.trades, legacy.row.applied, legacy.row.requests], [80, 79, 227]);
  // Rate limits on in dst-paris (issue 17): the one swap that ended on a 409 version now ends on 429 rate:user.
  assert.deepEqual(legacy.causes, ['409 locked:dst-reconciliation', '429 rate:user']);

  // Answered at once, the job routes meet exactly the legacy routes' conflicts, counted as job errors.
  const jobs = await run('genesys-jobs');
  assert.deepEqual([jobs.row.trades, jobs.row.applied, jobs.row.requests], [80, 79, 227]);
  assert.deepEqual(jobs.row.server.rejections, { '409 job:locked:dst-reconciliation': 44, '429 rate:user': 1 });
  assert.deepEqual(legacy.row.server.rejections, { '409 locked:dst-reconciliation': 44, '429 rate:user': 1 });

  // forceAsync: every write waits out its job (2 world-s), polling it; meanwhile the versions move on. The
  // polls are requests too: about 10 a world-second, past one token's 300 a minute, so since the rate
  // limits are on (issue 17) 461 answers are the token's 429 and half the swaps are lost (was 75 of 80).
  const async = await run('genesys-jobs-async');
  assert.deepEqual(
    [async.row.trades, async.row.applied, async.row.requests, async.row.writeRequests],
    [80, 40, 1622, 456],
  );
  assert.equal(async.row.server.rejections['429 rate:token'], 461);
  assert.ok(
    async.causes.every((cause) => cause.startsWith('409 job:') || cause.startsWith('429 rate:')),
    async.causes.join(', '),
  );

  // The compat profile's one scheduleVersion per week moves with every agent's re-save: more conflicts
  // (38 version 409s against none on the legacy routes), and re-reading still applies most swaps; its
  // retries are writes of the same initiators, so 9 meet the per-user limit (rate limits on, issue 17).
  const compat = await run('compat');
  assert.equal(compat.row.applied, 74);
  assert.equal(compat.row.server.rejections['409 compat:schedule-version'], 38);
  assert.deepEqual(compat.causes, [
    '409 compat:locked:dst-reconciliation',
    '409 compat:schedule-version',
    '429 rate:user',
  ]);
  const unversioned = await run('compat-unversioned');
  assert.equal(unversioned.row.applied, 80);

  const results = simRunResults(async.outcome, 1, 'test', 'v20');
  assert.equal(results.dialect, 'genesys-jobs-async');
});

test('aws-occ contends with one trade PATCH: asking it for another dialect is an error, not a silent ignore', async () => {
  await assert.rejects(
    getSimScenario('aws-occ').run({ strategies: ['exponential'], seed: 1, runs: 1, clients: [10], dialect: 'compat' }),
    /aws-occ contends on one trade with a PATCH \(genesys-legacy-trade-patch\); --dialect applies to the swap scenarios/,
  );
});
