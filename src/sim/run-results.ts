/**
 * results.json for a simulator run: the k6 schema with kind 'sim'. Nothing in it depends on the wall
 * clock (run id from scenario and seed, startedAt = the virtual start instant), so the same seed and
 * commit write the same bytes.
 */
import { runResults } from '../report/results.ts';
import type { RunResults, SweepPoint } from '../report/results.ts';
import type { SimOutcome } from './experiments/index.ts';

export function simRunId(scenario: string, seed: number): string {
  return `sim-${scenario}-seed${seed}`;
}

/** Where the run's scenario came from and what replaced its load, when the command line said so. */
export type RunProvenance = Pick<RunResults, 'scenarioFile' | 'loadOverride'>;

export function simRunResults(
  outcome: SimOutcome,
  seed: number,
  gitCommit: string,
  nodeVersion: string,
  provenance: RunProvenance = {},
): RunResults {
  return runResults.parse({
    schemaVersion: 1,
    runId: simRunId(outcome.scenario, seed),
    kind: 'sim',
    scenario: outcome.scenario,
    ...provenance,
    seed,
    gitCommit,
    startedAt: outcome.startUtc,
    tools: { node: nodeVersion, simulator: 'discrete-event, virtual time (src/sim)' },
    load: outcome.load,
    ...(outcome.rateLimits === undefined ? {} : { rateLimits: outcome.rateLimits }),
    ...(outcome.network ? { network: outcome.network } : {}),
    dialect: outcome.dialect,
    ...(outcome.faults ? { faults: outcome.faults } : {}),
    strategies: outcome.strategies,
    sim: outcome.sim,
    ...(outcome.pressureWindows ? { pressureWindows: outcome.pressureWindows } : {}),
  });
}

export function resultsJson(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** The published experiment's two charts as tables: mean write calls and completion time per client count. */
export function sweepTables(results: RunResults): string {
  const withSweep = results.strategies.filter((s) => s.sweep && s.sweep.length > 0);
  if (withSweep.length === 0) return '';
  const clients = (withSweep[0]?.sweep ?? []).map((p) => p.clients);
  const table = (title: string, cell: (p: SweepPoint) => string) =>
    [
      `### ${title}`,
      '',
      `| clients | ${withSweep.map((s) => s.strategy).join(' | ')} |`,
      `|---|${withSweep.map(() => '---').join('|')}|`,
      ...clients.map(
        (n) =>
          `| ${n} | ${withSweep
            .map((s) => {
              const p = s.sweep?.find((q) => q.clients === n);
              return p ? cell(p) : '';
            })
            .join(' | ')} |`,
      ),
      '',
    ].join('\n');
  return [
    '## Published experiment (means per run)',
    '',
    table('Write calls', (p) => p.writeCallsMean.toFixed(1)),
    table('Completion time (virtual ms)', (p) => p.completionMsMean.toFixed(0)),
  ].join('\n');
}
