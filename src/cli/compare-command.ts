/** `wfm-harness compare`: k6 once per strategy against an in-process mock, then the report and the baseline gate. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import { compareThresholds, thresholdArg } from './thresholds-option.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { DEFAULT_DIALECT, DIALECTS } from '../core/dialects/index.ts';
import { compare, comparisonTable } from './compare.ts';
import { dialectName, integer, positiveNumber, scenarioIn, speedOption, strategyList } from './options.ts';
import { faultsOption } from './json-file.ts';
import { ALLOW_MISSING_HELP, baselineOption } from './baseline-gate.ts';
import { finishRun } from './report-files.ts';
import { verdictOf } from '../report/verdict.ts';
import { EXIT } from './exit-codes.ts';
import { chosenStrategies } from './strategy-file.ts';
import { SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP, scenarioFileOf, scenarioFileRef } from './scenario-option.ts';
import type { ScenarioRunOptions } from './scenario-option.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { DEFAULT_COMPARISON } from '../core/strategies.ts';

interface CompareOptions extends ScenarioRunOptions {
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
  return new Command('compare')
    .description('run the scenario with k6 once per strategy against an in-process mock and write a report')
    .option('--scenario <name>', 'scenario spec', scenarioIn(SCENARIOS), 'dst-paris')
    .option(SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP)
    .option(
      '--strategy <list>',
      `comma-separated presets or inline strategies (default ${DEFAULT_COMPARISON.join(',')})`,
      strategyList,
    )
    .option('--strategies <list>', 'old spelling of --strategy', strategyList)
    .option('--strategy-file <file>', 'strategies defined in a JSON file (docs/strategies.md "Your own strategies")')
    .option('--seed <n>', 'seed for world and client randomness', integer('--seed', 0, 2 ** 32 - 1), 1)
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
    .action((opts: CompareOptions, command: Command) => runCompare(root, opts, scenarioFileOf(opts, command)));
}

async function runCompare(root: string, opts: CompareOptions, fromFile: ScenarioSpec | undefined): Promise<void> {
  const faultsRead = faultsOption('compare', opts.faults);
  if (!faultsRead.ok) return;
  const baselineRead = baselineOption('compare', opts.baseline, opts.allowMissing);
  if (!baselineRead.ok) return;
  const spec = fromFile ?? getScenario(opts.scenario);
  const thresholds = compareThresholds(spec, opts.thresholds, opts.threshold);
  const started = Date.now();
  const { results, dir } = await compare({
    root,
    scenario: fromFile ?? opts.scenario,
    ...(fromFile ? { scenarioFile: scenarioFileRef(opts.scenarioFile) } : {}),
    // The named strategies, else the scenario file's, else the default comparison.
    strategies: chosenStrategies(opts.strategy ?? opts.strategies, opts.strategyFile) ??
      (fromFile ?? SCENARIOS[opts.scenario])?.strategies ?? [...DEFAULT_COMPARISON],
    seed: opts.seed,
    dialect: opts.dialect,
    ...(faultsRead.faults ? { faults: faultsRead.faults } : {}),
    ...(opts.duration === undefined ? {} : { durationS: opts.duration }),
    ...(opts.rate === undefined ? {} : { rate: opts.rate }),
    ...(opts.speed === undefined ? {} : { speed: opts.speed }),
    ...(opts.out === undefined ? {} : { outDir: resolve(opts.out) }),
    ...(thresholds ? { thresholds } : {}),
    ...(opts.dashboard ? { dashboard: true } : {}),
    ...(opts.segments === undefined ? {} : { segments: opts.segments }),
  });
  process.stdout.write(
    `\n${comparisonTable(results)}\n\n${verdictOf(results).paragraph}\n\nseed ${results.seed}, ` +
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
