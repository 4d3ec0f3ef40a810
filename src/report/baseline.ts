/**
 * The baseline file: what a run is gated against, and which entry a run is gated against. An entry is
 * keyed by kind, scenario name, the hash of the resolved scenario (src/scenario/file/content-hash.ts),
 * seed(s) and dialect; a run that finds no entry with all of them fails the gate (it never passes for
 * want of something to compare). The diff itself is src/report/baseline-diff.ts.
 */
import { z } from 'zod';
import type { RunResults, StrategyResult } from './results.ts';

/** One baselined run: how to regenerate it and the numbers it gave. */
export const baselineEntry = z.object({
  /** wfm-harness arguments that regenerate it, e.g. ["sim", "--scenario", "dst-paris", ...]. */
  command: z.array(z.string()).min(1),
  kind: z.enum(['k6', 'sim', 'observe']),
  scenario: z.string(),
  /** The resolved scenario's hash (results.json `scenarioHash`). */
  scenarioHash: z.string(),
  /**
   * A run from a scenario file: its path relative to the baseline file's folder (the command names the
   * same path, and `baseline update` runs it from there) and the SHA-256 of its bytes when recorded.
   */
  scenarioFile: z.object({ path: z.string(), sha256: z.string() }).optional(),
  seed: z.number().int(),
  /** sim --seeds: every seed of the run. */
  seeds: z.array(z.number().int()).optional(),
  gitCommit: z.string(),
  dialect: z.string().optional(),
  /** Per strategy, flattened metric path → value. */
  strategies: z.record(z.string(), z.record(z.string(), z.number())),
});

export const baselineFile = z.object({
  /** 2: entries keyed by the scenario's hash (version 1 files matched on the name only: regenerate them). */
  baselineVersion: z.literal(2, {
    error: 'must be 2; a version 1 baseline matched on the scenario name only: rewrite it with `baseline update`',
  }),
  /** The one command that rewrites this file from its own entries' commands. */
  regenerate: z.string(),
  entries: z.array(baselineEntry).min(1),
});

export type BaselineEntry = z.infer<typeof baselineEntry>;
export type BaselineFile = z.infer<typeof baselineFile>;

/** Bulky or descriptive fields the gate does not compare (the numbers they come from are compared). */
const SKIPPED = new Set(['outcomeQuantilesMs', 'timeline', 'origin', 'strategy']);

/** Every numeric leaf of a strategy's result, by dotted path: server.rejections.409 locked, sweep[clients=10].writeCallsMean. */
export function flattenMetrics(result: StrategyResult): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') out[path] = value;
    else if (Array.isArray(value))
      value.forEach((item, i) => {
        const clients = (item as { clients?: number } | undefined)?.clients;
        walk(item, `${path}[${clients !== undefined ? `clients=${clients}` : i}]`);
      });
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        if (!(path === '' && SKIPPED.has(key))) walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(result, '');
  return out;
}

/** `scenarioFile.path` relative to the baseline's folder, as the caller computed it; absent for catalogue runs. */
export function entryFromResults(
  results: RunResults,
  command: readonly string[],
  scenarioFile?: { path: string; sha256: string },
): BaselineEntry {
  if (!results.scenarioHash)
    throw new Error(`${results.runId}: results.json has no scenarioHash (written before baselines were keyed by it)`);
  return {
    command: [...command],
    kind: results.kind,
    scenario: results.scenario,
    scenarioHash: results.scenarioHash,
    ...(scenarioFile ? { scenarioFile } : {}),
    seed: results.seed,
    ...(results.seeds ? { seeds: [...results.seeds] } : {}),
    gitCommit: results.gitCommit,
    ...(results.dialect ? { dialect: results.dialect } : {}),
    strategies: Object.fromEntries(results.strategies.map((s) => [s.strategy, flattenMetrics(s)])),
  };
}

const seedsText = (e: { seed: number; seeds?: readonly number[] | undefined }): string =>
  e.seeds ? `seeds ${e.seeds.join(',')}` : `seed ${e.seed}`;

/** How an entry or a run names itself in a message. */
export function describeKey(e: {
  kind: string;
  scenario: string;
  scenarioHash?: string | undefined;
  seed: number;
  seeds?: readonly number[] | undefined;
  dialect?: string | undefined;
}): string {
  return (
    `${e.kind} ${e.scenario} (scenario hash ${e.scenarioHash ?? 'none'}) ${seedsText(e)}` +
    `${e.dialect ? ` dialect ${e.dialect}` : ''}`
  );
}

/** The entry a run is gated against, or why there is none (a regression: the gate fails closed). */
export function entryFor(
  file: BaselineFile,
  results: RunResults,
): { entry: BaselineEntry } | { entry: undefined; why: string } {
  const sameSeeds = (e: BaselineEntry) =>
    e.seed === results.seed && (e.seeds ?? []).join(',') === (results.seeds ?? []).join(',');
  const sameName = file.entries.filter(
    (e) => e.kind === results.kind && e.scenario === results.scenario && (e.dialect ?? '') === (results.dialect ?? ''),
  );
  const entry = sameName.find((e) => e.scenarioHash === results.scenarioHash && sameSeeds(e));
  if (entry) return { entry };
  const changed = sameName.find((e) => sameSeeds(e));
  const why = changed
    ? `the baseline's entry for ${results.scenario} was recorded for scenario hash ${changed.scenarioHash} and this ` +
      `run's is ${results.scenarioHash ?? 'none'}: the scenario changed (its world, clock, pressures, load or faults), ` +
      'so there are no numbers to compare it with'
    : `no entry for ${describeKey(results)}; entries: ${file.entries.map(describeKey).join('; ')}`;
  return { entry: undefined, why };
}
