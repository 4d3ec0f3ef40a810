/**
 * `wfm-harness capacity`: the conflict rate, success and trade-level 409 failures of each strategy
 * against the arrival rate, in the simulator (world time), and the rate at which each strategy breaks.
 * Writes capacity.json and capacity.md into a run directory; exit 0 when every strategy holds at every
 * rate, 1 when one breaks, 2 on bad input (including a rate the world's swaps cannot feed).
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StrategySpec } from '../core/strategies.ts';
import { resolveStrategy } from '../core/strategy-text.ts';
import { capacityCurve, capacityMarkdown, capacityPlan } from '../capacity/curve.ts';
import type { CapacityCurve } from '../capacity/curve.ts';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import { BadInputError } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { gitCommit } from './git.ts';
import { integer, positiveNumber, scenarioIn, strategyList } from './options.ts';
import { createProgress } from './progress.ts';
import { freshRunDir } from './run-dir.ts';
import { chosenStrategies } from './strategy-file.ts';

interface CapacityOptions {
  scenario: string;
  strategy?: string[];
  strategyFile?: string;
  rates: number[];
  duration?: number;
  seed: number;
  minSuccess: number;
  out?: string;
}

/** "0.5,1,2,5": distinct positive trades per world-second, at most 30 of them. */
export function rateList(raw: string): number[] {
  const rates = raw.split(',').map((s) => Number(s.trim()));
  if (
    rates.length === 0 ||
    rates.length > 30 ||
    rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 10_000) ||
    new Set(rates).size !== rates.length
  ) {
    throw new InvalidArgumentError(
      `--rates must be up to 30 distinct trades per world-second above 0, e.g. 0.5,1,2,5,10, got "${raw}"`,
    );
  }
  return rates;
}

function fraction(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidArgumentError(`--min-success must be a fraction from 0 to 1, got "${raw}"`);
  return value;
}

export async function runCapacity(root: string, opts: CapacityOptions, write: (text: string) => void): Promise<number> {
  const startedMs = performance.now();
  const scenario = getScenario(opts.scenario);
  const strategies: StrategySpec[] = (
    chosenStrategies(opts.strategy, opts.strategyFile) ?? ['stale-backoff', 'refetch-full-jitter']
  ).map((s) => (typeof s === 'string' ? resolveStrategy(s) : s));
  let plan;
  try {
    plan = capacityPlan(scenario, opts.seed, opts.rates, opts.duration);
  } catch (error) {
    if (error instanceof RangeError) throw new BadInputError(`capacity: ${error.message}`);
    throw error;
  }
  const commit = gitCommit(root);
  write(
    `capacity: scenario=${scenario.name} seed=${opts.seed} commit=${commit} rates=${opts.rates.join(',')} trades per world-s ` +
      (`for ${plan.durationS} world-s each (${plan.plannedSwaps} swaps planned); breaks ` +
        `below ${(opts.minSuccess * 100).toFixed(1)}% success\n`),
  );
  const progress = createProgress();
  const total = strategies.length * opts.rates.length;
  let done = 0;
  const curves: CapacityCurve[] = [];
  for (const strategy of strategies) {
    curves.push(
      await capacityCurve(scenario, strategy, opts.seed, opts.rates, plan.durationS, opts.minSuccess, () =>
        progress.update(
          `capacity: ${++done}/${total} points, ${((performance.now() - startedMs) / 1000).toFixed(1)} s`,
        ),
      ),
    );
  }
  progress.done();
  const dir = opts.out
    ? resolve(opts.out)
    : freshRunDir(resolve('reports', `capacity-${scenario.name}-seed${opts.seed}`));
  mkdirSync(dir, { recursive: true });
  const markdown = capacityMarkdown(curves, opts.minSuccess);
  const json = {
    kind: 'capacity',
    scenario: scenario.name,
    seed: opts.seed,
    gitCommit: commit,
    durationS: plan.durationS,
    plannedSwaps: plan.plannedSwaps,
    minSuccess: opts.minSuccess,
    curves,
  };
  writeFileSync(join(dir, 'capacity.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    join(dir, 'capacity.md'),
    `# ${scenario.name}: capacity curve (simulator, seed ${opts.seed}, commit \`${commit}\`)\n\nEach rate ` +
      `runs ${plan.durationS} world-s; the world plans ${plan.plannedSwaps} swaps.\n\n${markdown}\n`,
  );
  write(
    `\n${markdown}\n\n${((performance.now() - startedMs) / 1000).toFixed(1)} wall s; results: ${join(dir, 'capacity.json')}\n`,
  );
  return curves.some((c) => c.breaksAtRate !== null) ? EXIT.failed : EXIT.passed;
}

export function capacityCommand(root: string): Command {
  return new Command('capacity')
    .description(
      'conflict rate, success and trade-level 409 failures against the arrival rate in the simulator, and where each strategy breaks',
    )
    .option(
      '--scenario <name>',
      `swap scenario: ${Object.keys(SCENARIOS).join(', ')}`,
      scenarioIn(SCENARIOS),
      'dst-paris',
    )
    .option(
      '--strategy <list>',
      'presets or inline strategies (default stale-backoff,refetch-full-jitter)',
      strategyList,
    )
    .option('--strategy-file <file>', 'strategies defined in a JSON file (docs/strategies.md "Your own strategies")')
    .option('--rates <list>', 'trades per WORLD second, e.g. 0.5,1,2,5,10,20,50', rateList, [0.5, 1, 2, 5, 10, 20, 50])
    .option(
      '--duration <s>',
      'WORLD seconds per rate (default: the longest the highest rate can feed from the planned swaps)',
      positiveNumber('--duration', 86_400),
    )
    .option('--seed <n>', 'seed for world, network and clients', integer('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--min-success <fraction>',
      'a strategy breaks at the first rate whose success (applied / arrivals) is below this',
      fraction,
      0.95,
    )
    .option('--out <dir>', 'run directory (default reports/capacity-<scenario>-seed<n>)')
    .action(async (opts: CapacityOptions) => {
      process.exitCode = await runCapacity(root, opts, (text) => process.stdout.write(text));
    });
}
