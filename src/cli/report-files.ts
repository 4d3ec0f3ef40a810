/**
 * What sim and compare do after results.json: gate on --baseline, then write the files beside
 * report.md (report.html, junit.xml, results.csv). Returns whether every check passed (exit 1 otherwise):
 * the baseline's and every k6 threshold's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../report/checks.ts';
import { renderCsv } from '../report/csv.ts';
import { renderJunit, runChecks } from '../report/junit.ts';
import { renderHtml } from '../report/html.ts';
import type { RunResults } from '../report/results.ts';
import { gateOnBaseline } from './baseline-gate.ts';
import type { BaselineGate } from './baseline-gate.ts';
import { thresholdChecks } from '../report/thresholds.ts';

export interface FinishOptions {
  dir: string;
  results: RunResults;
  baseline?: BaselineGate | undefined;
  write: (text: string) => void;
}

export async function finishRun(options: FinishOptions): Promise<{ checks: Check[]; passed: boolean }> {
  const { dir, results } = options;
  const gate = options.baseline ? gateOnBaseline(options.baseline, results, options.write) : undefined;
  // k6 thresholds are checks beside the baseline's (or the invariants'): a crossed one fails the run.
  const thresholds = thresholdChecks(results);
  const checks = [...(gate ? gate.checks : runChecks(results)), ...thresholds];
  writeFileSync(join(dir, 'junit.xml'), renderJunit(results, checks));
  writeFileSync(join(dir, 'results.csv'), renderCsv(results));
  writeFileSync(join(dir, 'report.html'), await renderHtml(results));
  return { checks, passed: (gate ? gate.passed : true) && thresholds.every((check) => check.passed) };
}
