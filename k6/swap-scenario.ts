/**
 * k6 entry for every swap scenario, built-in or a user's file: one bundle for all of them. The scenario
 * arrives as the RESOLVED ScenarioSpec (plain JSON, clock already absolute) that `wfm-harness compare`
 * wrote into the run directory, read with open() in the init context from SCENARIO_SPEC. Resolving
 * the file (zod validation, luxon for a clock relative to a DST transition) stays in Node, so neither
 * library enters the bundle; and the spec k6 ran is kept next to the report, so the run can be replayed.
 * A relative SCENARIO_SPEC is read from the directory k6 runs in, as a shell user expects (k6's open()
 * alone would look next to the bundle).
 */
import type { ScenarioSpec } from '../src/scenario/spec.ts';
import { swapIteration, swapOptions, swapSetup, swapSummary } from './lib/swaps.ts';
import { specFile } from './lib/spec-path.ts';

const spec = JSON.parse(
  open(specFile(__ENV['WFM_SCENARIO_SPEC'] ?? __ENV['SCENARIO_SPEC'], __ENV['PWD'])),
) as ScenarioSpec;

export const options = swapOptions(spec);
export const setup = () => swapSetup(spec);
export default swapIteration;
export const handleSummary = swapSummary;
