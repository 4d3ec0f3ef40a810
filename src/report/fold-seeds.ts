/**
 * Several seeds of the same strategies, folded into one set of rows (sim --seeds and compare --seeds): the
 * first seed's rows (their tables, charts and trace stay one run's), each gaining the headline metrics over
 * every seed as median, range and per-seed values (results.json `acrossSeeds`), which the verdict ranks on
 * (src/report/verdict.ts).
 */
import type { StrategyResult } from './results.ts';
import { spreadOf } from './seeds-table.ts';
import { criterionValue } from './verdict.ts';

const METRICS: ReadonlyArray<[string, (s: StrategyResult) => number]> = [
  ['tradesNotApplied', (s) => criterionValue(s, 'tradesNotApplied')],
  ['requestsPerTrade', (s) => s.requestsPerTrade],
  ['conflictRate', (s) => s.conflictRate],
  ['p95OutcomeMs', (s) => s.timeToOutcomeMs.p95],
];

/** Each seed's rows, in seed order, every one of the same strategies in the same order. */
export function foldSeedRows(perSeed: ReadonlyArray<readonly StrategyResult[]>): StrategyResult[] {
  const [first] = perSeed;
  if (!first) throw new Error('foldSeedRows needs at least one seed');
  return first.map((row, i) => {
    const rows = perSeed.map((seedRows) => seedRows[i] as StrategyResult);
    if (rows.some((r) => r?.strategy !== row.strategy))
      throw new Error(`foldSeedRows: seed rows disagree on strategy ${i + 1} (${row.strategy})`);
    return {
      ...row,
      acrossSeeds: Object.fromEntries(METRICS.map(([key, value]) => [key, spreadOf(rows.map(value))])),
    };
  });
}
