/** results.csv: the per-strategy table, one row per strategy, for spreadsheets and CI artifacts. */
import { stringify } from 'csv-stringify/sync';
import type { RunResults, StrategyResult } from './results.ts';

const COLUMNS: ReadonlyArray<[string, (r: StrategyResult) => string | number]> = [
  ['strategy', (r) => r.strategy],
  ['trades', (r) => r.trades],
  ['applied', (r) => r.applied],
  ['gave_up', (r) => r.gaveUp],
  ['failed', (r) => r.failed],
  ['success_rate', (r) => r.successRate],
  ['requests', (r) => r.requests],
  ['write_requests', (r) => r.writeRequests],
  ['conflicts_409', (r) => r.conflicts],
  ['conflict_rate', (r) => r.conflictRate],
  ['requests_per_trade', (r) => r.requestsPerTrade],
  ['conflicts_per_trade', (r) => r.conflictsPerTrade],
  ['time_to_outcome_p50_ms', (r) => r.timeToOutcomeMs.p50],
  ['time_to_outcome_p95_ms', (r) => r.timeToOutcomeMs.p95],
  ['time_to_outcome_p99_ms', (r) => r.timeToOutcomeMs.p99],
  ['goodput_per_world_s', (r) => r.goodputPerWorldS],
  ['dropped_iterations', (r) => r.droppedIterations],
  ['server_approved', (r) => r.server.tradesApproved],
  ['server_409s', (r) => r.server.conflicts409],
  ['duplicate_trades', (r) => r.server.duplicateTrades],
  ['lost_updates', (r) => r.server.lostUpdates],
  ['false_failures', (r) => r.server.falseFailures],
];

export function renderCsv(results: RunResults): string {
  const header = ['kind', 'scenario', 'seed', 'git_commit', ...COLUMNS.map(([name]) => name)];
  const rows = results.strategies.map((r) => [
    results.kind,
    results.scenario,
    results.seed,
    results.gitCommit,
    ...COLUMNS.map(([, cell]) => cell(r)),
  ]);
  return stringify([header, ...rows]);
}
