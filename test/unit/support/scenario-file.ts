/** Scenario-file test fixtures: the dst-paris catalogue file as raw JSON, and the message it is refused with once mutated. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cataloguePath } from '../../../src/scenario/file/catalogue.ts';
import { ScenarioFileError, parseScenario } from '../../../src/scenario/file/load.ts';

export const goodScenarioFile = (): Record<string, any> => JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8'));

/** Parse dst-paris's file after `mutate` as my.json; it must be refused, and this is the message. */
export function refusedScenario(mutate: (file: Record<string, any>) => void): string {
  const file = goodScenarioFile();
  mutate(file);
  const error = (() => {
    try {
      parseScenario('my.json', file);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(error instanceof ScenarioFileError, 'the file is refused');
  return error.message;
}
