/**
 * `--baseline FILE` (and `--allow-missing`) on sim and compare: the file is read and validated before
 * anything runs; after the run, the results are diffed against their entry (src/report/baseline.ts and
 * baseline-diff.ts) and the diff is printed. The gate fails closed: no matching entry, or a baseline
 * strategy missing from the run, is a regression.
 */
import { describeKey, entryFor } from '../report/baseline.ts';
import type { BaselineFile } from '../report/baseline.ts';
import { diffAgainst, diffTable, hasRegression } from '../report/baseline-diff.ts';
import type { Check } from '../report/checks.ts';
import type { RunResults } from '../report/results.ts';
import { baselineFile } from '../report/baseline.ts';
import { ConfigFileError, loadJsonWith } from './json-file.ts';
import { EXIT } from './exit-codes.ts';

export interface BaselineGate {
  file: string;
  data: BaselineFile;
  /** --allow-missing: a baseline strategy absent from the run is reported, not a regression. */
  allowMissing?: boolean;
}

export const ALLOW_MISSING_HELP =
  'with --baseline: a baseline strategy missing from this run is reported instead of failing the gate';

/** --baseline: the validated file, read before anything runs; a bad one is reported and sets exit 2. */
export function baselineOption(
  command: string,
  file: string | undefined,
  allowMissing = false,
): { ok: true; baseline: BaselineGate | undefined } | { ok: false } {
  if (file === undefined) return { ok: true, baseline: undefined };
  try {
    return { ok: true, baseline: { file, data: loadJsonWith(baselineFile, file), allowMissing } };
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = EXIT.badInput;
    return { ok: false };
  }
}

/** Diff a finished run against the baseline, print the table, and return one check per strategy × metric. */
export function gateOnBaseline(
  baseline: BaselineGate,
  results: RunResults,
  write: (text: string) => void,
): { checks: Check[]; passed: boolean } {
  const found = entryFor(baseline.data, results);
  if (!found.entry) {
    const message = `${baseline.file}: no matching entry, a regression: ${found.why}`;
    write(`\nbaseline: ${message}\n`);
    return {
      checks: results.strategies.map((s) => ({ strategy: s.strategy, name: 'baseline', passed: false, message })),
      passed: false,
    };
  }
  const { entry } = found;
  const diffs = diffAgainst(entry, results, { allowMissing: baseline.allowMissing ?? false });
  write(`\n${diffTable(diffs, `baseline ${baseline.file} (${describeKey(entry)}, commit ${entry.gitCommit})`)}\n`);
  const checks = diffs.map((d) => ({
    strategy: d.strategy,
    name: `baseline ${d.metric}`,
    passed: d.verdict !== 'regression',
    message: `${d.verdict}: baseline ${d.baseline ?? '—'}, now ${d.now ?? '—'} (tolerance ${d.tolerance})`,
  }));
  return { checks, passed: !hasRegression(diffs) };
}
