/** Turn one k6 summary (handleSummary's data) and the server's audit into a StrategyResult. */
import { refusalsWithStatus } from '../contract/refusals.ts';
import type { AuditReport } from '../../mock-server/domain/audit.ts';
import type { StrategySpec } from '../core/strategies.ts';
import type { StrategyResult } from './results.ts';
import { thresholdsFromK6 } from './thresholds.ts';
import { FAILURE_CAUSES, failureCauseMetricName } from '../core/failure-cause.ts';
import { TOKEN_429 } from './tokens.ts';

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface K6Metric {
  values?: Record<string, number>;
  /** Per threshold expression, k6's verdict. */
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Summary {
  metrics: Record<string, K6Metric>;
}

function value(summary: K6Summary, name: string, stat = 'count'): number {
  return summary.metrics[name]?.values?.[stat] ?? 0;
}

/** 409s by kind, from the per-kind counters wfm_conflicts_<kind> (src/adapters/k6). */
function byKind(summary: K6Summary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, metric] of Object.entries(summary.metrics)) {
    const match = /^wfm_conflicts_([a-z_]+)$/.exec(name);
    if (match?.[1]) out[match[1].replace(/_/g, '-')] = metric.values?.['count'] ?? 0;
  }
  return out;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Trades that failed otherwise by the client's cause, from the per-cause counters (src/adapters/k6); empty: none. */
function failedOtherByClientCause(summary: K6Summary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cause of FAILURE_CAUSES) {
    const n = value(summary, failureCauseMetricName(cause));
    if (n > 0) out[cause] = n;
  }
  return out;
}

/**
 * `rejections`: the server's refusals by status and cause (the harness's RefusalCounter). `serverCauses`:
 * the server's view of the trades that failed otherwise (compare joins the VUs' records with its journal:
 * src/cli/failed-trades.ts); without it the client's view stands alone. `plannedTrades`: the swaps the run
 * planned (rate x duration, over every segment); under a partitioning strategy the swaps never started are
 * planned - trades, since k6's dropped_iterations there also counts each VU's idle padding iterations
 * (per-vu-iterations gives every VU as many iterations as the whole run has swaps; k6/lib/swaps.ts).
 */
export function strategyResultFromK6(
  strategy: StrategySpec,
  summary: K6Summary,
  audit: AuditReport,
  rejections: Record<string, number>,
  worldSeconds: number,
  serverCauses: Record<string, number> = {},
  plannedTrades?: number,
): StrategyResult {
  const trades = value(summary, 'wfm_trades');
  const applied = value(summary, 'wfm_trades_applied');
  const writeRequests = value(summary, 'wfm_write_requests');
  const conflicts = value(summary, 'wfm_conflicts');
  const requests = value(summary, 'wfm_requests');
  const by409 = value(summary, 'wfm_trades_failed_409');
  const latency = summary.metrics['wfm_request_world_ms']?.values;
  const approved = audit.tradesByState['Approved'] ?? 0;
  const thresholds = thresholdsFromK6(summary);
  const conflicts409 = refusalsWithStatus(rejections, 409);
  const clientCauses = failedOtherByClientCause(summary);
  const unthrottled = value(summary, 'wfm_trades_unthrottled');
  return {
    strategy: strategy.name,
    origin: strategy.origin,
    definition: { ...strategy },
    trades,
    applied,
    gaveUp: value(summary, 'wfm_trades_gave_up'),
    failed: value(summary, 'wfm_trades_failed'),
    tradesFailedBy409: by409,
    tradesFailedOther: Math.max(0, trades - applied - by409),
    ...(Object.keys(clientCauses).length > 0
      ? { failedOtherByCause: { client: sortedRecord(clientCauses), server: sortedRecord(serverCauses) } }
      : {}),
    tradeFailureRate409: ratio(by409, trades),
    requests,
    writeRequests,
    conflicts,
    conflictsByKind: byKind(summary),
    conflictRate: ratio(conflicts, writeRequests),
    successRate: ratio(applied, trades),
    requestsPerTrade: ratio(requests, trades),
    conflictsPerTrade: ratio(conflicts, trades),
    ...((rejections[TOKEN_429] ?? 0) > 0
      ? { requestsPerUnthrottledTrade: ratio(value(summary, 'wfm_requests_unthrottled'), unthrottled) }
      : {}),
    timeToOutcomeMs: {
      p50: value(summary, 'wfm_time_to_outcome', 'med'),
      p95: value(summary, 'wfm_time_to_outcome', 'p(95)'),
      p99: value(summary, 'wfm_time_to_outcome', 'p(99)'),
    },
    goodputPerWorldS: ratio(applied, worldSeconds),
    ...(latency
      ? { requestLatencyMs: { p50: latency['med'] ?? 0, p95: latency['p(95)'] ?? 0, p99: latency['p(99)'] ?? 0 } }
      : {}),
    droppedIterations:
      strategy.partitioning && plannedTrades !== undefined
        ? Math.max(0, plannedTrades - trades)
        : value(summary, 'dropped_iterations'),
    server: {
      tradesApproved: approved,
      conflicts409,
      rejections,
      shiftsTradedTwice: audit.shiftsTradedTwice.length,
      duplicateTrades: audit.duplicateLegacyIds.length,
      doubleBookedShifts: audit.doubleBookedShifts.length,
      lostUpdates: audit.lostUpdates,
      nonMonotonicVersions: audit.nonMonotonicVersions,
      falseFailures: Math.max(0, approved - applied),
    },
    ...(thresholds.length > 0 ? { thresholds } : {}),
  };
}
