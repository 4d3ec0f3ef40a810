/** `wfm-harness compare`: k6 once per strategy against an in-process mock, then the report and the baseline gate. */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareThresholds, thresholdArg } from './thresholds-option.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { DEFAULT_DIALECT, DIALECTS } from '../core/dialects/index.ts';
import { compare, comparisonTable } from './compare.ts';
import { dialectName, integer, positiveNumber, seedList, speedOption, strategyList } from './options.ts';
import { faultsOption } from './json-file.ts';
import { ALLOW_MISSING_HELP, baselineOption } from './baseline-gate.ts';
import { finishRun } from './report-files.ts';
import { verdictOf } from '../report/verdict.ts';
import { foldSeedRows } from '../report/fold-seeds.ts';
import { acrossSeedsTable } from '../report/seeds-table.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { runResults } from '../report/results.ts';
import type { RunResults, StrategyResult } from '../report/results.ts';
import { MAX_SEEDS } from '../sim/seeds.ts';
import { BadInputError } from './exit-policy.ts';
import { freshRunDir } from './run-dir.ts';
import type { CompareOptions as RunOptions } from './compare.ts';
import { EXIT } from './exit-codes.ts';
import { chosenStrategies } from './strategy-file.ts';
import { chosenScenario, scenarioFileRef, withScenarioOption } from './scenario-option.ts';
import type { ScenarioRunOptions } from './scenario-option.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { DEFAULT_COMPARISON } from '../core/strategies.ts';

interface CompareOptions extends ScenarioRunOptions {
  seeds?: number[];
  duration?: number;
  rate?: number;
  speed?: number;
  out?: string;
  dialect: string;
  faults?: string;
  baseline?: string;
  allowMissing?: boolean;
  threshold?: Thresholds;
  thresholds?: string;
  dashboard?: boolean;
  segments?: number;
}

export function compareCommand(root: string): Command {
  return withScenarioOption(
    new Command('compare').description(
      'run the scenario with k6 once per strategy against an in-process mock and write a report',
    ),
    { fallback: 'dst-paris' },
  )
    .option(
      '--strategy <list>',
      `comma-separated presets or inline strategies (default ${DEFAULT_COMPARISON.join(',')})`,
      strategyList,
    )
    .option('--strategies <list>', 'old spelling of --strategy', strategyList)
    .option('--strategy-file <file>', 'strategies defined in a JSON file (docs/strategies.md "Your own strategies")')
    .option('--seed <n>', 'seed for world and client randomness', integer('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--seeds <list>',
      `run every strategy under k6 on each seed, e.g. 1-3 or 1,4,9 (at most ${MAX_SEEDS}; seeds x strategies k6 ` +
        'runs); the report gives median and range, and the verdict separates only strategies whose ranges do not overlap',
      seedList,
    )
    .option(
      '--duration <s>',
      "WORLD seconds of load per strategy (default: the scenario's)",
      positiveNumber('--duration', 86_400),
    )
    .option(
      '--rate <n>',
      "trades started per WORLD second, decimals allowed (default: the scenario's)",
      positiveNumber('--rate', 1000),
    )
    .option(
      '--speed <x>',
      "world ms per real ms for the mock and the k6 clients (default: the scenario's); the numbers must not depend on it",
      speedOption,
    )
    .option('--out <dir>', 'report directory (default reports/<run-id>)')
    .option(
      '--dialect <name>',
      `API family the k6 VUs use: ${Object.keys(DIALECTS).join(', ')}`,
      dialectName,
      DEFAULT_DIALECT,
    )
    .option(
      '--faults <file>',
      'server faults as JSON, the body of PUT /__harness/faults (docs/mock-server.md "Faults")',
    )
    .option(
      '--baseline <file>',
      'gate on a baseline: exit 1 with a diff on regression (k6 margins: docs/reports.md "Baseline gate")',
    )
    .option('--allow-missing', ALLOW_MISSING_HELP)
    .option(
      '--threshold <metric:expr>',
      'add a k6 threshold, e.g. \'wfm_trade_success:rate>0.95\' (repeatable; docs/k6.md "Thresholds")',
      thresholdArg,
    )
    .option('--thresholds <file>', "k6 thresholds as JSON {metric: [expr]}, in place of the scenario's")
    .option(
      '--segments <n>',
      'run each strategy as n k6 processes, one execution segment each, merged into one report (docs/k6.md "Distributed runs")',
      integer('--segments', 1, 16),
    )
    .option('--dashboard', "export k6's web dashboard per strategy to <report dir>/dashboard-<strategy>.html")
    .action((opts: CompareOptions, command: Command) => {
      if (opts.seeds && command.getOptionValueSource('seed') === 'cli')
        throw new BadInputError('give --seed or --seeds, not both');
      return runCompare(root, opts, chosenScenario(opts, command, 'dst-paris'));
    });
}

async function runCompare(root: string, opts: CompareOptions, spec: ScenarioSpec): Promise<void> {
  const faultsRead = faultsOption('compare', opts.faults);
  if (!faultsRead.ok) return;
  const baselineRead = baselineOption('compare', opts.baseline, opts.allowMissing);
  if (!baselineRead.ok) return;
  const thresholds = compareThresholds(spec, opts.thresholds, opts.threshold);
  const started = Date.now();
  const options: Omit<RunOptions, 'seed'> = {
    root,
    scenario: spec,
    ...(opts.scenarioFile === undefined ? {} : { scenarioFile: scenarioFileRef(opts.scenarioFile) }),
    // The named strategies, else the scenario file's, else the default comparison.
    strategies: chosenStrategies(opts.strategy ?? opts.strategies, opts.strategyFile) ??
      spec.strategies ?? [...DEFAULT_COMPARISON],
    dialect: opts.dialect,
    ...(faultsRead.faults ? { faults: faultsRead.faults } : {}),
    ...(opts.duration === undefined ? {} : { durationS: opts.duration }),
    ...(opts.rate === undefined ? {} : { rate: opts.rate }),
    ...(opts.speed === undefined ? {} : { speed: opts.speed }),
    ...(thresholds ? { thresholds } : {}),
    ...(opts.dashboard ? { dashboard: true } : {}),
    ...(opts.segments === undefined ? {} : { segments: opts.segments }),
  };
  const out = opts.out === undefined ? undefined : resolve(opts.out);
  const { results, dir } = opts.seeds
    ? await compareSeeds(options, opts.seeds, out)
    : await compare({ ...options, seed: opts.seed, ...(out === undefined ? {} : { outDir: out }) });
  const seedsText = results.seeds ? `seeds ${results.seeds.join(',')}` : `seed ${results.seed}`;
  // The verdict carries the token sentence when the token's 429s decided the run (report/verdict-notes.ts).
  process.stdout.write(
    `\n${acrossSeedsTable(results)
      .map((line) => `${line}\n`)
      .join('')}${comparisonTable(results)}\n\n${verdictOf(results).paragraph}\n\n${seedsText}, ` +
      `commit ${results.gitCommit}, ${((Date.now() - started) / 1000).toFixed(0)} s\nreport: ${dir}/report.md\n`,
  );
  const finished = await finishRun({
    dir,
    results,
    baseline: baselineRead.baseline,
    write: (text) => process.stdout.write(text),
  });
  if (!finished.passed) process.exitCode = EXIT.failed;
}

/**
 * compare --seeds: the whole comparison once per seed, each in its own directory (seed-<n>/: its results,
 * report, k6 logs and trace), folded into one run in the parent: the first seed's rows with median and
 * range over every seed (src/report/fold-seeds.ts, as sim --seeds). A k6 threshold counts as crossed when
 * it was crossed on any seed.
 */
async function compareSeeds(
  options: Omit<RunOptions, 'seed'>,
  seeds: readonly number[],
  out: string | undefined,
): Promise<{ results: RunResults; dir: string }> {
  const name = typeof options.scenario === 'string' ? options.scenario : options.scenario.name;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = out ?? freshRunDir(resolve('reports', `${stamp}-${name}-seeds${seeds[0]}-${seeds[seeds.length - 1]}`));
  mkdirSync(dir, { recursive: true });
  const runs: RunResults[] = [];
  for (const [index, seed] of seeds.entries()) {
    process.stderr.write(`compare: seed ${seed} (${index + 1}/${seeds.length})\n`);
    runs.push((await compare({ ...options, seed, outDir: join(dir, `seed-${seed}`) })).results);
  }
  const first = runs[0] as RunResults;
  const perSeed = runs.map((run) => run.strategies);
  const strategies = foldSeedRows(perSeed).map((row, i): StrategyResult => {
    if (!row.thresholds) return row;
    const crossed = (j: number) => perSeed.some((rows) => rows[i]?.thresholds?.[j]?.ok === false);
    return { ...row, thresholds: row.thresholds.map((t, j) => ({ ...t, ok: !crossed(j) })) };
  });
  const results = runResults.parse({ ...first, runId: basename(dir), seeds: [...seeds], strategies });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), renderMarkdown(results));
  return { results, dir };
}
