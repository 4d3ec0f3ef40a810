/**
 * sim --seeds: the same scenario and strategies on several seeds, folded into one outcome. The rows keep
 * the first seed's numbers (its tables, charts and trace stay one run's), and each row gains the headline
 * metrics over every seed as median, range and per-seed values (results.json `acrossSeeds`), which the
 * verdict ranks on (src/report/verdict.ts).
 */
import type { StrategyResult } from '../report/results.ts';
import { spreadOf } from '../report/seeds-table.ts';
import { criterionValue } from '../report/verdict.ts';
import type { SimOutcome } from './experiments/index.ts';

/** At most this many seeds per run: each seed is a full run of every strategy. */
export const MAX_SEEDS = 20;

const METRICS: ReadonlyArray<[string, (s: StrategyResult) => number]> = [
  ['tradesNotApplied', (s) => criterionValue(s, 'tradesNotApplied')],
  ['requestsPerTrade', (s) => s.requestsPerTrade],
  ['conflictRate', (s) => s.conflictRate],
  ['p95OutcomeMs', (s) => s.timeToOutcomeMs.p95],
];

/** Outcomes in seed order, every one of the same strategies: the first seed's rows with spreads over all. */
export function foldSeeds(outcomes: readonly SimOutcome[]): SimOutcome {
  const [first] = outcomes;
  if (!first) throw new Error('foldSeeds needs at least one outcome');
  const strategies = first.strategies.map((row, i) => {
    const rows = outcomes.map((o) => o.strategies[i] as StrategyResult);
    return {
      ...row,
      acrossSeeds: Object.fromEntries(METRICS.map(([key, value]) => [key, spreadOf(rows.map(value))])),
    };
  });
  const sum = (pick: (o: SimOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  return {
    ...first,
    strategies,
    sim: { ...first.sim, events: sum((o) => o.sim.events), virtualMs: sum((o) => o.sim.virtualMs) },
  };
}
