import type { ScenarioSpec } from './spec.ts';
import { dstParis } from './dst-paris.ts';
import { mondayPublish } from './monday-publish.ts';

export type { ScenarioSpec } from './spec.ts';

export const SCENARIOS: Readonly<Record<string, ScenarioSpec>> = { [dstParis.name]: dstParis, [mondayPublish.name]: mondayPublish };

export function getScenario(name: string): ScenarioSpec {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return scenario;
}
