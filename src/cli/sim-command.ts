/**
 * `wfm-harness sim`: run a scenario in virtual time and write results.json (kind 'sim', same schema as
 * k6 runs) and report.md. Same seed and commit → byte-identical results.json; the wall time is printed,
 * never written into it.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { comparisonTable, renderMarkdown } from '../report/markdown.ts';
import { acrossSeedsTable } from '../report/seeds-table.ts';
import { verdictOf } from '../report/verdict.ts';
import { foldSeeds, MAX_SEEDS } from '../sim/seeds.ts';
import type { SimOutcome } from '../sim/experiments/index.ts';
import { SIM_SCENARIOS, getSimScenario, swapScenario } from '../sim/experiments/index.ts';
import { SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP, scenarioFileOf, scenarioFileRef } from './scenario-option.ts';
import type { ScenarioRunOptions } from './scenario-option.ts';
import { resultsJson, simRunId, simRunResults, sweepTables } from '../sim/run-results.ts';
import { gitCommit } from './git.ts';
import { dialectName, integer, scenarioIn, seedList, speedOption, strategyList } from './options.ts';
import { DIALECTS } from '../core/dialects/index.ts';
import { faultsOption } from './json-file.ts';
import { ALLOW_MISSING_HELP, baselineOption } from './baseline-gate.ts';
import { finishRun } from './report-files.ts';
import { EXIT } from './exit-codes.ts';
import { createProgress } from './progress.ts';
import { freshRunDir } from './run-dir.ts';
import { chosenStrategies } from './strategy-file.ts';
import { BadInputError } from './exit-policy.ts';
import type { TraceLine } from '../sim/trace.ts';

const scenarioName = scenarioIn(SIM_SCENARIOS);

/** "10,20,50" or a range "10-190/10". */
export function clientList(raw: string): number[] {
  const range = /^(\d+)-(\d+)\/(\d+)$/.exec(raw.trim());
  const values = range
    ? Array.from(
        { length: Math.floor((Number(range[2]) - Number(range[1])) / Number(range[3])) + 1 },
        (_, i) => Number(range[1]) + i * Number(range[3]),
      )
    : raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
    throw new InvalidArgumentError(
      `--clients must be a list like 10,50,100 or a range like 10-190/10 (1 to 10000 each), got "${raw}"`,
    );
  }
  return values;
}

interface SimOptions extends ScenarioRunOptions {
  out?: string;
  runs: number;
  clients?: number[];
  workers: number;
  wire: 'objects' | 'json';
  dialect?: string;
  faults?: string;
  speed?: number;
  baseline?: string;
  allowMissing?: boolean;
  trace?: boolean;
  seeds?: number[];
}

export function simCommand(root: string): Command {
  return new Command('sim')
    .description('run a scenario in virtual time (deterministic: the same seed and commit write the same results.json)')
    .option('--scenario <name>', `scenario: ${Object.keys(SIM_SCENARIOS).join(', ')}`, scenarioName, 'aws-occ')
    .option(SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP)
    .option(
      '--strategy <list>',
      'comma-separated presets or inline strategies, e.g. ' +
        "no-retry,full-jitter:base=250ms,cap=4s,attempts=8,refetch (default: the scenario's)",
      strategyList,
    )
    .option(
      '--strategy-file <file>',
      'strategies defined in a JSON file: an array of StrategySpec objects (docs/strategies.md "Your own strategies")',
    )
    .option('--strategies <list>', 'same as --strategy (the spelling compare used)', strategyList)
    .option('--seed <n>', 'seed for world, network and clients', integer('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--seeds <list>',
      `swap scenarios: run every strategy on each seed, e.g. 1-5 or 1,4,9 (at most ${MAX_SEEDS}); the report gives ` +
        'median and range, and the verdict separates only strategies whose ranges do not overlap',
      seedList,
    )
    .option('--out <dir>', 'report directory (default reports/sim-<scenario>-seed<n>, or -seeds<a>-<b>)')
    .option(
      '--runs <n>',
      'aws-occ: runs per client count (the published sweep used 100)',
      integer('--runs', 1, 10_000),
      10,
    )
    .option('--clients <list>', 'aws-occ: client counts, e.g. 10,50,100 or 10-190/10 (default 10-190/10)', clientList)
    .option('--workers <n>', 'aws-occ: worker threads; the numbers do not depend on it', integer('--workers', 1, 64), 1)
    .option(
      '--wire <mode>',
      'bodies in-process as objects (default) or as JSON text',
      (raw: string) => {
        if (raw !== 'objects' && raw !== 'json') throw new InvalidArgumentError('--wire must be objects or json');
        return raw;
      },
      'objects',
    )
    .option(
      '--dialect <name>',
      `swap scenarios: the API family, one of ${Object.keys(DIALECTS).join(', ')} (default genesys-legacy)`,
      dialectName,
    )
    .option(
      '--faults <file>',
      'swap scenarios: server faults as JSON, the body of PUT /__harness/faults (docs/mock-server.md "Faults")',
    )
    .option(
      '--speed <x>',
      "world ms per real ms to record (default: the scenario's); the simulator's numbers do not depend on it",
      speedOption,
    )
    .option('--baseline <file>', 'gate on a baseline (e.g. reports/baseline.json): exit 1 with a diff on regression')
    .option('--allow-missing', ALLOW_MISSING_HELP)
    .option(
      '--trace',
      'swap scenarios: write trace.jsonl, every request and retry decision of every swap in world time (read it with explain)',
    )
    .action(async (opts: SimOptions, command: Command) => {
      const startedWallMs = performance.now();
      const fromFile = scenarioFileOf(opts, command);
      const faultsRead = faultsOption('sim', opts.faults);
      if (!faultsRead.ok) return;
      const baselineRead = baselineOption('sim', opts.baseline, opts.allowMissing);
      if (!baselineRead.ok) return;
      const faults = faultsRead.faults;
      const scenario = fromFile ? swapScenario(fromFile) : getSimScenario(opts.scenario);
      if (opts.trace && scenario.name === 'aws-occ')
        throw new BadInputError('--trace applies to the swap scenarios; aws-occ has no swaps to trace');
      if (opts.seeds && command.getOptionValueSource('seed') === 'cli')
        throw new BadInputError('give --seed or --seeds, not both');
      if (opts.seeds && scenario.name === 'aws-occ')
        throw new BadInputError('--seeds applies to the swap scenarios; aws-occ averages --runs per client count');
      if (opts.seeds && opts.trace)
        throw new BadInputError('--trace follows one seed: give --seed with it, not --seeds');
      const seeds = opts.seeds ?? [opts.seed];
      const seed = seeds[0] as number;
      const trace: TraceLine[] = [];
      const strategies = chosenStrategies(opts.strategy ?? opts.strategies, opts.strategyFile) ?? [
        ...scenario.defaultStrategies,
      ];
      const commit = gitCommit(root);
      process.stderr.write(
        `sim: ` +
          (`scenario=${scenario.name} ${opts.seeds ? `seeds=${seeds.join(',')}` : `seed=${seed}`} commit=${commit} ` +
            (`strategies=${strategies.map((s) => (typeof s === 'string' ? s : s.name)).join(';')}` +
              `${opts.dialect ? ` dialect=${opts.dialect}` : ''}${faults ? ` faults=${opts.faults}` : ''}\n`)),
      );
      const progress = createProgress();
      const outcomes: SimOutcome[] = [];
      for (const [index, runSeed] of seeds.entries()) {
        outcomes.push(
          await scenario.run({
            strategies,
            seed: runSeed,
            runs: opts.runs,
            workers: opts.workers,
            wire: opts.wire,
            onProgress: (done, total, unit) =>
              progress.update(
                `sim: ${seeds.length > 1 ? `seed ${runSeed} (${index + 1}/${seeds.length}), ` : ''}${done}/${total} ${unit} done, ` +
                  `${((performance.now() - startedWallMs) / 1000).toFixed(1)} s`,
              ),
            ...(opts.clients ? { clients: opts.clients } : {}),
            ...(opts.dialect ? { dialect: opts.dialect } : {}),
            ...(faults ? { faults } : {}),
            ...(opts.speed === undefined ? {} : { speed: opts.speed }),
            ...(opts.trace ? { trace: (line: TraceLine) => void trace.push(line) } : {}),
          }),
        );
      }
      progress.done();
      const outcome = outcomes.length > 1 ? foldSeeds(outcomes) : (outcomes[0] as SimOutcome);
      const results = simRunResults(outcome, seeds, commit, process.version, scenarioFileRef(opts.scenarioFile));
      // An explicit --out is the user's to overwrite; a default run directory never is.
      const dir = opts.out ? resolve(opts.out) : freshRunDir(resolve('reports', simRunId(scenario.name, seeds)));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'results.json'), resultsJson(results));
      if (opts.trace)
        writeFileSync(join(dir, 'trace.jsonl'), trace.map((line) => `${JSON.stringify(line)}\n`).join(''));
      const sweep = sweepTables(results);
      writeFileSync(join(dir, 'report.md'), `${renderMarkdown(results)}${sweep ? `\n${sweep}` : ''}`);
      const wallS = (performance.now() - startedWallMs) / 1000;
      const rate = outcome.strategies.reduce((sum, s) => sum + s.requests, 0) / wallS;
      process.stdout.write(
        `\n${acrossSeedsTable(results)
          .map((line) => `${line}\n`)
          .join('')}${comparisonTable(results)}\n${sweep ? `\n${sweep}` : ''}` +
          `\n${verdictOf(results).paragraph}\n\n${seeds.length > 1 ? `seeds ${seeds.join(',')}` : `seed ${seed}`}, ` +
          (`commit ${commit}; ${outcome.sim.events} events, ${(outcome.sim.virtualMs / 1000).toFixed(1)} virtual s ` +
            `in ${wallS.toFixed(1)} wall s (${rate.toFixed(0)} simulated requests/s)\nresults: ${join(dir, 'results.json')}\n`),
      );
      const finished = await finishRun({
        dir,
        results,
        baseline: baselineRead.baseline,
        write: (text) => process.stdout.write(text),
      });
      if (!finished.passed) process.exitCode = EXIT.failed;
    });
}
