/**
 * compare's k6 thresholds from the command line: `--thresholds FILE` (JSON {metric: [expression]})
 * replaces the scenario's own, `--threshold 'metric:expression'` (repeatable) adds to them. A bad one
 * is refused before anything runs (exit 2), naming the option or the file.
 */
import { InvalidArgumentError } from 'commander';
import { mergeThresholds, parseThresholdArg, parseThresholds } from '../scenario/thresholds.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { ConfigFileError } from './json-file.ts';
import { INPUT_CAPS_BYTES } from '../input/bounded-read.ts';
import { readJsonFile } from '../input/json-read.ts';

/** commander collector for repeated --threshold. */
export function thresholdArg(text: string, previous: Thresholds | undefined): Thresholds {
  try {
    return mergeThresholds(previous ?? {}, parseThresholdArg(text));
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function readThresholdsFile(file: string): Thresholds {
  const raw = readJsonFile(file, INPUT_CAPS_BYTES.small, (message) => new ConfigFileError(message));
  try {
    return parseThresholds(raw, file);
  } catch (error) {
    throw new ConfigFileError((error as Error).message);
  }
}

/** The thresholds a compare run is held to, or undefined when the scenario's own stand. */
export function compareThresholds(
  scenario: ScenarioSpec,
  file: string | undefined,
  added: Thresholds | undefined,
): Thresholds | undefined {
  if (file === undefined && added === undefined) return undefined;
  return mergeThresholds(file === undefined ? (scenario.thresholds ?? {}) : readThresholdsFile(file), added ?? {});
}
