/**
 * The server's truth about a run → the observed client's row of results.json: the same StrategyResult
 * fields sim and compare fill (so report.md/html, junit.xml, results.csv and the baseline gate read it
 * unchanged) plus the `observed` block, all from the request journal, the trades and the audit
 * (docs/observe.md "Metrics"). Nothing here asks the client anything.
 */
import { bucketTimeline } from '../report/timeline.ts';
import { percentile } from '../report/percentile.ts';
import { refusalsWithStatus } from '../contract/refusals.ts';
import type { ObservedBehaviour } from '../report/observed.ts';
import type { StrategyResult } from '../report/results.ts';
import { attribute } from './attribute.ts';
import type { Attribution } from './attribute.ts';
import { conflictCause, isStaleVersionAnswer, retryAfterIgnored } from './behaviour.ts';
import { OUTCOMES, buildRecords } from './records.ts';
import type { ObservedTrade } from './records.ts';
import type { JournalRow, ServerTruth } from './truth.ts';

export interface Judged {
  row: StrategyResult;
  records: ObservedTrade[];
  unattributed: Attribution['unattributed'];
  /** World ms from the first request's arrival to the last answer: the span the client was active. */
  span: { fromMs: number; toMs: number };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** A refusal of a write no retry can change (a rule, a bad request, an unknown trade): the trade failed, it did not give up. */
function permanent(write: ObservedTrade['lastWrite']): boolean {
  if (!write || write.status < 400 || write.status >= 500) return false;
  if (write.status === 408 || write.status === 429) return false;
  if (write.status !== 409) return true;
  const cause = write.cause ?? '';
  return !isStaleVersionAnswer({ cause } as JournalRow) && !cause.includes('locked');
}

/** 409 causes as the simulator and k6 name their kinds (src/core/classify.ts). */
function kindOf(cause: string): string {
  if (isStaleVersionAnswer({ cause } as JournalRow)) return 'version-conflict';
  return cause.includes('locked') ? 'locked' : 'business-conflict';
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function spanOf(truth: ServerTruth): { fromMs: number; toMs: number } {
  if (truth.journal.length === 0) {
    const startMs = Date.parse(truth.run.clock.startUtc);
    return { fromMs: startMs, toMs: startMs };
  }
  // A loop, not Math.min(...): the journal holds up to 50,000 entries, too many arguments for one call.
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const e of truth.journal) {
    fromMs = Math.min(fromMs, e.arrivedAtMs ?? e.atMs);
    toMs = Math.max(toMs, e.atMs);
  }
  return { fromMs, toMs };
}

/** The client's logins: every OAuth client's grants but the reader's own. */
function logins(truth: ServerTruth): number {
  return Object.entries(truth.run.oauth.loginsByClient)
    .filter(([client]) => client !== truth.readerClientId)
    .reduce((sum, [, n]) => sum + n, 0);
}

export function judge(truth: ServerTruth, label: string, origin: string): Judged {
  const attribution = attribute(truth);
  const ignored = retryAfterIgnored(truth.journal, attribution.drafts, truth.run.clock.speed);
  const records = buildRecords(attribution.drafts, truth.tradeAudit, ignored);
  const span = spanOf(truth);
  const journal = truth.journal;
  const conflicts = journal.filter((e) => conflictCause(e) !== undefined);
  const writeRequests = journal.filter((e) => e.write === true).length;
  const trades = records.length;
  const applied = records.filter((r) => r.outcome === 'applied').length;
  const notApplied = records.filter((r) => r.outcome !== 'applied');
  const by409 = notApplied.filter((r) => r.lastWrite && conflictCause(r.lastWrite as JournalRow) !== undefined);
  const failed = notApplied.filter((r) => permanent(r.lastWrite)).length;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, records.filter((r) => r.outcome === o).length]));
  const durations = records.map((r) => r.timeToOutcomeMs).sort((a, b) => a - b);
  const served = journal
    .filter((e) => e.arrivedAtMs !== undefined)
    .map((e) => e.atMs - (e.arrivedAtMs as number))
    .sort((a, b) => a - b);
  const worldSeconds = (span.toMs - span.fromMs) / 1000;
  const approvedAtMs = truth.tradeAudit
    .filter((row) => row.action === 'approve' || row.action === 'approved')
    .map((row) => row.atMs);
  const { audit } = truth;
  const observed: ObservedBehaviour = {
    outcomes,
    orphans: outcomes['orphaned'] ?? 0,
    duplicates: outcomes['duplicate'] ?? 0,
    refused: outcomes['refused'] ?? 0,
    retryAfterIgnored: ignored.size,
    staleResends: records.reduce((sum, r) => sum + r.staleResends, 0),
    rateLimited: journal.filter((e) => e.status === 429).length,
    serverErrors: journal.filter((e) => e.status >= 500).length,
    reads: journal.length - writeRequests,
    logins: logins(truth),
    principals: new Set(journal.map((e) => e.principal).filter((p) => p !== undefined)).size,
    unattributed: { requests: attribution.unattributed.requests, byReason: attribution.unattributed.byReason },
    journalDropped: truth.run.journal.dropped,
    tradesRetired: truth.run.trades.retired,
  };
  const row: StrategyResult = {
    strategy: label,
    origin,
    trades,
    applied,
    gaveUp: notApplied.length - failed,
    failed,
    tradesFailedBy409: by409.length,
    tradesFailedOther: notApplied.length - by409.length,
    tradeFailureRate409: ratio(by409.length, trades),
    requests: journal.length,
    writeRequests,
    conflicts: conflicts.length,
    conflictsByKind: countBy(conflicts, (e) => kindOf(conflictCause(e) as string)),
    conflictRate: ratio(conflicts.length, writeRequests),
    successRate: ratio(applied, trades),
    requestsPerTrade: ratio(journal.length, trades),
    conflictsPerTrade: ratio(conflicts.length, trades),
    timeToOutcomeMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), p99: percentile(durations, 99) },
    ...(durations.length > 0
      ? { outcomeQuantilesMs: Array.from({ length: 21 }, (_, i) => percentile(durations, i * 5)) }
      : {}),
    goodputPerWorldS: ratio(applied, worldSeconds),
    ...(served.length > 0
      ? { requestLatencyMs: { p50: percentile(served, 50), p95: percentile(served, 95), p99: percentile(served, 99) } }
      : {}),
    droppedIterations: 0,
    server: {
      tradesApproved: audit.tradesByState['Approved'] ?? 0,
      conflicts409: refusalsWithStatus(audit.rejections, 409),
      rejections: audit.rejections,
      shiftsTradedTwice: audit.shiftsTradedTwice.length,
      duplicateTrades: audit.duplicateLegacyIds.length,
      doubleBookedShifts: audit.doubleBookedShifts.length,
      lostUpdates: audit.lostUpdates,
      nonMonotonicVersions: audit.nonMonotonicVersions,
      tradesByState: audit.tradesByState,
      // No client view to disagree with: sync's own summary is compared in test/e2e/observe-sync.test.ts.
      falseFailures: 0,
    },
    timeline: bucketTimeline(
      conflicts.map((e) => e.atMs),
      approvedAtMs,
      span.fromMs,
      Math.max(span.toMs, span.fromMs + 1000),
    ),
    observed,
  };
  return { row, records, unattributed: attribution.unattributed, span };
}
