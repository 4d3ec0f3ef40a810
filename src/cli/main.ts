/** `wfm-harness`: the command line. Every command validates its options before anything runs. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, getScenario } from '../scenarios/index.ts';
import { bundleScenario } from './bundle.ts';
import { compare, comparisonTable } from './compare.ts';
import { findK6, k6Version, K6_VERSION } from './k6-binary.ts';
import { dialectName, integer, positiveNumber, scenarioIn, speedOption, strategyList } from './options.ts';
import { DEFAULT_DIALECT, DIALECTS } from '../core/dialects/index.ts';
import { faultsOption } from './json-file.ts';
import { baselineOption } from './baseline-command.ts';
import { finishRun } from './report-files.ts';
import { EXIT } from './exit-codes.ts';
import { exitCodeOf, useExitCodes } from './exit-policy.ts';
import { gitCommit } from './git.ts';
import { compareThresholds, thresholdArg } from './thresholds-option.ts';
import type { Thresholds } from '../scenarios/thresholds.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const scenarioName = scenarioIn(SCENARIOS);

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const program = new Command('wfm-harness').description('Measure 409 Conflict storms and retry strategies for Genesys Cloud WFM shift trades').showHelpAfterError()
  .version(`wfm-harness ${packageVersion} (commit ${gitCommit(ROOT)})`, '-V, --version', 'print the version and git commit');

const serve = await import('./serve-command.ts');
program.addCommand(serve.serveCommand(ROOT));
program.addCommand(serve.openApiCommand());

program
  .command('compare')
  .description('run the scenario with k6 once per strategy against an in-process mock and write a report')
  .option('--scenario <name>', 'scenario spec', scenarioName, 'dst-paris')
  .option('--strategy <list>', 'comma-separated presets (default stale-backoff,refetch-full-jitter)', strategyList)
  .option('--strategies <list>', 'old spelling of --strategy', strategyList)
  .option('--seed <n>', 'seed for world and client randomness', integer('--seed', 0, 2 ** 32 - 1), 1)
  .option('--duration <s>', 'WORLD seconds of load per strategy (default: the scenario\'s)', positiveNumber('--duration', 86_400))
  .option('--rate <n>', 'trades started per WORLD second, decimals allowed (default: the scenario\'s)', positiveNumber('--rate', 1000))
  .option('--speed <x>', 'world ms per real ms for the mock and the k6 clients (default: the scenario\'s); the numbers must not depend on it', speedOption)
  .option('--out <dir>', 'report directory (default reports/<run-id>)')
  .option('--dialect <name>', `API family the k6 VUs use: ${Object.keys(DIALECTS).join(', ')}`, dialectName, DEFAULT_DIALECT)
  .option('--faults <file>', 'server faults as JSON, the body of PUT /__harness/faults (README "Faults")')
  .option('--baseline <file>', 'gate on a baseline: exit 1 with a diff on regression (k6 margins: README "Baseline gate")')
  .option('--threshold <metric:expr>', 'add a k6 threshold, e.g. \'wfm_trade_success:rate>0.95\' (repeatable; README "Thresholds")', thresholdArg)
  .option('--thresholds <file>', 'k6 thresholds as JSON {metric: [expr]}, in place of the scenario\'s')
  .option('--segments <n>', 'run each strategy as n k6 processes, one execution segment each, merged into one report (README "Distributed runs")', integer('--segments', 1, 16))
  .option('--dashboard', 'export k6\'s web dashboard per strategy to <report dir>/dashboard-<strategy>.html')
  .action(async (opts: { scenario: string; strategy?: string[]; strategies?: string[]; seed: number; duration?: number; rate?: number; speed?: number; out?: string; dialect: string; faults?: string; baseline?: string; threshold?: Thresholds; thresholds?: string; dashboard?: boolean; segments?: number }) => {
    const faultsRead = faultsOption('compare', opts.faults);
    if (!faultsRead.ok) return;
    const baselineRead = baselineOption('compare', opts.baseline);
    if (!baselineRead.ok) return;
    const thresholds = compareThresholds(getScenario(opts.scenario), opts.thresholds, opts.threshold);
    const started = Date.now();
    const { results, dir } = await compare({
      root: ROOT, scenario: opts.scenario, strategies: opts.strategy ?? opts.strategies ?? ['stale-backoff', 'refetch-full-jitter'], seed: opts.seed, dialect: opts.dialect,
      ...(faultsRead.faults ? { faults: faultsRead.faults } : {}),
      ...(opts.duration === undefined ? {} : { durationS: opts.duration }),
      ...(opts.rate === undefined ? {} : { rate: opts.rate }),
      ...(opts.speed === undefined ? {} : { speed: opts.speed }),
      ...(opts.out === undefined ? {} : { outDir: resolve(opts.out) }),
      ...(thresholds ? { thresholds } : {}),
      ...(opts.dashboard ? { dashboard: true } : {}),
      ...(opts.segments === undefined ? {} : { segments: opts.segments }),
    });
    process.stdout.write(`\n${comparisonTable(results)}\n\nseed ${results.seed}, commit ${results.gitCommit}, ${((Date.now() - started) / 1000).toFixed(0)} s\nreport: ${dir}/report.md\n`);
    const finished = await finishRun({ dir, results, baseline: baselineRead.baseline, write: (text) => process.stdout.write(text) });
    if (!finished.passed) process.exitCode = EXIT.failed;
  });

const k6 = program.command('k6').description(`find or build k6 (${K6_VERSION} is the pinned build)`);
k6.command('path')
  .description('print the k6 binary every command uses: K6_BIN, else k6 on PATH, else the cached build, else build it with Go')
  .action(async () => {
    const found = await findK6();
    process.stderr.write(`k6 (${found.source}): ${await k6Version(found.path)}\n`);
    process.stdout.write(`${found.path}\n`);
  });

program
  .command('bundle')
  .description('bundle the k6 scenarios with esbuild into dist/k6 and print their sizes')
  .option('--scenario <name>', 'one scenario (default all)', scenarioName)
  .action(async (opts: { scenario?: string }) => {
    for (const name of opts.scenario ? [opts.scenario] : Object.keys(SCENARIOS)) {
      const bundle = await bundleScenario(ROOT, name);
      process.stdout.write(`${bundle.path}: ${bundle.bytes} bytes (${(bundle.bytes / 1024).toFixed(1)} KiB), ${bundle.inputs.length} inputs\n`);
    }
  });

program.addCommand((await import('./sim-command.ts')).simCommand(ROOT));
program.addCommand((await import('./sync-command.ts')).syncCommand(ROOT));
program.addCommand((await import('./plan-command.ts')).planCommand());
program.addCommand((await import('./baseline-command.ts')).baselineCommand(ROOT));
program.addCommand((await import('./explain-command.ts')).explainCommand());

(await import('./dst-command.ts')).registerDstCommand(program);
useExitCodes(program);
program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`wfm-harness: ${error.message}\n`);
  process.exitCode = exitCodeOf(error);
});
