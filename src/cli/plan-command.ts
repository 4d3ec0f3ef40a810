/**
 * `wfm-harness plan`: the swaps a scenario plans over its generated world (src/scenario/plan.ts planScenarioSwaps), in the
 * sync input format, so `wfm-harness sync` can be tried against a local mock started with the same
 * scenario and seed.
 */
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { getScenario } from '../scenario/file/catalogue.ts';
import { planScenarioSwaps } from '../scenario/plan.ts';
import { mixKinds } from '../scenario/trade-mix.ts';
import { generateWorld } from '../world/generate.ts';
import { SWAP_INPUT_COLUMNS, planToSwap } from '../sync/swap-input.ts';
import type { SwapInputRow } from '../sync/swap-input.ts';
import { integer, outFile } from './options.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { BadInputError } from './exit-policy.ts';
import { chosenScenario, withScenarioOption } from './scenario-option.ts';
import type { ScenarioChoice } from './scenario-option.ts';

export function plannedSwaps(scenarioOrName: string | ScenarioSpec, seed: number, limit?: number): SwapInputRow[] {
  const scenario = typeof scenarioOrName === 'string' ? getScenario(scenarioOrName) : scenarioOrName;
  // The swaps the load uses: the scenario's unit and week, shifts not started at the clock's start.
  // The sync input format holds swaps only: a mix's offers and cancels would be written as swaps.
  const others = mixKinds(scenario.tradeMix).filter((kind) => kind !== 'swap');
  if (others.length > 0)
    throw new BadInputError(
      `${scenario.name}: plan writes the sync input format, which holds swaps only, and its tradeMix ` +
        `plans ${others.join(' and ')} trades: run it with sim or compare`,
    );
  const plans = planScenarioSwaps(generateWorld(scenario.world, seed), scenario);
  return (limit === undefined ? plans : plans.slice(0, limit)).map(planToSwap);
}

function csvCell(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One row per line in both formats, so an error in the file can be found by its line. */
export function formatSwaps(rows: readonly SwapInputRow[], format: 'json' | 'csv'): string {
  if (format === 'csv')
    return (
      [
        SWAP_INPUT_COLUMNS.join(','),
        ...rows.map((row) => SWAP_INPUT_COLUMNS.map((c) => csvCell(row[c])).join(',')),
      ].join('\n') + '\n'
    );
  return `[\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]\n`;
}

export function planCommand(): Command {
  return withScenarioOption(
    new Command('plan').description(
      'write the swaps a scenario plans over its world, in the sync input format (for a local mock with the same scenario and seed)',
    ),
    { fallback: 'dst-paris' },
  )
    .option('--seed <n>', "world seed (the mock's --seed)", integer('--seed', 0, 2 ** 32 - 1), 1)
    .option('--limit <n>', 'at most n swaps', integer('--limit', 1, 1_000_000))
    .requiredOption('--out <file>', 'output file: JSON, or CSV when it ends in .csv', outFile)
    .action((opts: ScenarioChoice & { seed: number; limit?: number; out: string }, command: Command) => {
      const spec = chosenScenario(opts, command, 'dst-paris');
      const rows = plannedSwaps(spec, opts.seed, opts.limit);
      writeFileSync(opts.out, formatSwaps(rows, /\.csv$/i.test(opts.out) ? 'csv' : 'json'));
      process.stderr.write(
        `plan: ${rows.length} swaps of scenario ${spec.name}, seed ${opts.seed} → ${opts.out} (serve ` +
          `the mock with ${opts.scenarioFile ? `--scenario-file ${opts.scenarioFile}` : `--scenario ${spec.name}`} --seed ${opts.seed})\n`,
      );
    });
}
