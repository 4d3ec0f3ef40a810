/**
 * What a simulation run counts, and how counts become a results.json StrategyResult (same fields and
 * definitions as the k6 path, src/report/from-k6.ts; DESIGN "Metrics").
 */
import type { MetricsSink, SyncEvent, TradeOutcomeStatus } from '../core/ports.ts';
import { failedBy409 } from '../core/ports.ts';
import { failureCause } from '../core/failure-cause.ts';
import type { LastAnswer } from '../core/failure-cause.ts';
import type { TradeReason } from '../core/outcome-reason.ts';
import type { AuditReport } from '../../mock-server/domain/audit.ts';
import { refusalsWithStatus } from '../contract/refusals.ts';

/** The audit's key of a per-token 429 (mock-server/api/rate-limits.ts: cause rate:token). */
const TOKEN_REFUSAL = '429 rate:token';
import { formatStrategy } from '../core/strategy-format.ts';
import type { StrategySpec } from '../core/strategies.ts';
import type { StrategyResult } from '../report/results.ts';
import { percentile } from '../report/percentile.ts';

/**
 * Counts conflicts by kind and retries; outcomes come from the workflow's results. With `keepLatencies`
 * it also keeps every request's round trip as the client saw it (world ms): one number per request, so
 * only for runs of bounded size (the swap scenarios), not the published sweep.
 */
export class CountingSink implements MetricsSink {
  readonly conflictsByKind: Record<string, number> = {};
  retries = 0;
  readonly latenciesMs: number[] = [];

  private readonly keepLatencies: boolean;

  constructor(options: { keepLatencies?: boolean } = {}) {
    this.keepLatencies = options.keepLatencies ?? false;
  }

  record(event: SyncEvent): void {
    if (event.type === 'conflict') this.conflictsByKind[event.kind] = (this.conflictsByKind[event.kind] ?? 0) + 1;
    else if (event.type === 'retry') this.retries++;
    else if (event.type === 'request' && this.keepLatencies) this.latenciesMs.push(event.durationMs);
  }
}

export interface ClientOutcome {
  outcome: TradeOutcomeStatus;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
  lastWriteStatus: number;
  /** Set only for a plan of a tradeMix: then the totals count trades and applied by kind. */
  kind?: string;
  /** Not applied: why the trade ended (outcome-reason.ts) and its last unsuccessful answer (failure-cause.ts). */
  reason?: TradeReason;
  lastAnswer?: LastAnswer;
  /** Its requests the per-token rate limit refused (429). */
  tokenRefusals?: number;
}

/** "failed otherwise" by cause: the client's label (failure-cause.ts) and the server's (sim/served-note.ts). */
export interface FailureCauses {
  client: Record<string, number>;
  server: Record<string, number>;
}

export interface ServerTruth {
  /** Trades approved (swap scenarios) or client writes accepted (OCC scenario). */
  applied: number;
  tradesApproved: number;
  conflicts409: number;
  rejections: Record<string, number>;
  shiftsTradedTwice: number;
  /** Legacy ids the server holds more than one (non-canceled) trade for: a swap created twice. */
  duplicateTrades: number;
  doubleBookedShifts: number;
  lostUpdates: number;
  nonMonotonicVersions: number;
  /** Runs with a tradeMix only: the server's trades by state (Approved, Canceled, Unmatched, …). */
  tradesByState?: Record<string, number>;
}

/** The server truth of a run from the mock's audit and refusal counts; `applied` is what the experiment counts as applied. */
export function serverTruthOf(report: AuditReport, rejections: Record<string, number>, applied: number): ServerTruth {
  return {
    applied,
    tradesApproved: report.tradesByState['Approved'] ?? 0,
    conflicts409: refusalsWithStatus(rejections, 409),
    rejections,
    shiftsTradedTwice: report.shiftsTradedTwice.length,
    duplicateTrades: report.duplicateLegacyIds.length,
    doubleBookedShifts: report.doubleBookedShifts.length,
    lostUpdates: report.lostUpdates,
    nonMonotonicVersions: report.nonMonotonicVersions,
  };
}

/** Three decimals: the simulator's latencies are fractional world ms. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

export function sortedKeys(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key] as number]),
  );
}

/** The client side's counts, summed over any number of runs (integers: the same in any order of adding). */
export interface OutcomeCounts {
  trades: number;
  applied: number;
  gaveUp: number;
  failed: number;
  /** Trades not applied whose last write was answered 409 (failedBy409). */
  failedBy409: number;
  requests: number;
  writeRequests: number;
  conflicts: number;
  /** Trades the per-token limit never refused, and their requests: what a trade costs when the token keeps up. */
  unthrottledTrades: number;
  unthrottledRequests: number;
  /** Runs with a tradeMix only (absent otherwise, so results without a mix are unchanged). */
  tradesByKind?: Record<string, number>;
  appliedByKind?: Record<string, number>;
  /** Swap runs whose trades failed otherwise (not applied, last write not a 409): by cause, both views. */
  failedOtherByCause?: FailureCauses;
}

/** Everything a StrategyResult needs from the client side: the counts and every trade's time to outcome. */
export interface OutcomeTotals extends OutcomeCounts {
  durationsMs: number[];
}

export function emptyCounts(): OutcomeCounts {
  return {
    trades: 0,
    applied: 0,
    gaveUp: 0,
    failed: 0,
    failedBy409: 0,
    requests: 0,
    writeRequests: 0,
    conflicts: 0,
    unthrottledTrades: 0,
    unthrottledRequests: 0,
  };
}

export function emptyTotals(): OutcomeTotals {
  return { ...emptyCounts(), durationsMs: [] };
}

export function addOutcome(totals: OutcomeTotals, o: ClientOutcome): void {
  countOutcome(totals, o);
  totals.durationsMs.push(o.durationMs);
}

/** One client's outcome in the counts. */
export function countOutcome(totals: OutcomeCounts, o: ClientOutcome): void {
  totals.trades++;
  if (o.outcome === 'applied') totals.applied++;
  else if (o.outcome === 'gave-up') totals.gaveUp++;
  else totals.failed++;
  if (failedBy409(o.outcome, o.lastWriteStatus)) totals.failedBy409++;
  totals.requests += o.requests;
  if (!o.tokenRefusals) {
    totals.unthrottledTrades++;
    totals.unthrottledRequests += o.requests;
  }
  totals.writeRequests += o.writeRequests;
  totals.conflicts += o.conflicts;
  if (o.kind !== undefined) {
    addCounts((totals.tradesByKind ??= {}), { [o.kind]: 1 });
    addCounts((totals.appliedByKind ??= {}), { [o.kind]: o.outcome === 'applied' ? 1 : 0 });
  }
}

/**
 * Count a trade that failed otherwise under its cause, as the client saw it and as the server saw it
 * (`serverLabel`: its last refusal or lost answer); applied trades and trades failed by a 409 are not counted.
 */
export function addFailureCause(totals: OutcomeCounts, o: ClientOutcome, serverLabel: string): void {
  if (o.outcome === 'applied' || failedBy409(o.outcome, o.lastWriteStatus)) return;
  const causes = (totals.failedOtherByCause ??= { client: {}, server: {} });
  addCounts(causes.client, { [failureCause(o) ?? 'other']: 1 });
  addCounts(causes.server, { [serverLabel]: 1 });
}

export function addOutcomeCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  into.trades += from.trades;
  into.applied += from.applied;
  into.gaveUp += from.gaveUp;
  into.failed += from.failed;
  into.failedBy409 += from.failedBy409;
  into.requests += from.requests;
  into.writeRequests += from.writeRequests;
  into.conflicts += from.conflicts;
  into.unthrottledTrades += from.unthrottledTrades;
  into.unthrottledRequests += from.unthrottledRequests;
  if (from.tradesByKind) addCounts((into.tradesByKind ??= {}), from.tradesByKind);
  if (from.appliedByKind) addCounts((into.appliedByKind ??= {}), from.appliedByKind);
  if (from.failedOtherByCause) {
    const causes = (into.failedOtherByCause ??= { client: {}, server: {} });
    addCounts(causes.client, from.failedOtherByCause.client);
    addCounts(causes.server, from.failedOtherByCause.server);
  }
}

export function emptyServerTruth(): ServerTruth {
  return {
    applied: 0,
    tradesApproved: 0,
    conflicts409: 0,
    rejections: {},
    shiftsTradedTwice: 0,
    duplicateTrades: 0,
    doubleBookedShifts: 0,
    lostUpdates: 0,
    nonMonotonicVersions: 0,
  };
}

export function addServerTruth(into: ServerTruth, from: ServerTruth): void {
  into.applied += from.applied;
  into.tradesApproved += from.tradesApproved;
  into.conflicts409 += from.conflicts409;
  addCounts(into.rejections, from.rejections);
  into.shiftsTradedTwice += from.shiftsTradedTwice;
  into.duplicateTrades += from.duplicateTrades;
  into.doubleBookedShifts += from.doubleBookedShifts;
  into.lostUpdates += from.lostUpdates;
  into.nonMonotonicVersions += from.nonMonotonicVersions;
  if (from.tradesByState) addCounts((into.tradesByState ??= {}), from.tradesByState);
}

/** `totals.durationsMs`: every trade's time to outcome, in any order (a Float64Array for a large sweep). */
export function strategyResultFrom(
  strategy: StrategySpec,
  totals: OutcomeCounts & { durationsMs: ArrayLike<number> },
  conflictsByKind: Readonly<Record<string, number>>,
  server: ServerTruth,
  worldSeconds: number,
  droppedIterations: number,
  latenciesMs?: readonly number[],
): StrategyResult {
  const { trades, applied, gaveUp, failed, failedBy409: by409, requests, writeRequests, conflicts } = totals;
  // A typed array sorts numerically, as (a, b) => a - b does (times to outcome are never NaN or -0).
  const durations = Float64Array.from(totals.durationsMs).sort();
  const latencies = latenciesMs ? [...latenciesMs].sort((a, b) => a - b) : undefined;
  return {
    strategy: strategy.name,
    origin: strategy.origin,
    definition: { ...strategy },
    definitionText: formatStrategy(strategy, { withName: false }),
    trades,
    applied,
    gaveUp,
    failed,
    requests,
    writeRequests,
    conflicts,
    tradesFailedBy409: by409,
    tradesFailedOther: trades - applied - by409,
    tradeFailureRate409: ratio(by409, trades),
    conflictsByKind: sortedKeys(conflictsByKind),
    conflictRate: ratio(conflicts, writeRequests),
    successRate: ratio(applied, trades),
    requestsPerTrade: ratio(requests, trades),
    conflictsPerTrade: ratio(conflicts, trades),
    // Only when the per-token limit refused requests: what the token sentence sizes clients by (report/tokens.ts).
    ...((server.rejections[TOKEN_REFUSAL] ?? 0) > 0
      ? { requestsPerUnthrottledTrade: ratio(totals.unthrottledRequests, totals.unthrottledTrades) }
      : {}),
    timeToOutcomeMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), p99: percentile(durations, 99) },
    ...(durations.length > 0
      ? { outcomeQuantilesMs: Array.from({ length: 21 }, (_, i) => percentile(durations, i * 5)) }
      : {}),
    goodputPerWorldS: ratio(applied, worldSeconds),
    ...(latencies
      ? {
          requestLatencyMs: {
            p50: round3(percentile(latencies, 50)),
            p95: round3(percentile(latencies, 95)),
            p99: round3(percentile(latencies, 99)),
          },
        }
      : {}),
    droppedIterations,
    ...(totals.tradesByKind
      ? { tradesByKind: sortedKeys(totals.tradesByKind), appliedByKind: sortedKeys(totals.appliedByKind ?? {}) }
      : {}),
    ...(totals.failedOtherByCause
      ? {
          failedOtherByCause: {
            client: sortedKeys(totals.failedOtherByCause.client),
            server: sortedKeys(totals.failedOtherByCause.server),
          },
        }
      : {}),
    server: {
      tradesApproved: server.tradesApproved,
      conflicts409: server.conflicts409,
      rejections: sortedKeys(server.rejections),
      shiftsTradedTwice: server.shiftsTradedTwice,
      duplicateTrades: server.duplicateTrades,
      doubleBookedShifts: server.doubleBookedShifts,
      lostUpdates: server.lostUpdates,
      nonMonotonicVersions: server.nonMonotonicVersions,
      // The server applies (approves) swaps only: with a mix, compare with the swaps the client applied.
      ...(server.tradesByState ? { tradesByState: sortedKeys(server.tradesByState) } : {}),
      falseFailures: Math.max(
        0,
        server.applied - (totals.appliedByKind ? (totals.appliedByKind['swap'] ?? 0) : applied),
      ),
    },
  };
}
