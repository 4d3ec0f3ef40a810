/**
 * monday-publish-mix (scenarios/): swaps, one-sided offers and cancels in the publish window.
 * Its mechanism: each kind ends where the mock puts it (swaps Approved, one-sided offers Unmatched with no
 * receiving agent, cancels Canceled with their shift freed), the client's count per kind equals the
 * server's, and a cancel is a write that meets the locks other writers hold and is retried like one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getPreset } from '../../src/core/strategies.ts';
import { compat } from '../../src/core/dialects/compat.ts';
import { genesysJobsAsync } from '../../src/core/dialects/genesys-jobs.ts';
import { KindNotSpelledError } from '../../src/core/trade-kinds.ts';
import { getScenario } from '../../src/scenario/file/catalogue.ts';
import { runSwaps } from '../../src/sim/experiments/swaps.ts';
import type { SwapRun } from '../../src/sim/experiments/swaps.ts';
import type { Dialect } from '../../src/core/dialects/dialect.ts';
import { cli } from '../support/cli.ts';

const SEED = 1;
const spec = getScenario('monday-publish-mix');

function byKind(run: SwapRun, applied: boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of run.results)
    if (!applied || r.outcome === 'applied') counts[r.kind ?? 'none'] = (counts[r.kind ?? 'none'] ?? 0) + 1;
  return counts;
}

/** Per kind, the server holds exactly what the client says it applied; no shift is booked twice. */
function assertServerTruth(run: SwapRun): void {
  const applied = byKind(run, true);
  const states = run.server.tradesByState ?? {};
  assert.equal(states['Approved'], applied['swap'], 'approved trades = swaps the client applied');
  assert.equal(states['Canceled'], applied['cancel'], 'canceled trades = cancels the client applied');
  const trades = run.mixTrades ?? [];
  const offered = new Set(
    run.results.filter((r) => r.kind === 'one-sided' && r.outcome === 'applied').map((r) => r.tradeId),
  );
  for (const trade of trades.filter((t) => offered.has(t.id))) {
    assert.equal(trade.state, 'Unmatched', `${trade.id}: a one-sided offer waits for a taker`);
    assert.equal(trade.receivingUserId, undefined, `${trade.id}: names no receiving agent`);
  }
  assert.equal(offered.size, applied['one-sided']);
  const open = new Set(
    trades.filter((t) => t.state === 'Unmatched' || t.state === 'Matched').map((t) => t.initiatingShiftId),
  );
  const moved = new Set(
    trades.filter((t) => t.state === 'Approved').flatMap((t) => [t.initiatingShiftId, t.receivingShiftId]),
  );
  for (const trade of trades.filter((t) => t.state === 'Canceled')) {
    assert.equal(trade.actions[0], 'create');
    assert.equal(trade.actions.at(-1), 'canceled', `${trade.id}: the cancel stepped the trade's version`);
    assert.ok(
      !open.has(trade.initiatingShiftId) && !moved.has(trade.initiatingShiftId),
      `${trade.id}: its shift is free and stays with its agent`,
    );
  }
  const { doubleBookedShifts, duplicateTrades, shiftsTradedTwice, lostUpdates, nonMonotonicVersions } = run.server;
  assert.deepEqual(
    { doubleBookedShifts, duplicateTrades, shiftsTradedTwice, lostUpdates, nonMonotonicVersions },
    { doubleBookedShifts: 0, duplicateTrades: 0, shiftsTradedTwice: 0, lostUpdates: 0, nonMonotonicVersions: 0 },
  );
}

test('monday-publish-mix: each kind ends where the mock puts it, and the server agrees per kind', async () => {
  const run = await runSwaps({ scenario: spec, strategy: getPreset('refetch-full-jitter'), seed: SEED });
  assert.deepEqual(byKind(run, false), { swap: 45, 'one-sided': 14, cancel: 21 }, 'the mix dealt over the 80 arrivals');
  assert.deepEqual(byKind(run, true), { swap: 21, 'one-sided': 7, cancel: 12 });
  assert.deepEqual(run.server.tradesByState, { Approved: 21, Canceled: 12, Unmatched: 7 });
  assert.deepEqual(run.totals.tradesByKind, { swap: 45, 'one-sided': 14, cancel: 21 });
  assert.deepEqual(run.totals.appliedByKind, { swap: 21, 'one-sided': 7, cancel: 12 });
  assertServerTruth(run);
});

test('a cancel is a write: under heavy admin edits it meets their locks, is retried, and the truth still holds', async () => {
  const edits = { ...spec.pressures.adminEdits, ratePerHour: 20_000, holdMs: 2_000 };
  const busy = { ...spec, pressures: { ...spec.pressures, adminEdits: edits } };
  const run = await runSwaps({ scenario: busy, strategy: getPreset('refetch-full-jitter'), seed: SEED });
  assert.equal(run.server.rejections['bulk ScheduleLocked'], 6, "cancels refused by an admin edit's lock");
  const cancels = run.results.filter((r) => r.kind === 'cancel' && r.outcome === 'applied');
  assert.ok(cancels.length > 0);
  assertServerTruth(run);
});

test('the mix runs through the job routes too (genesys-jobs-async: every cancel a polled job)', async () => {
  const run = await runSwaps({
    scenario: spec,
    strategy: getPreset('refetch-full-jitter'),
    seed: SEED,
    dialect: genesysJobsAsync as Dialect,
  });
  const applied = byKind(run, true);
  assert.ok(
    (applied['cancel'] ?? 0) > 0 && (applied['one-sided'] ?? 0) > 0 && (applied['swap'] ?? 0) > 0,
    JSON.stringify(applied),
  );
  assertServerTruth(run);
});

test('a dialect that cannot spell the mix is refused before any request (sim exits 2)', async () => {
  assert.throws(
    () => runSwaps({ scenario: spec, strategy: getPreset('refetch-full-jitter'), seed: SEED, dialect: compat }),
    (error: Error) =>
      error instanceof KindNotSpelledError &&
      /monday-publish-mix: its tradeMix plans one-sided and cancel trades, which dialect compat cannot spell/.test(
        error.message,
      ),
  );
  const refused = await cli(
    'sim',
    '--scenario',
    'monday-publish-mix',
    '--dialect',
    'compat',
    '--out',
    join(tmpdir(), 'wfm-mix-never'),
  );
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /which dialect compat cannot spell; use genesys-legacy/);
});

test('a scenario without a mix runs as before: no kinds, no per-kind fields', async () => {
  const run = await runSwaps({
    scenario: getScenario('monday-publish'),
    strategy: getPreset('refetch-full-jitter'),
    seed: SEED,
  });
  assert.ok(run.results.every((r) => !('kind' in r)));
  assert.equal(run.totals.tradesByKind, undefined);
  assert.equal(run.server.tradesByState, undefined);
  assert.equal(run.mixTrades, undefined);
});

test('sim writes the mix into results.json and report.md', async () => {
  const out = mkdtempSync(join(tmpdir(), 'wfm-mix-'));
  const ran = await cli(
    'sim',
    '--scenario',
    'monday-publish-mix',
    '--seed',
    '1',
    '--strategy',
    'refetch-full-jitter',
    '--out',
    out,
  );
  assert.equal(ran.status, 0, ran.stderr);
  const [row] = (
    JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { strategies: Array<Record<string, any>> }
  ).strategies;
  assert.deepEqual(row?.['tradesByKind'], { cancel: 21, 'one-sided': 14, swap: 45 });
  assert.deepEqual(row?.['appliedByKind'], { cancel: 12, 'one-sided': 7, swap: 21 });
  assert.deepEqual(row?.['server'].tradesByState, { Approved: 21, Canceled: 12, Unmatched: 7 });
  assert.match(
    readFileSync(join(out, 'report.md'), 'utf8'),
    /\| refetch-full-jitter \| 21\/45 \| 7\/14 \| 12\/21 \| Approved: 21, Canceled: 12, Unmatched: 7 \|/,
  );
});
