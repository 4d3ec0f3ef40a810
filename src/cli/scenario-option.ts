/**
 * --scenario-file on serve, compare, sim and plan: a scenario file read and validated (zod, luxon)
 * before anything runs. A bad field exits 2 naming the file and the field path (ScenarioFileError);
 * naming a catalogue scenario as well is refused rather than silently ignoring one of them.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { fileSha256 } from '../scenario/file/content-hash.ts';
import { loadScenarioFile } from '../scenario/file/load.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { BadInputError } from './exit-policy.ts';

export const SCENARIO_FILE_FLAGS = '--scenario-file <file>';
export const SCENARIO_FILE_HELP =
  'a scenario file (JSON, docs/scenarios.md "Scenario files"; `scenario init` writes one) in place of --scenario';

/** What compare and sim both choose: the scenario (by name or file), the strategies and the seed. */
export interface ScenarioRunOptions {
  scenario: string;
  scenarioFile?: string;
  strategy?: string[];
  strategies?: string[];
  strategyFile?: string;
  seed: number;
}

/** The file's spec, or undefined without --scenario-file. */
export function scenarioFileOf(opts: { scenarioFile?: string }, command: Command): ScenarioSpec | undefined {
  if (opts.scenarioFile === undefined) return undefined;
  if (command.getOptionValueSource('scenario') === 'cli')
    throw new BadInputError('give --scenario or --scenario-file, not both');
  return loadScenarioFile(opts.scenarioFile);
}

/** What results.json records of a --scenario-file: the absolute path and the SHA-256 of its bytes (baseline update replays it). */
export function scenarioFileRef(file: string | undefined): { path: string; sha256: string } | undefined {
  return file === undefined ? undefined : { path: resolve(file), sha256: fileSha256(file) };
}
