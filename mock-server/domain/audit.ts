/**
 * The audit log: every accepted write, and the invariants checked over it after a run
 * (DESIGN "Audit log and invariants").
 */
export interface AuditEntry {
  seq: number;
  atMs: number;
  entityType: 'agentSchedule' | 'trade';
  entityId: string;
  fromVersion: number;
  toVersion: number;
  /** Who wrote: 'client' or the background process. */
  by: string;
  action: string;
  /** For client writes that carried a version: the version the client sent. */
  sentVersion?: number;
}

export interface AuditReport {
  writes: number;
  writesBy: Record<string, number>;
  /** Entries whose version did not step by exactly one from the previous one of the same entity. */
  nonMonotonicVersions: number;
  /** Client writes accepted although the version they sent was not the current one. */
  lostUpdates: number;
  /** Shifts that ended up approved in more than one trade. */
  shiftsTradedTwice: string[];
  /** Shifts owned by more than one agent right now. */
  doubleBookedShifts: string[];
  tradesByState: Record<string, number>;
  /** Trades (not canceled) created under each legacy id the client named (x-harness-legacy-id). */
  tradesPerLegacyId: Record<string, number>;
  /** Legacy ids with more than one such trade: a migration created a swap twice. */
  duplicateLegacyIds: string[];
  /** Answers the API refused, by status and cause, e.g. "409 locked". */
  rejections: Record<string, number>;
  versionHistory: Record<string, Array<{ version: number; atMs: number; by: string; action: string }>>;
}

/** Agent schedules exist (version 1) before any write; a trade is born by its first write (0 → 1). */
export const INITIAL_VERSION: Readonly<Record<AuditEntry['entityType'], number>> = { agentSchedule: 1, trade: 0 };

export function checkVersions(entries: readonly AuditEntry[]): { nonMonotonic: number; lostUpdates: number } {
  const last = new Map<string, number>();
  let nonMonotonic = 0;
  let lostUpdates = 0;
  for (const entry of entries) {
    const key = `${entry.entityType}:${entry.entityId}`;
    const previous = last.get(key) ?? INITIAL_VERSION[entry.entityType];
    if (entry.fromVersion !== previous || entry.toVersion !== entry.fromVersion + 1) nonMonotonic++;
    if (entry.sentVersion !== undefined && entry.sentVersion !== entry.fromVersion) lostUpdates++;
    last.set(key, entry.toVersion);
  }
  return { nonMonotonic, lostUpdates };
}

export function versionHistory(entries: readonly AuditEntry[]): AuditReport['versionHistory'] {
  const history: AuditReport['versionHistory'] = {};
  for (const entry of entries) {
    const key = `${entry.entityType}:${entry.entityId}`;
    (history[key] ??= []).push({ version: entry.toVersion, atMs: entry.atMs, by: entry.by, action: entry.action });
  }
  return history;
}

/** What the report reads of the schedule book (schedule-book.ts). */
export interface AuditedBook {
  readonly audit: readonly AuditEntry[];
  doubleBooked(): string[];
}

/** What the report reads of a trade (store.ts Trade). */
export interface AuditedTrade {
  state: string;
  legacyId?: string;
  initiatingShift: { id: string };
  receivingShift?: { id: string };
}

/** Server truth over a run: the invariants of the audit log, trades by state and legacy id, refusals by cause. */
export function auditReport(book: AuditedBook, trades: Iterable<AuditedTrade>, rejections: Readonly<Record<string, number>>): AuditReport {
  const { nonMonotonic, lostUpdates } = checkVersions(book.audit);
  const writesBy: Record<string, number> = {};
  for (const entry of book.audit) writesBy[entry.by] = (writesBy[entry.by] ?? 0) + 1;
  const tradesByState: Record<string, number> = {};
  const approvedPerShift = new Map<string, number>();
  const perLegacyId: Record<string, number> = {};
  for (const trade of trades) {
    tradesByState[trade.state] = (tradesByState[trade.state] ?? 0) + 1;
    if (trade.legacyId !== undefined && trade.state !== 'Canceled') perLegacyId[trade.legacyId] = (perLegacyId[trade.legacyId] ?? 0) + 1;
    if (trade.state !== 'Approved') continue;
    for (const shift of [trade.initiatingShift, trade.receivingShift]) {
      if (shift) approvedPerShift.set(shift.id, (approvedPerShift.get(shift.id) ?? 0) + 1);
    }
  }
  return {
    writes: book.audit.length,
    writesBy,
    nonMonotonicVersions: nonMonotonic,
    lostUpdates,
    shiftsTradedTwice: [...approvedPerShift].filter(([, n]) => n > 1).map(([id]) => id),
    doubleBookedShifts: book.doubleBooked(),
    tradesByState,
    tradesPerLegacyId: perLegacyId,
    duplicateLegacyIds: Object.keys(perLegacyId).filter((id) => (perLegacyId[id] ?? 0) > 1),
    rejections: { ...rejections },
    versionHistory: versionHistory(book.audit),
  };
}
