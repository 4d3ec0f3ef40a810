/**
 * docs/scenarios.md's numbers, recomputed by the commands that produce them: the "Every preset" tables of
 * dst-paris and monday-publish (each cell the median over seeds 1 to 5 of `sim --scenario <name> --strategy
 * <every preset> --seed N`, through the simulator's own entry), the sentence built on the dst-paris table,
 * the trade-mix run's paragraph, and the catalogue table against `scenario list`. On a mismatch the
 * message holds the table as it should read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../src/core/strategies.ts';
import type { StrategyResult } from '../../src/report/results.ts';
import { getSimScenario } from '../../src/sim/experiments/index.ts';
import { cli } from '../support/cli.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asMarkdown, page, section, tableAfter } from './support.ts';

const SEEDS = [1, 2, 3, 4, 5];
const SCENARIOS_PAGE = page('scenarios.md');

/** Every preset's rows over SEEDS, in preset order. */
async function runsOf(scenario: string): Promise<Map<string, StrategyResult[]>> {
  const rows = new Map<string, StrategyResult[]>();
  for (const seed of SEEDS) {
    const outcome = await getSimScenario(scenario).run({ strategies: Object.keys(PRESETS), seed });
    for (const row of outcome.strategies) rows.set(row.strategy, [...(rows.get(row.strategy) ?? []), row]);
  }
  return rows;
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[(values.length - 1) / 2] as number;

/** One table row: the median of each column over the seeds, formatted as the page prints it. */
function presetRow(name: string, runs: readonly StrategyResult[], withTrades: boolean): string[] {
  const of = (pick: (row: StrategyResult) => number) => median(runs.map(pick));
  return [
    name,
    ...(withTrades ? [String(of((r) => r.trades))] : []),
    String(of((r) => r.applied)),
    String(of((r) => r.tradesFailedBy409)),
    String(of((r) => r.tradesFailedOther)),
    `${(of((r) => r.conflictRate) * 100).toFixed(1)}%`,
    of((r) => r.conflictsPerTrade).toFixed(2),
    of((r) => r.timeToOutcomeMs.p95).toFixed(0),
  ];
}

for (const [scenario, withTrades] of [
  ['dst-paris', true],
  ['monday-publish', true],
] as const) {
  test(`docs/scenarios.md: the ${scenario} table of every preset is the median over seeds 1-5 of sim`, async () => {
    const runs = await runsOf(scenario);
    const computed = [...runs].map(([name, rows]) => presetRow(name, rows, withTrades));
    const documented = tableAfter(section(SCENARIOS_PAGE, `- **\`${scenario}\`**`), '**Every preset**');
    assert.equal(asMarkdown(documented), asMarkdown(computed), `docs/scenarios.md, ${scenario}: the table should read`);
  });
}

test('docs/scenarios.md: "17 of 80 without retries to 0 of 80 with the thread\'s own fix" is the dst-paris table\'s', () => {
  const table = tableAfter(section(SCENARIOS_PAGE, '- **`dst-paris`**'), '**Every preset**');
  const failedBy409 = (name: string) => table.find((row) => row[0] === name)?.[3]; // name, trades, applied, failed by 409
  const claim = /\*\*(\d+) of 80 \((\d+)%\) without retries to (\d+) of 80 with the thread's own fix\*\*/.exec(
    SCENARIOS_PAGE,
  );
  assert.ok(claim, 'the sentence is on the page');
  assert.equal(claim[1], failedBy409('no-retry'));
  assert.equal(claim[2], ((Number(claim[1]) / 80) * 100).toFixed(0));
  assert.equal(claim[3], failedBy409('refetch-jitter-200-500'));
});

test('docs/scenarios.md: the catalogue table lists what `scenario list` prints, and aws-occ, which is no file', async () => {
  const listed = await cli('scenario', 'list');
  assert.equal(listed.status, 0, listed.stderr);
  const names = [...listed.stdout.matchAll(/^(\S+)\s+\d{4}-/gm)].map((m) => m[1]);
  const table = tableAfter(SCENARIOS_PAGE, '| name | what |').map((row) => row[0]?.replace(/`/g, ''));
  assert.deepEqual([...table].sort(), [...names, 'aws-occ'].sort());
});

test('docs/scenarios.md: the monday-publish-mix paragraph is what sim prints for seed 1', async () => {
  const outcome = await getSimScenario('monday-publish-mix').run({
    strategies: ['refetch-full-jitter', 'stale-backoff'],
    seed: 1,
  });
  const [full, stale] = outcome.strategies;
  assert.ok(full && stale);
  const text = section(SCENARIOS_PAGE, 'Measured (simulator, seed 1;').replace(/\s+/g, ' ');
  const of = (row: StrategyResult, kind: string) => `${row.appliedByKind?.[kind]} of ${row.tradesByKind?.[kind]}`;
  const state = full.server.tradesByState ?? {};
  assert.equal(full.applied, stale.applied, 'both strategies apply as many');
  const fragments = [
    `both strategies apply ${full.applied} of ${full.trades} trades (swap ${of(full, 'swap')}, one-sided ` +
      `${of(full, 'one-sided')}, cancel ${of(full, 'cancel')}); server: Approved ${state['Approved']}, Canceled ` +
      `${state['Canceled']}, Unmatched ${state['Unmatched']} offers`,
    `refetch-full-jitter: 409s/write ${(full.conflictRate * 100).toFixed(1)}%, ${full.requestsPerTrade.toFixed(2)} ` +
      `req/trade, p95 ${(full.timeToOutcomeMs.p95 / 1000).toFixed(1)} world-s`,
    `(${full.tradesFailedOther} failed otherwise)`,
    `stale-backoff: ${(stale.conflictRate * 100).toFixed(1)}%, ${stale.requestsPerTrade.toFixed(2)} req/trade, p95 ` +
      `${(stale.timeToOutcomeMs.p95 / 1000).toFixed(1)} world-s`,
    `(${stale.tradesFailedBy409} failed by 409)`,
  ];
  for (const fragment of fragments) assert.ok(text.includes(fragment), `the page should say: ${fragment}`);
  for (const row of [full, stale]) assert.equal(row.server.doubleBookedShifts + row.server.duplicateTrades, 0);
});

test('docs/scenarios.md "A worked example": the NY cutover tables are what sim prints, on 1 client and on the file’s 16', async () => {
  const example = section(SCENARIOS_PAGE, '### A worked example');
  const file = JSON.parse(page('docs/examples/ny-fall-cutover.json'));
  const dir = mkdtempSync(join(tmpdir(), 'wfm-docs-ny-'));
  try {
    writeFileSync(join(dir, 'one-client.json'), JSON.stringify({ ...file, load: { ...file.load, clients: 1 } }));
    for (const [marker, path] of [
      ['the file with `load.clients` 1', join(dir, 'one-client.json')],
      ['The file runs on 16', 'docs/examples/ny-fall-cutover.json'],
    ] as const) {
      const run = await cli('sim', '--scenario-file', path, '--out', join(dir, 'out'));
      assert.equal(run.status, 0, run.stderr);
      // The page leaves out the printed 409s/trade and round-trip columns.
      const printed = tableAfter(run.stdout, '| strategy |').map((cells) => [
        ...cells.slice(0, 6),
        ...cells.slice(7, 9),
      ]);
      assert.equal(asMarkdown(tableAfter(example, marker)), asMarkdown(printed), `docs/scenarios.md, ${marker}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
