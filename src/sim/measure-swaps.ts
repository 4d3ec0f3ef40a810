/**
 * One strategy on one swap scenario and seed in the simulator, as a results.json row: the unit tune and
 * capacity repeat over candidates, seeds and arrival rates. Same path as `sim` (runSwaps, then the
 * tally), so a row here equals the row `sim --strategy <same text> --seed <same>` prints.
 */
import type { StrategySpec } from '../core/strategies.ts';
import type { StrategyResult } from '../report/results.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { runSwaps } from './experiments/swaps.ts';
import { strategyResultFrom } from './tally.ts';

export async function measureSwaps(
  scenario: ScenarioSpec,
  strategy: StrategySpec,
  seed: number,
): Promise<StrategyResult> {
  const run = await runSwaps({ scenario, strategy, seed });
  return strategyResultFrom(
    strategy,
    run.totals,
    run.conflictsByKind,
    run.server,
    run.worldSeconds,
    run.dropped,
    run.latenciesMs,
  );
}

/**
 * The scenario with another load: `tradesPerSecond` per world-second for `durationS` world-seconds, and
 * spread over `clients` OAuth clients when given (else the scenario's).
 */
export function withLoad(
  scenario: ScenarioSpec,
  tradesPerSecond: number,
  durationS: number,
  clients?: number,
): ScenarioSpec {
  return {
    ...scenario,
    load: { ...scenario.load, tradesPerSecond, durationS, ...(clients === undefined ? {} : { clients }) },
  };
}
