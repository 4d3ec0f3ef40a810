/**
 * `--baseline FILE` on sim and compare, and `wfm-harness baseline update`. The file is self-describing:
 * each entry records the wfm-harness arguments that produced it, and `baseline update` (no --from) reruns
 * exactly those, so regenerating the committed baseline after an intended change is one command.
 */
import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { baselineFile, diffAgainst, diffTable, entryFor, entryFromResults, hasRegression } from '../report/baseline.ts';
import type { BaselineEntry, BaselineFile } from '../report/baseline.ts';
import type { Check } from '../report/checks.ts';
import { runResults } from '../report/results.ts';
import type { RunResults } from '../report/results.ts';
import { ConfigFileError, loadJsonWith } from './json-file.ts';
import { EXIT } from './exit-codes.ts';
import { integer, strategyList } from './options.ts';
import { scenarioFileForRecord, scenarioFileOf, withScenarioOption } from './scenario-option.ts';
import type { ScenarioChoice } from './scenario-option.ts';

export const DEFAULT_BASELINE = 'reports/baseline.json';

/** The runs a fresh baseline holds: small and fast (a couple of seconds in all). */
export const DEFAULT_BASELINE_COMMANDS: readonly string[][] = [
  ['sim', '--scenario', 'dst-paris', '--strategy', 'stale-backoff,refetch-full-jitter', '--seed', '1'],
  [
    'sim',
    '--scenario',
    'aws-occ',
    '--strategy',
    'no-backoff,full-jitter',
    '--clients',
    '5,10',
    '--runs',
    '2',
    '--seed',
    '1',
  ],
];

/** --baseline: the validated file, read before anything runs; a bad one is reported and sets exit 2. */
export function baselineOption(
  command: string,
  file: string | undefined,
): { ok: true; baseline: { file: string; data: BaselineFile } | undefined } | { ok: false } {
  if (file === undefined) return { ok: true, baseline: undefined };
  try {
    return { ok: true, baseline: { file, data: loadJsonWith(baselineFile, file) } };
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = EXIT.badInput;
    return { ok: false };
  }
}

/** Diff a finished run against the baseline, print the table, and return one check per strategy × metric. */
export function gateOnBaseline(
  baseline: { file: string; data: BaselineFile },
  results: RunResults,
  write: (text: string) => void,
): { checks: Check[]; passed: boolean } {
  const entry = entryFor(baseline.data, results);
  if (!entry) {
    const message =
      `${baseline.file} has no entry ` +
      (`for ${results.kind} ${results.scenario} seed ${results.seed}${results.dialect ? ` dialect ${results.dialect}` : ''}; ` +
        `entries: ${baseline.data.entries.map((e) => `${e.kind} ${e.scenario} seed ${e.seed}`).join(', ')}`);
    write(`\nbaseline: ${message}\n`);
    return {
      checks: results.strategies.map((s) => ({ strategy: s.strategy, name: 'baseline', passed: false, message })),
      passed: false,
    };
  }
  const diffs = diffAgainst(entry, results);
  write(
    `\n${diffTable(diffs, `baseline ${baseline.file} (${entry.kind} ${entry.scenario} seed ${entry.seed}, commit ${entry.gitCommit})`)}\n`,
  );
  const checks = diffs.map((d) => ({
    strategy: d.strategy,
    name: `baseline ${d.metric}`,
    passed: d.verdict !== 'regression',
    message: `${d.verdict}: baseline ${d.baseline ?? '—'}, now ${d.now ?? '—'} (tolerance ${d.tolerance})`,
  }));
  return { checks, passed: !hasRegression(diffs) };
}

/** The wfm-harness arguments that reproduce a results.json (its own fields, so any run can be baselined). */
export function commandFor(results: RunResults): string[] {
  if (results.faults)
    throw new ConfigFileError(
      `a run with --faults cannot be baselined yet (its faults file is not recorded): ${results.runId}`,
    );
  const strategies = results.strategies.map((s) => s.strategy).join(',');
  // A run of a --scenario-file reruns that file (its name is not in the catalogue).
  const scenario = results.scenarioFile ? ['--scenario-file', results.scenarioFile] : ['--scenario', results.scenario];
  const common = [...scenario, '--strategy', strategies, '--seed', String(results.seed)];
  if (results.kind === 'k6')
    return [
      'compare',
      ...common,
      '--duration',
      String(results.load.durationS),
      '--rate',
      String(results.load.tradesPerSecond),
      ...(results.dialect ? ['--dialect', results.dialect] : []),
    ];
  const sweep = results.sim?.clients
    ? ['--clients', results.sim.clients.join(','), '--runs', String(results.sim.runsPerPoint ?? 10)]
    : [];
  const dialect = results.dialect && results.scenario !== 'aws-occ' ? ['--dialect', results.dialect] : [];
  const { tradesPerSecond, durationS } = results.loadOverride ?? {};
  const load = [
    ...(tradesPerSecond === undefined ? [] : ['--rate', String(tradesPerSecond)]),
    ...(durationS === undefined ? [] : ['--duration', String(durationS)]),
  ];
  return ['sim', ...common, ...sweep, ...dialect, ...load];
}

/** Run one recorded command with the real CLI into a temporary directory and read its results.json. */
function rerun(root: string, command: readonly string[]): RunResults {
  const out = mkdtempSync(join(tmpdir(), 'wfm-baseline-'));
  try {
    process.stderr.write(`baseline: wfm-harness ${command.join(' ')}\n`);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'wfm-harness.js'), ...command, '--out', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`wfm-harness ${command.join(' ')} exited with ${run.status}`);
    return loadJsonWith(runResults, join(out, 'results.json'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The sim command that baselines one scenario: `baseline update --scenario X | --scenario-file F`. */
export function scenarioBaselineCommand(
  root: string,
  choice: ScenarioChoice,
  strategies: readonly string[] | undefined,
  seed: number,
): string[] {
  const scenario =
    choice.scenarioFile !== undefined
      ? ['--scenario-file', scenarioFileForRecord(root, choice.scenarioFile)]
      : ['--scenario', choice.scenario ?? 'dst-paris'];
  return ['sim', ...scenario, ...(strategies ? ['--strategy', strategies.join(',')] : []), '--seed', String(seed)];
}

/** The existing entries with `added` in place of any entry for the same run (kind, scenario, seed, dialect). */
export function withEntry(existing: BaselineFile | undefined, added: BaselineEntry): BaselineEntry[] {
  const same = (e: BaselineEntry) =>
    e.kind === added.kind && e.scenario === added.scenario && e.seed === added.seed && e.dialect === added.dialect;
  const kept = existing?.entries.filter((e) => !same(e)) ?? [];
  return [...kept, added];
}

export function buildBaseline(
  root: string,
  from: readonly string[],
  existing: BaselineFile | undefined,
  outFile: string,
  scenarioCommand?: readonly string[],
): BaselineFile {
  const entries: BaselineEntry[] = scenarioCommand
    ? withEntry(existing, entryFromResults(rerun(root, scenarioCommand), scenarioCommand))
    : from.length > 0
      ? from.map((file) => {
          const results = loadJsonWith(runResults, file);
          return entryFromResults(results, commandFor(results));
        })
      : (existing?.entries.map((e) => e.command) ?? DEFAULT_BASELINE_COMMANDS).map((command) =>
          entryFromResults(rerun(root, command), command),
        );
  return { baselineVersion: 1, regenerate: `node bin/wfm-harness.js baseline update --out ${outFile}`, entries };
}

export function baselineCommand(root: string): Command {
  const baseline = new Command('baseline').description('the baseline that --baseline gates sim and compare runs on');
  withScenarioOption(
    baseline
      .command('update')
      .description(
        'write a baseline: from results.json files (--from), for one scenario (--scenario or --scenario-file: a sim ' +
          'run added to the file, replacing its entry), else by rerunning the commands the existing file records ' +
          '(or the default small sim runs)',
      ),
    { what: 'add (or refresh) the sim entry of a scenario' },
  )
    .option(
      '--strategy <list>',
      "with --scenario/--scenario-file: the strategies (default: the scenario's)",
      strategyList,
    )
    .option('--seed <n>', 'with --scenario/--scenario-file: the seed', integer('--seed', 0, 2 ** 32 - 1), 1)
    .option('--from <results.json...>', 'results.json files of runs to baseline')
    .option('--out <file>', 'baseline file to write', DEFAULT_BASELINE)
    .action((opts: ScenarioChoice & { from?: string[]; out: string; strategy?: string[]; seed: number }, command) => {
      const outFile = resolve(opts.out);
      try {
        const one = opts.scenario !== undefined || scenarioFileOf(opts, command) !== undefined;
        if (one && opts.from !== undefined) throw new ConfigFileError('give --from or a scenario, not both');
        const existing =
          opts.from === undefined && existsSync(outFile) ? loadJsonWith(baselineFile, outFile) : undefined;
        const scenarioCommand = one ? scenarioBaselineCommand(root, opts, opts.strategy, opts.seed) : undefined;
        const data = buildBaseline(
          root,
          opts.from ?? [],
          existing,
          relative(root, outFile) || outFile,
          scenarioCommand,
        );
        writeFileSync(outFile, `${JSON.stringify(data, null, 2)}\n`);
        process.stdout.write(
          `baseline: ${data.entries.length} entr${data.entries.length === 1 ? 'y' : 'ies'} written ` +
            `to ${outFile}\n${data.entries
              .map(
                (e) =>
                  `  ${e.kind} ${e.scenario} seed ${e.seed}: ${Object.keys(e.strategies).join(
                    ', ' + '',
                  )} (wfm-harness ${e.command.join(' ')})`,
              )
              .join('\n')}\n`,
        );
      } catch (error) {
        if (!(error instanceof ConfigFileError)) throw error;
        process.stderr.write(`baseline update: ${error.message}\n`);
        process.exitCode = EXIT.badInput;
      }
    });
  return baseline;
}
