/** `tune --json FILE`: the whole search as data, every candidate measured (halving's dropped ones too), presets and includes. */
import type { GridAxis } from './grid.ts';
import { costOf, meets, successOf } from './score.ts';
import type { Constraints, Objective, Scored } from './score.ts';
import type { TuneOutcome } from './search.ts';

function item(s: Scored, c: Constraints, finalists: readonly Scored[]) {
  return {
    strategy: s.text,
    source: s.source,
    seedsRun: s.tally.seeds,
    ...(s.source === 'grid' ? { finalist: finalists.includes(s) } : {}),
    arrivals: s.tally.arrivals,
    applied: s.tally.applied,
    success: successOf(s.tally),
    requestsPerTrade: costOf(s.tally, 'requests'),
    conflictsPerTrade: costOf(s.tally, 'conflicts'),
    worstP95Ms: s.tally.worstP95Ms,
    meetsConstraints: meets(s.tally, c),
  };
}

export function tuneJson(
  opts: { scenario: string; family: string; search: string; minimise: Objective },
  axes: readonly GridAxis[],
  seeds: readonly number[],
  constraints: Constraints,
  outcome: TuneOutcome,
) {
  return {
    scenario: opts.scenario,
    family: opts.family,
    grid: axes.map((axis) => [...axis]),
    search: opts.search,
    seeds: [...seeds],
    constraints,
    minimise: opts.minimise,
    recommended: outcome.recommended?.text ?? null,
    candidates: outcome.candidates.map((s) => item(s, constraints, outcome.finalists)),
    includes: outcome.includes.map((s) => item(s, constraints, outcome.finalists)),
    presets: outcome.presets.map((s) => item(s, constraints, outcome.finalists)),
  };
}
