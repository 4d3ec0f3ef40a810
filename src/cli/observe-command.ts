/**
 * `wfm-harness observe [options] -- COMMAND [ARGS…]`: your own client, judged by the server (docs/observe.md).
 * Exit 0 passed; 1 a threshold or the baseline failed, or the client exited non-zero or was stopped at
 * --timeout (recorded and said); 2 bad input (nothing ran).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { mergeThresholds } from '../scenario/thresholds.ts';
import { comparisonTable } from '../report/markdown.ts';
import { findingsOf } from '../report/findings.ts';
import { checkObserveThresholds, serverTruthThresholds, ObserveThresholdError } from '../observe/thresholds.ts';
import { integer, positiveNumber, scenarioIn, speedOption, strategyList } from './options.ts';
import { SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP, scenarioFileOf, scenarioFileRef } from './scenario-option.ts';
import { readThresholdsFile, thresholdArg } from './thresholds-option.ts';
import { ALLOW_MISSING_HELP, baselineOption } from './baseline-gate.ts';
import { BadInputError } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { freshRunDir } from './run-dir.ts';
import { OBSERVE_GRACE_S, OBSERVE_PROFILES, observe, runIdFor } from './observe.ts';
import type { ObserveProfile } from './observe.ts';
import { ClientStartError } from './observe-client.ts';
import { writeObservedRun } from './observe-files.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { DEFAULT_COMPARISON } from '../core/strategies.ts';

interface ObserveFlags {
  scenario: string;
  scenarioFile?: string;
  seed: number;
  speed: number;
  profile: ObserveProfile;
  out?: string;
  timeout?: number;
  threshold?: Thresholds;
  thresholds?: string;
  baseline?: string;
  comparePresets?: string[] | true;
  allowMissing?: boolean;
  label: string;
}

/** --thresholds FILE replaces the scenario's server-truth thresholds, --threshold adds; every one checked now (exit 2). */
export function observeThresholds(
  scenario: ScenarioSpec,
  file: string | undefined,
  added: Thresholds | undefined,
  log: (line: string) => void,
): Thresholds {
  let base: Thresholds;
  if (file !== undefined) base = readThresholdsFile(file);
  else {
    const { kept, skipped } = serverTruthThresholds(scenario.thresholds ?? {});
    if (skipped.length > 0)
      log(
        `observe: the scenario's k6 thresholds (${skipped.join(', ')}) measure the project's own client: not applied`,
      );
    base = kept;
  }
  const all = mergeThresholds(base, added ?? {});
  try {
    checkObserveThresholds(all, file ?? '--threshold');
  } catch (error) {
    if (error instanceof ObserveThresholdError) throw new BadInputError(error.message);
    throw error;
  }
  return all;
}

function profileArg(raw: string): ObserveProfile {
  if (!(OBSERVE_PROFILES as readonly string[]).includes(raw))
    throw new InvalidArgumentError(`--profile must be one of ${OBSERVE_PROFILES.join(', ')}, got "${raw}"`);
  return raw as ObserveProfile;
}

export function observeCommand(root: string): Command {
  return new Command('observe')
    .description("run YOUR client against the mock and judge it from the server's truth (docs/observe.md)")
    .usage('[options] -- COMMAND [ARGS...]')
    .argument('<command...>', 'the client to run, after --, with its arguments')
    .option(
      '--scenario <name>',
      'scenario: world, clock, pressures, faults, the planned swaps',
      scenarioIn(SCENARIOS),
      'dst-paris',
    )
    .option(SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP)
    .option('--seed <n>', 'world seed', integer('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--speed <x>',
      'world ms per real ms; only a client that divides its waits by WFM_SPEED may run faster than 1',
      speedOption,
      1,
    )
    .addOption(
      new Option('--profile <name>', 'the API family the client speaks (WFM_PROFILE)')
        .argParser(profileArg)
        .default('genesys'),
    )
    .option('--out <dir>', 'run directory (default reports/<run-id>)')
    .option(
      '--timeout <world-s>',
      `WORLD seconds before the client is stopped (default: the scenario's load duration + ${OBSERVE_GRACE_S})`,
      positiveNumber('--timeout', 31_536_000),
    )
    .option(
      '--threshold <metric:expr>',
      "gate on a server-truth metric, e.g. 'orphans:count==0' (repeatable)",
      thresholdArg,
    )
    .option('--thresholds <file>', "server-truth thresholds as JSON {metric: [expr]}, in place of the scenario's")
    .option('--baseline <file>', 'gate on a baseline entry of kind observe: exit 1 with a diff on regression')
    .option('--allow-missing', ALLOW_MISSING_HELP)
    .option(
      '--compare-presets [list]',
      "also run these presets in the simulator on the same scenario and seed, as rows beside yours (default: the scenario's " +
        `strategies, else ${DEFAULT_COMPARISON.join(',')})`,
      strategyList,
    )
    .option('--label <name>', "your client's row name in the report", 'your-client')
    .action((command: string[], opts: ObserveFlags, cmd: Command) =>
      runObserve(root, command, opts, scenarioFileOf(opts, cmd)),
    );
}

async function runObserve(
  root: string,
  command: string[],
  opts: ObserveFlags,
  fromFile: ScenarioSpec | undefined,
): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const baselineRead = baselineOption('observe', opts.baseline, opts.allowMissing);
  if (!baselineRead.ok) return;
  const scenario = fromFile ?? getScenario(opts.scenario);
  const thresholds = observeThresholds(scenario, opts.thresholds, opts.threshold, log);
  const dir = opts.out
    ? resolve(opts.out)
    : freshRunDir(resolve('reports', runIdFor(scenario.name, opts.seed, new Date())));
  let outcome;
  try {
    outcome = await observe({
      root,
      scenario,
      seed: opts.seed,
      speed: opts.speed,
      profile: opts.profile,
      dir,
      timeoutS: opts.timeout ?? scenario.load.durationS + OBSERVE_GRACE_S,
      command,
      label: opts.label,
      thresholds,
      ...(fromFile ? { scenarioFile: scenarioFileRef(opts.scenarioFile) } : {}),
      ...(opts.comparePresets === undefined
        ? {}
        : {
            presets:
              opts.comparePresets === true ? [...(scenario.strategies ?? DEFAULT_COMPARISON)] : opts.comparePresets,
          }),
      log,
    });
  } catch (error) {
    if (error instanceof ClientStartError) throw new BadInputError(error.message);
    throw error;
  }
  const { run, client } = outcome;
  const row = run.results.strategies[0];
  process.stdout.write(`\n${comparisonTable(run.results)}\n\n`);
  for (const finding of row ? findingsOf(row, run.results.observe?.tokens) : [])
    process.stdout.write(`- ${finding.text}\n`);
  process.stdout.write(`\nseed ${run.results.seed}, commit ${run.results.gitCommit}\nreport: ${dir}/report.md\n`);
  const passed = await writeObservedRun(dir, run, baselineRead.baseline, (text) => process.stdout.write(text));
  for (const t of row?.thresholds ?? [])
    if (!t.ok) log(`observe: threshold crossed: ${t.metric} ${t.expression} (value ${t.value})`);
  const clientFailed = client.timedOut || client.exitCode !== 0;
  if (clientFailed)
    log(
      `observe: the client ${client.timedOut ? 'was stopped at --timeout' : `exited ${client.exitCode ?? `on ${client.signal}`}`}` +
        ' (recorded in results.json): exit 1',
    );
  if (!passed || clientFailed) process.exitCode = EXIT.failed;
}
