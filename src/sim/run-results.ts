/**
 * results.json for a simulator run: the k6 schema with kind 'sim'. Nothing in it depends on the wall
 * clock (run id from scenario and seed, startedAt = the virtual start instant), so the same seed and
 * commit write the same bytes.
 */
import { runResults } from '../report/results.ts';
import type { RunResults, SweepPoint } from '../report/results.ts';
import type { SimOutcome } from './experiments/index.ts';

/** sim-<scenario>-seed<n>; over several seeds sim-<scenario>-seeds<first>-<last>. */
export function simRunId(scenario: string, seeds: number | readonly number[]): string {
  const list = typeof seeds === 'number' ? [seeds] : seeds;
  return list.length > 1
    ? `sim-${scenario}-seeds${list[0]}-${list[list.length - 1]}`
    : `sim-${scenario}-seed${list[0]}`;
}

export function simRunResults(
  outcome: SimOutcome,
  seeds: number | readonly number[],
  gitCommit: string,
  nodeVersion: string,
  scenarioFile?: RunResults['scenarioFile'],
): RunResults {
  const list = typeof seeds === 'number' ? [seeds] : seeds;
  return runResults.parse({
    schemaVersion: 1,
    runId: simRunId(outcome.scenario, list),
    kind: 'sim',
    scenario: outcome.scenario,
    scenarioHash: outcome.scenarioHash,
    ...(scenarioFile ? { scenarioFile } : {}),
    seed: list[0],
    ...(list.length > 1 ? { seeds: [...list] } : {}),
    gitCommit,
    startedAt: outcome.startUtc,
    tools: { node: nodeVersion, simulator: 'discrete-event, virtual time (src/sim)' },
    load: outcome.load,
    ...(outcome.network ? { network: outcome.network } : {}),
    dialect: outcome.dialect,
    ...(outcome.faults ? { faults: outcome.faults } : {}),
    strategies: outcome.strategies,
    sim: outcome.sim,
    ...(outcome.pressureWindows ? { pressureWindows: outcome.pressureWindows } : {}),
    ...(outcome.world ? { world: outcome.world } : {}),
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
