/**
 * Per-trade records from the attribution (attribute.ts): for each trade the server holds, or attempt it
 * never made a trade of, its requests by route and answer, 409s by cause, 429s and 5xx, what its client
 * did wrong (behaviour.ts), and its outcome as the server left it (docs/observe.md "Outcomes"):
 * applied (Approved), pending (Matched, awaiting an administrator), orphaned (created and never matched
 * nor closed: still Unmatched), cancelled, denied, expired, refused (no trade was ever made of it), and
 * duplicate (a second trade for the same legacy id or the same two shifts while the first still stood).
 */
import type { Draft } from './attribute.ts';
import { conflictCause, staleResends } from './behaviour.ts';
import type { AuditRow, JournalRow } from './truth.ts';
import { shortRoute } from './route-label.ts';

export const OUTCOMES = [
  'applied',
  'pending',
  'orphaned',
  'cancelled',
  'denied',
  'expired',
  'refused',
  'duplicate',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ObservedTrade {
  /** The server's trade id, or `shift:<id>` / `legacy:<id>` for an attempt it never made a trade of. */
  key: string;
  tradeId?: string;
  legacyId?: string;
  initiatingAgentId?: string;
  receivingAgentId?: string;
  initiatingShiftId?: string;
  receivingShiftId?: string;
  /** The trade's state at the end (absent for an attempt). */
  state?: string;
  outcome: Outcome;
  /** For a duplicate: the trade it repeats. */
  duplicateOf?: string;
  requests: number;
  reads: number;
  writes: number;
  /** Requests by short route, then by status: {"POST …/match": {"409": 2, "200": 1}}. */
  byRoute: Record<string, Record<string, number>>;
  /** 409s (and conflicts inside job results) by the server's cause: version, locked:dst-reconciliation, … */
  conflictsByCause: Record<string, number>;
  rateLimited: number;
  serverErrors: number;
  retryAfterIgnored: number;
  staleResends: number;
  /** The answer to its last write, if it made any. */
  lastWrite?: { route: string; status: number; cause?: string };
  /**
   * World ms: its first request reached the server, and its outcome: the instant the server closed the trade
   * (approved, cancelled, denied, expired), else the answer to its last write (else to its last request).
   */
  firstMs: number;
  outcomeMs: number;
  timeToOutcomeMs: number;
  /** World ms from its first request's arrival to its last request's answer, reads after the outcome included. */
  firstToLastMs: number;
}

const CLOSED_BY: Readonly<Record<string, Outcome>> = {
  approve: 'applied',
  approved: 'applied',
  canceled: 'cancelled',
  denied: 'denied',
  expire: 'expired',
};

const STATE_OUTCOME: Readonly<Record<string, Outcome>> = {
  Approved: 'applied',
  Matched: 'pending',
  Unmatched: 'orphaned',
  Canceled: 'cancelled',
  Denied: 'denied',
  Expired: 'expired',
};

/** A trade whose legacy id or pair of shifts repeats one created before it that still stood (not cancelled, denied or expired). */
function duplicates(drafts: readonly Draft[]): Map<string, string> {
  const standing = new Map<string, string>();
  const found = new Map<string, string>();
  const stands = (state: string) => state !== 'Canceled' && state !== 'Denied' && state !== 'Expired';
  for (const draft of drafts) {
    const trade = draft.trade;
    if (!trade) continue;
    const keys = [
      ...(trade.legacyId === undefined ? [] : [`legacy:${trade.legacyId}`]),
      ...(trade.receivingShiftId === undefined ? [] : [`shifts:${trade.initiatingShiftId}/${trade.receivingShiftId}`]),
    ];
    const first = keys.map((k) => standing.get(k)).find((id) => id !== undefined);
    if (first !== undefined) found.set(trade.id, first);
    else if (stands(trade.state)) for (const k of keys) standing.set(k, trade.id);
  }
  return found;
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export function buildRecords(
  drafts: readonly Draft[],
  tradeAudit: readonly AuditRow[],
  ignoredRetryAfter: ReadonlySet<number>,
): ObservedTrade[] {
  const closedAt = new Map<string, number>();
  for (const row of tradeAudit)
    if (CLOSED_BY[row.action] !== undefined && !closedAt.has(row.entityId)) closedAt.set(row.entityId, row.atMs);
  const repeats = duplicates(drafts);
  return drafts.map((draft) => recordOf(draft, closedAt, repeats, ignoredRetryAfter));
}

function recordOf(
  draft: Draft,
  closedAt: ReadonlyMap<string, number>,
  repeats: ReadonlyMap<string, string>,
  ignoredRetryAfter: ReadonlySet<number>,
): ObservedTrade {
  const entries = draft.entries;
  const trade = draft.trade;
  const byRoute: ObservedTrade['byRoute'] = {};
  const conflictsByCause: Record<string, number> = {};
  let lastWrite: JournalRow | undefined;
  for (const e of entries) {
    count((byRoute[shortRoute(e.route)] ??= {}), String(e.status));
    const conflict = conflictCause(e);
    if (conflict !== undefined) count(conflictsByCause, conflict);
    if (e.write === true) lastWrite = e;
  }
  const firstMs = entries.reduce((ms, e) => Math.min(ms, e.arrivedAtMs ?? e.atMs), trade?.createdMs ?? Infinity);
  // A check after the last write (a verification read) is not part of reaching the outcome.
  const lastMs = lastWrite?.atMs ?? entries.reduce((ms, e) => Math.max(ms, e.atMs), trade?.createdMs ?? -Infinity);
  const duplicateOf = trade ? repeats.get(trade.id) : undefined;
  const outcome: Outcome =
    duplicateOf !== undefined ? 'duplicate' : trade ? (STATE_OUTCOME[trade.state] ?? 'orphaned') : 'refused';
  const outcomeMs = (trade ? closedAt.get(trade.id) : undefined) ?? lastMs;
  const record: ObservedTrade = {
    key: draft.key,
    outcome,
    requests: entries.length,
    reads: entries.filter((e) => e.write !== true).length,
    writes: entries.filter((e) => e.write === true).length,
    byRoute,
    conflictsByCause,
    rateLimited: entries.filter((e) => e.status === 429).length,
    serverErrors: entries.filter((e) => e.status >= 500).length,
    retryAfterIgnored: entries.filter((e) => ignoredRetryAfter.has(e.seq)).length,
    staleResends: staleResends(draft).length,
    firstMs,
    outcomeMs,
    timeToOutcomeMs: Math.max(0, outcomeMs - firstMs),
    firstToLastMs: Math.max(0, entries.reduce((ms, e) => Math.max(ms, e.atMs), firstMs) - firstMs),
  };
  if (trade) Object.assign(record, { tradeId: trade.id, state: trade.state });
  if (duplicateOf !== undefined) record.duplicateOf = duplicateOf;
  for (const field of [
    'legacyId',
    'initiatingAgentId',
    'receivingAgentId',
    'initiatingShiftId',
    'receivingShiftId',
  ] as const) {
    const value = draft[field];
    if (value !== undefined) record[field] = value;
  }
  if (lastWrite) {
    record.lastWrite = { route: shortRoute(lastWrite.route), status: lastWrite.status };
    if (lastWrite.cause !== undefined) record.lastWrite.cause = lastWrite.cause;
  }
  return record;
}
