/**
 * `wfm-harness baseline update`. The file is self-describing: each entry records the wfm-harness arguments
 * that produced it, and `baseline update` (no --from) reruns exactly those, so regenerating the committed
 * baseline after an intended change is one command. An entry from a scenario file records the file (path
 * relative to the baseline's folder, and its SHA-256); the rerun runs from that folder, and is refused
 * when the file's bytes changed since (it would record another scenario's numbers under the old entry).
 * The gate itself (--baseline on sim and compare) is baseline-gate.ts.
 */
import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { baselineEntry, entryFromResults } from '../report/baseline.ts';
import type { BaselineEntry, BaselineFile } from '../report/baseline.ts';
import { runResults } from '../report/results.ts';
import { fileSha256 } from '../scenario/file/content-hash.ts';
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

/** A file-based run's scenario file, its path relative to the baseline's folder (portable with the repository). */
function fileRef(results: RunResults, baselineDir: string): { path: string; sha256: string } | undefined {
  if (!results.scenarioFile) return undefined;
  return { path: relative(baselineDir, results.scenarioFile.path) || '.', sha256: results.scenarioFile.sha256 };
}

/** The wfm-harness arguments that reproduce a results.json (its own fields, so any run can be baselined). */
export function commandFor(results: RunResults, baselineDir: string): string[] {
  if (results.faults && !results.scenarioFile)
    throw new ConfigFileError(
      `a run with --faults cannot be baselined yet (its faults file is not recorded): ${results.runId}`,
    );
  const file = fileRef(results, baselineDir);
  const scenario = file ? ['--scenario-file', file.path] : ['--scenario', results.scenario];
  if (results.kind === 'observe') return observeCommandFor(results, scenario);
  const strategies = results.strategies.map((s) => s.strategy).join(',');
  const seeds = results.seeds ? ['--seeds', results.seeds.join(',')] : ['--seed', String(results.seed)];
  const common = [...scenario, '--strategy', strategies, ...seeds];
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
function observeCommandFor(results: RunResults, scenario: string[]): string[] {
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
    ...scenario,
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

/** Refuse, before anything reruns, an entry whose scenario file is gone or changed since it was recorded. */
function assertFilesUnchanged(entries: RecordedCommands['entries'], baselineDir: string): void {
  for (const entry of entries) {
    if (!entry.scenarioFile) continue;
    const path = resolve(baselineDir, entry.scenarioFile.path);
    const where = `the baseline's ${entry.kind} ${entry.scenario} entry`;
    if (!existsSync(path))
      throw new ConfigFileError(`${path}: ${where} was recorded from this scenario file, which is gone; restore it`);
    const now = fileSha256(path);
    if (now !== entry.scenarioFile.sha256)
      throw new ConfigFileError(
        `${path} changed since ${where} was recorded (sha256 ${entry.scenarioFile.sha256.slice(0, 12)}… then, ` +
          `${now.slice(0, 12)}… now): replaying it would record another scenario's numbers under the old entry. ` +
          `Restore the file, or run it and record the new numbers with \`baseline update --from <results.json>\``,
      );
  }
}

/** Run one recorded command with the CLI, from the baseline's folder, into a temporary directory; read its results.json. */
function rerun(root: string, command: readonly string[], cwd: string): RunResults {
  const out = mkdtempSync(join(tmpdir(), 'wfm-baseline-'));
  try {
    process.stderr.write(`baseline: wfm-harness ${command.join(' ')}\n`);
    const run = spawnSync(process.execPath, [join(root, 'bin', 'wfm-harness.js'), ...withOut(command, out)], {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`wfm-harness ${command.join(' ')} exited with ${run.status}`);
    return loadJsonWith(runResults, join(out, 'results.json'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The entries of a new baseline at `outFile`: from results files, else by rerunning the recorded (or default) commands. */
/**
 * What a rerun needs of an existing file: each entry's command and scenario file. Read leniently, so a
 * baseline of an older version (1: keyed by name only) is rewritten from its own commands.
 */
export const recordedCommands = z.object({
  entries: z.array(baselineEntry.pick({ command: true, scenarioFile: true, kind: true, scenario: true }).loose()),
});
export type RecordedCommands = z.infer<typeof recordedCommands>;

export function buildBaseline(
  root: string,
  from: readonly string[],
  existing: RecordedCommands | undefined,
  outFile: string,
): BaselineFile {
  const baselineDir = dirname(resolve(outFile));
  const record = (results: RunResults, command: readonly string[]) =>
    entryFromResults(results, command, fileRef(results, baselineDir));
  let entries: BaselineEntry[];
  if (from.length > 0) {
    entries = from.map((file) => {
      const results = loadJsonWith(runResults, file);
      return record(results, commandFor(results, baselineDir));
    });
  } else {
    assertFilesUnchanged(existing?.entries ?? [], baselineDir);
    const commands = existing?.entries.map((e) => e.command) ?? DEFAULT_BASELINE_COMMANDS;
    entries = commands.map((command) => record(rerun(root, command, baselineDir), command));
  }
  return {
    baselineVersion: 2,
    regenerate: `npx wfm-harness baseline update --out ${relative(process.cwd(), resolve(outFile)) || outFile}`,
    entries,
  };
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
          opts.from === undefined && existsSync(outFile) ? loadJsonWith(recordedCommands, outFile) : undefined;
        const data = buildBaseline(root, opts.from ?? [], existing, outFile);
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
