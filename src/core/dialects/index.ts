/**
 * The dialects by name, for the CLI (sync, sim) and the k6 scenarios (DIALECT): which API family a run
 * spells its swaps in. Plain data, no Node imports: the k6 bundle uses it too.
 */
import type { Dialect } from './dialect.ts';
import { genesysLegacy } from './genesys-legacy.ts';
import { genesysJobs, genesysJobsAsync } from './genesys-jobs.ts';
import { compat, compatUnversioned } from './compat.ts';

export const DEFAULT_DIALECT = 'genesys-legacy';

export const DIALECTS: Readonly<Record<string, Dialect>> = {
  [genesysLegacy.name]: genesysLegacy,
  [genesysJobs.name]: genesysJobs,
  [genesysJobsAsync.name]: genesysJobsAsync,
  [compat.name]: compat,
  [compatUnversioned.name]: compatUnversioned,
};

export function getDialect(name: string): Dialect {
  const dialect = DIALECTS[name];
  if (!dialect) throw new Error(`unknown dialect "${name}"; known: ${Object.keys(DIALECTS).join(', ')}`);
  return dialect;
}
