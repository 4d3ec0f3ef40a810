/**
 * `wfm-harness sync` in-process against a listening mock: CSV input without scheduleId (found through
 * the management unit and the business unit's schedules of the week), a token that expires mid-run
 * (one new login, the request resent), and the refusals that must send nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { runSyncCommand } from '../../src/cli/sync-command.ts';
import type { SyncOptions } from '../../src/cli/sync-command.ts';
import { formatSwaps, plannedSwaps } from '../../src/cli/plan-command.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'wfm-sync-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function server() {
  const built = await buildServer({
    ...mockFromScenario(dstParis, 5),
    seed: 5,
    quiet: true,
    clients: [{ clientId: 'mig', clientSecret: 'pw', scopes: ['workforce-management'], tokenTtlS: 1 }],
  });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  assert.ok(address && typeof address === 'object');
  return { ...built, baseUrl: `http://127.0.0.1:${address.port}` };
}

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
    },
  };
}

function options(input: string, baseUrl: string, over: Partial<SyncOptions> = {}): SyncOptions {
  return {
    input,
    baseUrl,
    clientId: 'mig',
    clientSecret: 'pw',
    strategy: 'refetch-full-jitter',
    concurrency: 2,
    seed: 3,
    ...over,
  };
}

test(
  'CSV without scheduleId: the schedule is discovered, a token expiring mid-run means one new login, all applied',
  { timeout: 30_000 },
  async () => {
    const { app, harness, baseUrl } = await server();
    try {
      const rows = plannedSwaps('dst-paris', 5, 6).map(({ scheduleId: _dropped, ...row }) => row);
      const input = join(dir, 'swaps.csv');
      writeFileSync(input, formatSwaps(rows, 'csv'));
      assert.match(
        readFileSync(input, 'utf8').split('\n')[1] ?? '',
        /^swap-0001,[^,]+,\d{4}-\d{2}-\d{2},,/,
        'the scheduleId cells are empty',
      );
      // Fault latency is world time: 250 real ms per write at the clock's speed, so the run outlasts the 1 s token.
      harness.faults.set({
        error5xxRate: 0,
        dropAfterCommitRate: 0,
        routes: 'writes',
        latencyMs: [{ probability: 1, ms: 250 * harness.clock.state().speed }],
      });
      const { out, io: sink } = io();
      const code = await runSyncCommand(ROOT, options(input, baseUrl), sink);
      assert.equal(code, 0, out.stderr + out.stdout);
      assert.match(out.stdout, /6 trades: 6 applied/);
      const summary = JSON.parse(readFileSync(`${input}.journal.summary.json`, 'utf8'));
      assert.equal(summary.ok, true);
      assert.ok(
        summary.totals.logins >= 2,
        `the 1 s token expired during a ~1.5 s run: ${summary.totals.logins} logins`,
      );
      const counts = harness.requestCounts;
      assert.equal(
        counts['GET /api/v2/workforcemanagement/managementunits/:managementUnitId 200'],
        new Set(rows.map((r) => `${r.managementUnitId}|${r.weekDate}`)).size,
      );
      assert.ok(
        (counts[
          'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades 401'
        ] ?? 0) +
          (counts[
            'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId/match 401'
          ] ?? 0) >=
          1,
        JSON.stringify(counts),
      );
      assert.equal(harness.store.report().tradesByState['Approved'], 6);
    } finally {
      await app.close();
    }
  },
);

test('refusals that send nothing: bad input (exit 2), missing credentials (exit 2), wrong credentials (exit 1)', async () => {
  const { app, harness, baseUrl } = await server();
  try {
    const good = join(dir, 'good.json');
    writeFileSync(good, formatSwaps(plannedSwaps('dst-paris', 5, 2), 'json'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      formatSwaps(
        plannedSwaps('dst-paris', 5, 3).map((r, i) => (i === 1 ? { ...r, counterShiftId: '' } : r)),
        'json',
      ),
    );
    const cases: Array<[string, SyncOptions, number, RegExp]> = [
      ['bad input', options(bad, baseUrl), 2, /bad\.json:3, row 2, field "counterShiftId": must not be empty/],
      [
        'missing credentials',
        options(good, baseUrl, { clientSecret: undefined }),
        2,
        /--client-secret .* required; nothing was sent/,
      ],
      ['wrong credentials', options(good, baseUrl, { clientSecret: 'nope' }), 1, /login failed: 401/],
    ];
    for (const [name, opts, expected, message] of cases) {
      const { out, io: sink } = io();
      assert.equal(await runSyncCommand(ROOT, opts, sink), expected, `${name}: ${out.stderr}`);
      assert.match(out.stderr, message, name);
    }
    assert.equal(harness.store.report().writes, 0);
    assert.deepEqual(
      Object.keys(harness.requestCounts).filter((k) => k.startsWith('POST /api')),
      [],
    );
  } finally {
    await app.close();
  }
});

test(
  '--dialect genesys-jobs-async: the same swaps go through the job routes, every write polled, all applied',
  { timeout: 30_000 },
  async () => {
    const { app, harness, baseUrl } = await server();
    try {
      const input = join(dir, 'jobs.json');
      writeFileSync(input, formatSwaps(plannedSwaps('dst-paris', 5, 4), 'json'));
      const { out, io: sink } = io();
      const code = await runSyncCommand(ROOT, options(input, baseUrl, { dialect: 'genesys-jobs-async' }), sink);
      assert.equal(code, 0, out.stderr + out.stdout);
      assert.match(out.stderr, /dialect=genesys-jobs-async/);
      const summary = JSON.parse(readFileSync(`${input}.journal.summary.json`, 'utf8'));
      assert.equal(summary.dialect, 'genesys-jobs-async');
      const counts = harness.requestCounts;
      const jobs = '/api/v2/workforcemanagement/shifttrading/trades';
      assert.equal(counts[`POST ${jobs}/jobs 202`], 4, JSON.stringify(counts));
      assert.equal(counts[`POST ${jobs}/:tradeId/match/jobs 202`], 4, JSON.stringify(counts));
      assert.equal(
        Object.keys(counts).filter((k) => k.includes('/weeks/:weekDateId/shifttrades') && k.startsWith('POST')).length,
        0,
        'no legacy write',
      );
      assert.equal(harness.store.report().tradesByState['Approved'], 4);
    } finally {
      await app.close();
    }
  },
);

test(
  'the final reconciliation reads what the run gave up on: no-retry with every match answer lost still reports the swaps applied',
  { timeout: 30_000 },
  async () => {
    const { app, harness, baseUrl } = await server();
    try {
      const input = join(dir, 'lost-answers.json');
      writeFileSync(input, formatSwaps(plannedSwaps('dst-paris', 5, 4), 'json'));
      // Every match runs (and approves) and its connection is closed before the answer: no-retry gives up.
      harness.faults.set({
        error5xxRate: 0,
        dropAfterCommitRate: 1,
        routes: [
          'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades/:tradeId/match',
        ],
      });
      const { out, io: sink } = io();
      const code = await runSyncCommand(ROOT, options(input, baseUrl, { strategy: 'no-retry' }), sink);
      assert.equal(code, 0, out.stderr + out.stdout);
      assert.match(out.stdout, /4 trades: 4 applied/);
      assert.match(out.stdout, /confirmed Approved by the final read/);
      assert.match(out.stderr, /4 given up but found Approved by the final read/);
      const summary = JSON.parse(readFileSync(`${input}.journal.summary.json`, 'utf8'));
      assert.equal(summary.totals.confirmedByFinalRead, 4);
      assert.equal(harness.faults.counts.dropAfterCommit, 4);
      assert.equal(harness.store.report().tradesByState['Approved'], 4);
      // The journal holds them as applied: a second run sends nothing.
      const writesBefore = harness.store.report().writes;
      const again = io();
      assert.equal(await runSyncCommand(ROOT, options(input, baseUrl, { strategy: 'no-retry' }), again.io), 0);
      assert.match(again.out.stdout, /4 trades: 4 already present/);
      assert.equal(harness.store.report().writes, writesBefore);
    } finally {
      await app.close();
    }
  },
);

test(
  '--clients spreads the workers over that many logins: a per-token limit one token outruns, three carry',
  { timeout: 60_000 },
  async () => {
    const token429 = async (clients: number) => {
      // 12 requests per world-minute per token (0.2 a world-s, 2 a real s at dst-paris' speed 10): six swaps
      // sent at once are about 18 requests, past one token's 12 and within three tokens' 36.
      const spec = { ...dstParis, pressures: { ...dstParis.pressures, rateLimits: { perTokenPerMinute: 12 } } };
      const built = await buildServer({ ...mockFromScenario(spec, 5), seed: 5, quiet: false });
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const address = built.app.server.address();
        assert.ok(address && typeof address === 'object');
        const input = join(dir, `clients-${clients}.json`);
        writeFileSync(input, formatSwaps(plannedSwaps('dst-paris', 5, 6), 'json'));
        const { out, io: sink } = io();
        await runSyncCommand(
          ROOT,
          options(input, `http://127.0.0.1:${address.port}`, { clients, concurrency: 6 }),
          sink,
        );
        assert.match(out.stderr, new RegExp(`clients=${clients} `));
        const summary = JSON.parse(readFileSync(`${input}.journal.summary.json`, 'utf8'));
        assert.equal(summary.clients, clients);
        assert.ok(summary.totals.logins >= clients, `${summary.totals.logins} logins`);
        return built.harness.refusals.counts()['429 rate:token'] ?? 0;
      } finally {
        await built.app.close();
      }
    };
    assert.ok((await token429(1)) > 0, 'one token runs dry');
    assert.equal(await token429(3), 0, 'three tokens carry it');
  },
);
