/**
 * sim --seeds: the same scenario and strategies on several seeds, folded into one outcome: the first seed's
 * rows with the headline metrics over every seed (src/report/fold-seeds.ts, which compare --seeds shares).
 */
import { foldSeedRows } from '../report/fold-seeds.ts';
import type { SimOutcome } from './experiments/index.ts';

/** At most this many seeds per run: each seed is a full run of every strategy. */
export const MAX_SEEDS = 20;

/** Outcomes in seed order, every one of the same strategies: the first seed's rows with spreads over all. */
export function foldSeeds(outcomes: readonly SimOutcome[]): SimOutcome {
  const [first] = outcomes;
  if (!first) throw new Error('foldSeeds needs at least one outcome');
  const sum = (pick: (o: SimOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  return {
    ...first,
    strategies: foldSeedRows(outcomes.map((o) => o.strategies)),
    sim: { ...first.sim, events: sum((o) => o.sim.events), virtualMs: sum((o) => o.sim.virtualMs) },
  };
}
