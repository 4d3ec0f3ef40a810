/**
 * The listening mock's request journal (as WireMock keeps one): every answered API request with its world
 * instant, route, status, refusal cause, trade, legacy id and the version it sent. Bounded: a ring of the
 * last `capacity` entries (count), so a long run keeps a window, never everything; `dropped` says how many
 * left it. Read with GET /__harness/requests (filters: trade, status, route; paged by seq), and by compare,
 * which draws a k6 run's 409s over world time from it.
 */
export interface JournalEntry {
  seq: number;
  /** World instant the answer was sent. */
  atMs: number;
  method: string;
  /** The route template, e.g. POST /api/v2/workforcemanagement/managementunits/:managementUnitId/... */
  route: string;
  status: number;
  /** The refusal's cause (e.g. "locked:dst-reconciliation"); absent on success. */
  cause?: string;
  tradeId?: string;
  legacyId?: string;
  /** metadata.version of the request body, when it had one. */
  versionSent?: number;
}

export interface JournalQuery {
  /** A trade id or a legacy id. */
  trade?: string;
  status?: number;
  route?: string;
  /** Entries with seq > afterSeq. */
  afterSeq?: number;
  limit: number;
}

/** Entries kept (count): at ~200 bytes each, about 10 MB. */
export const JOURNAL_CAPACITY = 50_000;
/** Entries one read answers at most (count), so a read never blocks the server for long. */
export const JOURNAL_PAGE_MAX = 1_000;

export class RequestJournal {
  private readonly ring: JournalEntry[] = [];
  private next = 0;
  private seq = 0;
  private droppedCount = 0;

  constructor(readonly capacity = JOURNAL_CAPACITY) {
    if (!(capacity >= 1)) throw new Error(`journal capacity must be >= 1, got ${capacity}`);
  }

  /** Entries that left the ring since the last clear(). */
  get dropped(): number {
    return this.droppedCount;
  }

  record(entry: Omit<JournalEntry, 'seq'>): void {
    const full = { seq: ++this.seq, ...entry };
    if (this.ring.length < this.capacity) this.ring.push(full);
    else {
      this.ring[this.next] = full;
      this.droppedCount++;
    }
    this.next = (this.next + 1) % this.capacity;
  }

  /** Every kept entry, oldest first. */
  entries(): JournalEntry[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  query(q: JournalQuery): { entries: JournalEntry[]; nextAfterSeq?: number } {
    const limit = Math.min(Math.max(1, q.limit), JOURNAL_PAGE_MAX);
    const found: JournalEntry[] = [];
    for (const e of this.entries()) {
      if (q.afterSeq !== undefined && e.seq <= q.afterSeq) continue;
      if (q.trade !== undefined && e.tradeId !== q.trade && e.legacyId !== q.trade) continue;
      if (q.status !== undefined && e.status !== q.status) continue;
      if (q.route !== undefined && !e.route.includes(q.route)) continue;
      if (found.length === limit) return { entries: found, nextAfterSeq: (found.at(-1) as JournalEntry).seq };
      found.push(e);
    }
    return { entries: found };
  }

  /** Empty the ring (reset); seq keeps counting, so a reader's cursor never matches a new entry by accident. */
  clear(): void {
    this.ring.length = 0;
    this.next = 0;
    this.droppedCount = 0;
  }
}
