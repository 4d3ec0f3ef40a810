/**
 * How `tune` judges a strategy over several seeds: counts are pooled over the seeds (success = applied /
 * arrivals, a dropped arrival counting as a failure, so a strategy cannot look good by starting fewer
 * trades), the time to outcome is the WORST seed's p95 (a constraint should hold for every seed), and the
 * cost is requests or 409s per attempted trade, as report.md counts them.
 */
import type { StrategyResult } from '../report/results.ts';

export type Objective = 'requests' | 'conflicts';

export interface Constraints {
  minSuccess: number;
  /** World ms; undefined: no bound. */
  maxP95Ms?: number;
}

export interface Tally {
  seeds: number;
  arrivals: number;
  trades: number;
  applied: number;
  requests: number;
  conflicts: number;
  worstP95Ms: number;
}

export function emptyTally(): Tally {
  return { seeds: 0, arrivals: 0, trades: 0, applied: 0, requests: 0, conflicts: 0, worstP95Ms: 0 };
}

export function addRun(tally: Tally, row: StrategyResult): void {
  tally.seeds++;
  tally.arrivals += row.trades + row.droppedIterations;
  tally.trades += row.trades;
  tally.applied += row.applied;
  tally.requests += row.requests;
  tally.conflicts += row.conflicts;
  tally.worstP95Ms = Math.max(tally.worstP95Ms, row.timeToOutcomeMs.p95);
}

export function successOf(t: Tally): number {
  return t.arrivals === 0 ? 0 : t.applied / t.arrivals;
}

export function costOf(t: Tally, objective: Objective): number {
  if (t.trades === 0) return Number.POSITIVE_INFINITY;
  return (objective === 'requests' ? t.requests : t.conflicts) / t.trades;
}

export function meets(t: Tally, c: Constraints): boolean {
  return successOf(t) >= c.minSuccess && (c.maxP95Ms === undefined || t.worstP95Ms <= c.maxP95Ms);
}

export interface Scored {
  /** The inline text (a candidate) or the preset's name. */
  text: string;
  /** grid: a candidate; preset: a preset on the same terms; include: the user's own setting (--include). */
  source: 'grid' | 'preset' | 'include';
  tally: Tally;
}

/**
 * Best first: strategies that meet the constraints by cost (then success); the rest by success (then
 * cost), so successive halving keeps the ones closest to feasible when none is yet. Ties keep input order.
 */
export function rank(items: readonly Scored[], c: Constraints, objective: Objective): Scored[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const fa = meets(a.item.tally, c),
        fb = meets(b.item.tally, c);
      if (fa !== fb) return fa ? -1 : 1;
      const ca = costOf(a.item.tally, objective),
        cb = costOf(b.item.tally, objective);
      const sa = successOf(a.item.tally),
        sb = successOf(b.item.tally);
      const primary = fa ? ca - cb || sb - sa : sb - sa || ca - cb;
      return primary || a.index - b.index;
    })
    .map(({ item }) => item);
}

/** The Pareto front of success (higher is better) against cost (lower is better), cheapest first. */
export function paretoFront(items: readonly Scored[], objective: Objective): Scored[] {
  const byCost = [...items].sort(
    (a, b) => costOf(a.tally, objective) - costOf(b.tally, objective) || successOf(b.tally) - successOf(a.tally),
  );
  const front: Scored[] = [];
  let bestSuccess = Number.NEGATIVE_INFINITY;
  for (const item of byCost) {
    const success = successOf(item.tally);
    if (success > bestSuccess) {
      front.push(item);
      bestSuccess = success;
    }
  }
  return front;
}

/** Runs successive halving makes over n candidates and s seeds: all on the first seed, then the better half each round. */
export function halvingRuns(candidates: number, seeds: number): number {
  let runs = 0;
  let alive = candidates;
  for (let round = 0; round < seeds; round++) {
    runs += alive;
    alive = Math.max(1, Math.ceil(alive / 2));
  }
  return runs;
}
