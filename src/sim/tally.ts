/**
 * What a simulation run counts, and how counts become a results.json StrategyResult (same fields and
 * definitions as the k6 path, src/report/from-k6.ts; DESIGN "Metrics").
 */
import type { MetricsSink, SyncEvent, TradeOutcomeStatus } from '../core/ports.ts';
import { failedBy409 } from '../core/ports.ts';
import type { AuditReport } from '../../mock-server/domain/audit.ts';
import { refusalsWithStatus } from '../contract/refusals.ts';
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

/** Everything a StrategyResult needs from the client side, summed over any number of runs. */
export interface OutcomeTotals {
  trades: number;
  applied: number;
  gaveUp: number;
  failed: number;
  /** Trades not applied whose last write was answered 409 (failedBy409). */
  failedBy409: number;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationsMs: number[];
  /** Runs with a tradeMix only (absent otherwise, so results without a mix are unchanged). */
  tradesByKind?: Record<string, number>;
  appliedByKind?: Record<string, number>;
}

export function emptyTotals(): OutcomeTotals {
  return {
    trades: 0,
    applied: 0,
    gaveUp: 0,
    failed: 0,
    failedBy409: 0,
    requests: 0,
    writeRequests: 0,
    conflicts: 0,
    durationsMs: [],
  };
}

export function addOutcome(totals: OutcomeTotals, o: ClientOutcome): void {
  totals.trades++;
  if (o.outcome === 'applied') totals.applied++;
  else if (o.outcome === 'gave-up') totals.gaveUp++;
  else totals.failed++;
  if (failedBy409(o.outcome, o.lastWriteStatus)) totals.failedBy409++;
  totals.requests += o.requests;
  totals.writeRequests += o.writeRequests;
  totals.conflicts += o.conflicts;
  totals.durationsMs.push(o.durationMs);
  if (o.kind !== undefined) {
    addCounts((totals.tradesByKind ??= {}), { [o.kind]: 1 });
    addCounts((totals.appliedByKind ??= {}), { [o.kind]: o.outcome === 'applied' ? 1 : 0 });
  }
}

export function addTotals(into: OutcomeTotals, from: OutcomeTotals): void {
  into.trades += from.trades;
  into.applied += from.applied;
  into.gaveUp += from.gaveUp;
  into.failed += from.failed;
  into.failedBy409 += from.failedBy409;
  into.requests += from.requests;
  into.writeRequests += from.writeRequests;
  into.conflicts += from.conflicts;
  for (const d of from.durationsMs) into.durationsMs.push(d);
  if (from.tradesByKind) addCounts((into.tradesByKind ??= {}), from.tradesByKind);
  if (from.appliedByKind) addCounts((into.appliedByKind ??= {}), from.appliedByKind);
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

export function strategyResultFrom(
  strategy: StrategySpec,
  totals: OutcomeTotals,
  conflictsByKind: Readonly<Record<string, number>>,
  server: ServerTruth,
  worldSeconds: number,
  droppedIterations: number,
  latenciesMs?: readonly number[],
): StrategyResult {
  const { trades, applied, gaveUp, failed, failedBy409: by409, requests, writeRequests, conflicts } = totals;
  const durations = [...totals.durationsMs].sort((a, b) => a - b);
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
