/**
 * The one scenario option of every command that takes a scenario (sim, compare, serve, plan, tune,
 * capacity, baseline, scenario show; observe next): `--scenario NAME` from the catalogue or
 * `--scenario-file FILE`, a user's file read through the same loader (src/scenario/file/load.ts) before
 * anything runs. A bad field exits 2 naming the file and the field path (ScenarioFileError); naming both
 * is refused rather than silently ignoring one. test/unit/scenario-option.test.ts walks the registered
 * commands and fails on one that takes a scenario without a file.
 *
 * A new command: `withScenarioOption(new Command('x'), { fallback: 'dst-paris' })`, then in its action
 * `chosenScenario(opts, command)` (a ScenarioSpec) or `scenarioFileOf(opts, command)` (the file's, if any).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import { fileSha256 } from '../scenario/file/content-hash.ts';
import { loadScenarioFile } from '../scenario/file/load.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { BadInputError } from './exit-policy.ts';
import { scenarioIn } from './options.ts';

export const SCENARIO_FILE_FLAGS = '--scenario-file <file>';
export const SCENARIO_FILE_HELP =
  'a scenario file (JSON, docs/scenarios.md "Scenario files"; `scenario init` writes one, or copy one of scenarios/) ' +
  'in place of --scenario';

/** What every command with the scenario option gets from commander. */
export interface ScenarioChoice {
  scenario?: string;
  scenarioFile?: string;
}

/** What compare and sim both choose: the scenario (by name or file), the strategies and the seed. */
export interface ScenarioRunOptions extends ScenarioChoice {
  strategy?: string[];
  strategies?: string[];
  strategyFile?: string;
  seed: number;
}

export interface ScenarioOptionSettings {
  /** The names --scenario accepts: the catalogue (default), or a command's own registry (sim adds aws-occ). */
  names?: Readonly<Record<string, unknown>>;
  /** The scenario when neither option is given; undefined: the command decides (serve: its --config). */
  fallback?: string;
  /** What the command does with the scenario, for --scenario's help. */
  what?: string;
}

/** Add `--scenario NAME` and `--scenario-file FILE` to a command: the one definition every command uses. */
export function withScenarioOption(command: Command, settings: ScenarioOptionSettings = {}): Command {
  const names = settings.names ?? SCENARIOS;
  const help =
    `${settings.what ?? 'scenario'} from the catalogue: ${Object.keys(names).join(', ')}` +
    (settings.fallback === undefined ? '' : ` (default ${settings.fallback})`);
  return command.option('--scenario <name>', help, scenarioIn(names)).option(SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP);
}

/** The file's spec, or undefined without --scenario-file; --scenario as well is refused. */
export function scenarioFileOf(opts: ScenarioChoice, command: Command): ScenarioSpec | undefined {
  if (opts.scenarioFile === undefined) return undefined;
  if (opts.scenario !== undefined && command.getOptionValueSource('scenario') === 'cli')
    throw new BadInputError('give --scenario or --scenario-file, not both');
  return loadScenarioFile(opts.scenarioFile);
}

/** The chosen scenario as a spec: the file's, else the catalogue's by name, else the fallback's. */
export function chosenScenario(opts: ScenarioChoice, command: Command, fallback: string): ScenarioSpec {
  return scenarioFileOf(opts, command) ?? getScenario(opts.scenario ?? fallback);
}

/** What results.json records of a --scenario-file: the absolute path and the SHA-256 of its bytes (baseline update replays it). */
export function scenarioFileRef(file: string | undefined): { path: string; sha256: string } | undefined {
  return file === undefined ? undefined : { path: resolve(file), sha256: fileSha256(file) };
}
