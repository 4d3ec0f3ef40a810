/**
 * docs/strategies.md's simulator numbers, recomputed: the sentence on the five dialects (dst-paris, seed 1,
 * refetch-full-jitter, as test/sim/dialect-choice.test.ts runs them), the table "The compat profile under
 * pressure" (each cell the median over seeds 1 to 5 of `sim --scenario <name> --dialect compat`), and the
 * `capacity` examples (every row and verdict shown is in what the command prints; wall times are measured).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StrategyResult } from '../../src/report/results.ts';
import { getSimScenario } from '../../src/sim/experiments/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.ts';
import { asMarkdown, page, tableAfter } from './support.ts';

const STRATEGIES_PAGE = page('strategies.md');
const flat = STRATEGIES_PAGE.replace(/\s+/g, ' ');

test('docs/strategies.md: the same dst-paris swaps through each dialect, as the simulator runs them', async () => {
  const row = async (dialect: string): Promise<StrategyResult> => {
    const outcome = await getSimScenario('dst-paris').run({ strategies: ['refetch-full-jitter'], seed: 1, dialect });
    return outcome.strategies[0] as StrategyResult;
  };
  const rejected = (r: StrategyResult, cause: RegExp) =>
    Object.entries(r.server.rejections)
      .filter(([key]) => cause.test(key))
      .reduce((sum, [, n]) => sum + n, 0);
  const [legacy, jobs, async, compat, unversioned] = [
    await row('genesys-legacy'),
    await row('genesys-jobs'),
    await row('genesys-jobs-async'),
    await row('compat'),
    await row('compat-unversioned'),
  ];
  const applied = (r: StrategyResult | undefined) => `${r?.applied}/${r?.trades}`;
  assert.ok(legacy && jobs && async && compat && unversioned);
  assert.equal(applied(jobs), applied(legacy));
  const sentence =
    `apply ${applied(legacy)} through \`genesys-legacy\` and \`genesys-jobs\` (the same ${rejected(legacy, /locked/)} ` +
    `lock 409s; ${legacy.trades - legacy.applied} swap's quick retries meet the per-user limit, 429: ` +
    `${rejected(legacy, /rate:user/)} answers), ${applied(async)} through \`genesys-jobs-async\` (each write waits ` +
    'out a 2 world-s job while versions move on, and its polls, about 10 requests a world-second, outrun the one ' +
    `token: ${rejected(async, /rate:token/)} answers of the token's 429), ${applied(compat)} through \`compat\` ` +
    "(its one `scheduleVersion` per schedule moves with every agent's re-save: " +
    `${rejected(compat, /schedule-version/)} version 409s, and ${rejected(compat, /rate:user/)} per-user 429s) and ` +
    `${applied(unversioned)} through \`compat-unversioned\``;
  assert.ok(flat.includes(sentence), `the page should say: ${sentence}`);
});

test('docs/strategies.md: "The compat profile under pressure" is the median over seeds 1-5 of sim --dialect compat', async () => {
  const documented = tableAfter(STRATEGIES_PAGE, '**The compat profile under pressure**');
  const names = documented.map((cells) => cells[0] as string);
  const runs = async (scenario: string) => {
    const rows = new Map<string, StrategyResult[]>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const outcome = await getSimScenario(scenario).run({ strategies: names, seed, dialect: 'compat' });
      for (const r of outcome.strategies) rows.set(r.strategy, [...(rows.get(r.strategy) ?? []), r]);
    }
    return rows;
  };
  const paris = await runs('dst-paris');
  const monday = await runs('monday-publish');
  const median = (rows: readonly StrategyResult[], pick: (r: StrategyResult) => number) =>
    [...rows.map(pick)].sort((a, b) => a - b)[2] as number;
  const computed = names.map((name) => {
    const p = paris.get(name) ?? [];
    const m = monday.get(name) ?? [];
    return [
      name,
      median(p, (r) => r.applied),
      median(p, (r) => r.tradesFailedBy409),
      median(p, (r) => r.tradesFailedOther),
      `${(median(p, (r) => r.conflictRate) * 100).toFixed(1)}%`,
      median(m, (r) => r.applied),
      median(m, (r) => r.tradesFailedBy409),
      median(m, (r) => r.tradesFailedOther),
    ];
  });
  assert.equal(asMarkdown(documented), asMarkdown(computed), 'docs/strategies.md: the compat table should read');
});

test('docs/strategies.md: every row and verdict of the capacity examples is in what its command prints', async () => {
  const examples = [...STRATEGIES_PAGE.matchAll(/^\$ wfm-harness (capacity .+)\n([\s\S]*?)(?=\n\$ |\n```)/gm)];
  assert.equal(examples.length, 2, 'two capacity examples');
  const dir = mkdtempSync(join(tmpdir(), 'wfm-docs-capacity-'));
  try {
    for (const [n, [, command, shown]] of examples.entries()) {
      // The command line as a shell splits it: single-quoted words stay whole.
      const args = [...(command ?? '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
      const run = await cli(...args, '--out', join(dir, String(n)));
      assert.equal(run.status, 1, `${command}: a strategy breaks, exit 1 (${run.stderr})`);
      for (const line of (shown ?? '').split('\n').filter((l) => l.startsWith('| ') || l.startsWith('- **')))
        assert.ok(run.stdout.includes(line), `${command} prints: ${line}\n--- it printed:\n${run.stdout}`);
      const header = /… (for .+ success)$/m.exec(shown ?? '')?.[1];
      if (header) assert.ok(run.stdout.includes(header), `${command}: ${header}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
