/**
 * `tune`'s search in the simulator: every candidate on every seed (grid), or successive halving (all on
 * the first seed, the better half on the next, ...), then every preset on every seed under the same
 * constraints, so the recommendation is measured against the best preset on equal terms. Sequential:
 * a run is a fraction of a second, and the same seeds give the same answer.
 */
import { PRESETS } from '../core/strategies.ts';
import type { StrategySpec } from '../core/strategies.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { measureSwaps } from '../sim/measure-swaps.ts';
import type { Candidate } from './grid.ts';
import { addRun, emptyTally, halvingRuns, meets, rank } from './score.ts';
import type { Constraints, Objective, Scored } from './score.ts';

export type SearchMode = 'grid' | 'halving';

export interface TuneSearch {
  scenario: ScenarioSpec;
  candidates: readonly Candidate[];
  seeds: readonly number[];
  mode: SearchMode;
  constraints: Constraints;
  objective: Objective;
  /** The user's own strategies (--include): every seed, scored like the presets, shown beside the front. */
  includes?: readonly Candidate[];
  onProgress?: (done: number, total: number) => void;
}

export interface TuneOutcome {
  /** Candidates measured on every seed, best first. */
  finalists: Scored[];
  /** Every preset on every seed, best first. */
  presets: Scored[];
  /** Every --include on every seed, best first. */
  includes: Scored[];
  /** Every candidate measured, halving's dropped ones with the seeds they ran: in input order. */
  candidates: Scored[];
  /** The best of finalists and presets if it meets the constraints. */
  recommended?: Scored;
  bestPreset?: Scored;
  candidateRuns: number;
  presetRuns: number;
  specs: ReadonlyMap<string, StrategySpec>;
}

/** Simulator runs a search makes for candidates (presets come on top: presets x seeds). */
export function plannedRuns(mode: SearchMode, candidates: number, seeds: number): number {
  return mode === 'grid' ? candidates * seeds : halvingRuns(candidates, seeds);
}

export async function runTune(search: TuneSearch): Promise<TuneOutcome> {
  const { scenario, seeds, constraints, objective } = search;
  const presetList = Object.values(PRESETS);
  const includeList = search.includes ?? [];
  const total =
    plannedRuns(search.mode, search.candidates.length, seeds.length) +
    (presetList.length + includeList.length) * seeds.length;
  let done = 0;
  const measure = async (item: Scored, spec: StrategySpec, seed: number) => {
    addRun(item.tally, await measureSwaps(scenario, spec, seed));
    search.onProgress?.(++done, total);
  };
  const specs = new Map<string, StrategySpec>();
  let alive: Scored[] = search.candidates.map((c) => {
    specs.set(c.text, c.spec);
    return { text: c.text, source: 'grid' as const, tally: emptyTally() };
  });
  const everyCandidate = [...alive];
  let candidateRuns = 0;
  for (const [round, seed] of seeds.entries()) {
    for (const item of alive) await measure(item, specs.get(item.text) as StrategySpec, seed);
    candidateRuns += alive.length;
    if (search.mode === 'halving' && round < seeds.length - 1)
      alive = rank(alive, constraints, objective).slice(0, Math.max(1, Math.ceil(alive.length / 2)));
  }
  const presets: Scored[] = [];
  for (const preset of presetList) {
    specs.set(preset.name, preset);
    const item: Scored = { text: preset.name, source: 'preset', tally: emptyTally() };
    for (const seed of seeds) await measure(item, preset, seed);
    presets.push(item);
  }
  const includes: Scored[] = [];
  for (const include of includeList) {
    specs.set(include.text, include.spec);
    const item: Scored = { text: include.text, source: 'include', tally: emptyTally() };
    for (const seed of seeds) await measure(item, include.spec, seed);
    includes.push(item);
  }
  const finalists = rank(alive, constraints, objective);
  const rankedPresets = rank(presets, constraints, objective);
  const rankedIncludes = rank(includes, constraints, objective);
  const best = rank([...finalists, ...rankedPresets, ...rankedIncludes], constraints, objective)[0];
  const bestPreset = rankedPresets[0];
  return {
    finalists,
    presets: rankedPresets,
    includes: rankedIncludes,
    candidates: everyCandidate,
    candidateRuns,
    presetRuns: (presetList.length + includeList.length) * seeds.length,
    specs,
    ...(best && meets(best.tally, constraints) ? { recommended: best } : {}),
    ...(bestPreset && meets(bestPreset.tally, constraints) ? { bestPreset } : {}),
  };
}
