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
  if (results.kind === 'observe') return observeCommandFor(results);
  const strategies = results.strategies.map((s) => s.strategy).join(',');
  const common = ['--scenario', results.scenario, '--strategy', strategies, '--seed', String(results.seed)];
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
  return ['sim', ...common, ...sweep, ...dialect];
}

/** An observe run again: the same scenario, seed, speed and profile around the same client command. */
function observeCommandFor(results: RunResults): string[] {
  const observed = results.observe;
  if (!observed?.client)
    return [
      'report',
      '--from-server',
      observed?.baseUrl ?? '',
      ...(observed?.profile ? ['--profile', observed.profile] : []),
    ];
  return [
    'observe',
    '--scenario',
    results.scenario,
    '--seed',
    String(results.seed),
    '--speed',
    String(results.load.clockSpeed),
    ...(observed.profile ? ['--profile', observed.profile] : []),
    '--',
    ...observed.client.command,
  ];
}

/** `--out dir` where the command takes it: before an observed client's `--`, whose arguments are the client's. */
function withOut(command: readonly string[], out: string): string[] {
  const at = command.indexOf('--');
  return at < 0 ? [...command, '--out', out] : [...command.slice(0, at), '--out', out, ...command.slice(at)];
}

/** Run one recorded command with the real CLI into a temporary directory and read its results.json. */
function rerun(root: string, command: readonly string[]): RunResults {
  const out = mkdtempSync(join(tmpdir(), 'wfm-baseline-'));
  try {
    process.stderr.write(`baseline: wfm-harness ${command.join(' ')}\n`);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'wfm-harness.js'), ...withOut(command, out)], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`wfm-harness ${command.join(' ')} exited with ${run.status}`);
    return loadJsonWith(runResults, join(out, 'results.json'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function buildBaseline(
  root: string,
  from: readonly string[],
  existing: BaselineFile | undefined,
  outFile: string,
): BaselineFile {
  const entries: BaselineEntry[] =
    from.length > 0
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
  baseline
    .command('update')
    .description(
      'write a baseline: from results.json files (--from), else by rerunning the commands the existing file ' +
        'records (or the default small sim runs)',
    )
    .option('--from <results.json...>', 'results.json files of runs to baseline')
    .option('--out <file>', 'baseline file to write', DEFAULT_BASELINE)
    .action((opts: { from?: string[]; out: string }) => {
      const outFile = resolve(opts.out);
      try {
        const existing =
          opts.from === undefined && existsSync(outFile) ? loadJsonWith(baselineFile, outFile) : undefined;
        const data = buildBaseline(root, opts.from ?? [], existing, relative(root, outFile) || outFile);
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
