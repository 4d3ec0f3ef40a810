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
  /**
   * Present only once the tally of dropped trades is full (MAX_TALLIED_LEGACY_IDS distinct ids): dropped
   * trades whose legacy id it could not take, so tradesPerLegacyId and duplicateLegacyIds leave them out.
   */
  untalliedDroppedTrades?: number;
  versionHistory: Record<string, Array<{ version: number; atMs: number; by: string; action: string }>>;
}

/** Agent schedules exist (version 1) before any write; a trade is born by its first write (0 → 1). */
export const INITIAL_VERSION: Readonly<Record<AuditEntry['entityType'], number>> = { agentSchedule: 1, trade: 0 };

export function versionHistory(entries: readonly AuditEntry[]): AuditReport['versionHistory'] {
  const history: AuditReport['versionHistory'] = {};
  for (const entry of entries) {
    const key = `${entry.entityType}:${entry.entityId}`;
    (history[key] ??= []).push({ version: entry.toVersion, atMs: entry.atMs, by: entry.by, action: entry.action });
  }
  return history;
}

/**
 * The audit log, bounded: the invariant counters (writes, writes by writer, non-monotonic versions,
 * lost updates) run over every entry as it is logged, so they stay exact forever; only the last
 * `maxEntries` entries are kept for versionHistory and the paged audit read. The last version of each
 * entity is kept for the monotonic check: one number per agent schedule (fixed by the world) and per
 * retained trade (forget() drops a retired trade's).
 */
export class AuditLog {
  private ring: AuditEntry[] = [];
  /** Where the oldest retained entry sits in the ring once it is full. */
  private head = 0;
  private total = 0;
  private nonMonotonic = 0;
  private lost = 0;
  private readonly by: Record<string, number> = {};
  /** The last version per entity, one map per entity type keyed by the entity's id (no key string built per write). */
  private readonly last: Readonly<Record<AuditEntry['entityType'], Map<string, number>>> = {
    agentSchedule: new Map(),
    trade: new Map(),
  };

  /** maxEntries: entries kept for reading (count); every entry still counts in the invariants. */
  constructor(readonly maxEntries = DEFAULT_MAX_AUDIT_ENTRIES) {
    if (!(Number.isInteger(maxEntries) && maxEntries >= 1))
      throw new Error(`maxAuditEntries must be an integer >= 1, got ${maxEntries}`);
  }

  get writes(): number {
    return this.total;
  }

  /**
   * Log an entry the caller built whole, `seq` first (ScheduleBook.log: the key order readers see): its
   * seq must be `writes`, the next one. Kept as given, no copy.
   */
  append(entry: AuditEntry): void {
    if (entry.seq !== this.total) throw new Error(`audit entry seq ${entry.seq} is not the next one (${this.total})`);
    this.total++;
    const last = this.last[entry.entityType];
    const previous = last.get(entry.entityId) ?? INITIAL_VERSION[entry.entityType];
    if (entry.fromVersion !== previous || entry.toVersion !== entry.fromVersion + 1) this.nonMonotonic++;
    if (entry.sentVersion !== undefined && entry.sentVersion !== entry.fromVersion) this.lost++;
    last.set(entry.entityId, entry.toVersion);
    this.by[entry.by] = (this.by[entry.by] ?? 0) + 1;
    if (this.ring.length < this.maxEntries) this.ring.push(entry);
    else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.maxEntries;
    }
  }

  /** A retired entity (a trade past retention): its last version is no longer needed. */
  forget(entityType: AuditEntry['entityType'], entityId: string): void {
    this.last[entityType].delete(entityId);
  }

  /** The retained entries, oldest first. */
  entries(): AuditEntry[] {
    return this.head === 0 ? [...this.ring] : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Up to `limit` retained entries with seq >= fromSeq, oldest first (the paged audit read). */
  page(fromSeq: number, limit: number): AuditEntry[] {
    const oldestSeq = this.total - this.ring.length;
    const start = Math.max(fromSeq, oldestSeq);
    const found: AuditEntry[] = [];
    for (let seq = start; seq < this.total && found.length < limit; seq++) {
      const at = this.ring.length < this.maxEntries ? seq - oldestSeq : (this.head + seq - oldestSeq) % this.maxEntries;
      found.push(this.ring[at] as AuditEntry);
    }
    return found;
  }

  /** The seq of the oldest entry still retained. */
  get oldestSeq(): number {
    return this.total - this.ring.length;
  }

  counters(): { writes: number; writesBy: Record<string, number>; nonMonotonic: number; lostUpdates: number } {
    return { writes: this.total, writesBy: { ...this.by }, nonMonotonic: this.nonMonotonic, lostUpdates: this.lost };
  }
}

/** 50,000 entries (about 10 MB): several minutes of a busy run's history; the counters cover all of it. */
export const DEFAULT_MAX_AUDIT_ENTRIES = 50_000;

/** What the report reads of the schedule book (schedule-book.ts). */
export interface AuditedBook {
  readonly audit: AuditLog;
  doubleBooked(): string[];
}

/** What the report reads of a trade (store.ts Trade). */
export interface AuditedTrade {
  state: string;
  legacyId?: string;
  initiatingShift: { id: string };
  receivingShift?: { id: string };
}

/**
 * Distinct legacy ids the tally of dropped trades counts (count): a sync input holds at most 200,000 rows,
 * and a legacy id is at most 256 bytes (api/bounded-text.ts), so at most about 60 MB.
 */
export const MAX_TALLIED_LEGACY_IDS = 200_000;

/**
 * Running tallies of trades that are no longer held (retired past retention, store.ts) plus approvals
 * per shift, so the trade invariants stay exact after a trade is dropped. Per-legacy-id counts are kept
 * for the run: one number per distinct legacy id the client named (the size of its migration input), up
 * to MAX_TALLIED_LEGACY_IDS; a dropped trade with a new id past that is counted in `untallied` only.
 */
export class TradeTally {
  readonly retiredByState: Record<string, number> = {};
  /** A Map, not an object: 200,000 keys of a dictionary-mode object cost more and read slower. */
  readonly retiredPerLegacyId = new Map<string, number>();
  untallied = 0;

  constructor(readonly maxLegacyIds = MAX_TALLIED_LEGACY_IDS) {}
  /** Approvals per shift id (bounded by the world's shifts). */
  readonly approvedPerShift = new Map<string, number>();

  approved(trade: Pick<AuditedTrade, 'initiatingShift' | 'receivingShift'>): void {
    for (const shift of [trade.initiatingShift, trade.receivingShift]) {
      if (shift) this.approvedPerShift.set(shift.id, (this.approvedPerShift.get(shift.id) ?? 0) + 1);
    }
  }

  retired(trade: AuditedTrade): void {
    this.retiredByState[trade.state] = (this.retiredByState[trade.state] ?? 0) + 1;
    if (trade.legacyId === undefined || trade.state === 'Canceled') return;
    const count = this.retiredPerLegacyId.get(trade.legacyId);
    if (count !== undefined) this.retiredPerLegacyId.set(trade.legacyId, count + 1);
    else if (this.retiredPerLegacyId.size < this.maxLegacyIds) this.retiredPerLegacyId.set(trade.legacyId, 1);
    else this.untallied++;
  }
}

/** The invariants and counts without the version history (the summary view of GET /__harness/audit). */
export type AuditSummary = Omit<AuditReport, 'versionHistory'>;

/**
 * Server truth over a run: the invariants of the audit log, trades by state and legacy id. The refusals
 * by cause are the API's count (api/refusal-counter.ts), shown beside these as `rejections`.
 */
export function auditSummary(book: AuditedBook, trades: Iterable<AuditedTrade>, tally: TradeTally): AuditSummary {
  const counters = book.audit.counters();
  const tradesByState: Record<string, number> = { ...tally.retiredByState };
  // A Map while counting: a legacy id named "__proto__" assigned into an object would set its prototype.
  const counts = new Map(tally.retiredPerLegacyId);
  for (const trade of trades) {
    tradesByState[trade.state] = (tradesByState[trade.state] ?? 0) + 1;
    if (trade.legacyId !== undefined && trade.state !== 'Canceled')
      counts.set(trade.legacyId, (counts.get(trade.legacyId) ?? 0) + 1);
  }
  const perLegacyId: Record<string, number> = Object.fromEntries(counts);
  return {
    writes: counters.writes,
    writesBy: counters.writesBy,
    nonMonotonicVersions: counters.nonMonotonic,
    lostUpdates: counters.lostUpdates,
    shiftsTradedTwice: [...tally.approvedPerShift].filter(([, n]) => n > 1).map(([id]) => id),
    doubleBookedShifts: book.doubleBooked(),
    tradesByState,
    tradesPerLegacyId: perLegacyId,
    duplicateLegacyIds: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    ...(tally.untallied > 0 ? { untalliedDroppedTrades: tally.untallied } : {}),
  };
}

/** The summary plus the version history of the retained entries (store.report()). */
export function auditReport(book: AuditedBook, trades: Iterable<AuditedTrade>, tally: TradeTally): AuditReport {
  return { ...auditSummary(book, trades, tally), versionHistory: versionHistory(book.audit.entries()) };
}
