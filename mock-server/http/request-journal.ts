/**
 * The listening mock's request journal (as WireMock keeps one): every answered API request with its world
 * instant, route, status, refusal cause, trade, legacy id and the version it sent. Bounded: a ring of the
 * last `capacity` entries (count), so a long run keeps a window, never everything; `dropped` says how many
 * left it; and each text value an entry keeps is at most JOURNAL_VALUE_MAX_BYTES (api/bounded-text.ts: an
 * oversized one keeps its start and a mark), so the ring is bounded in bytes too. Read with
 * GET /__harness/requests (filters: trade, status, route; paged by seq), and by compare, which draws a k6
 * run's 409s over world time from it.
 */
import { KEPT_TEXT_MAX_BYTES, boundedText } from '../api/bounded-text.ts';

function bounded(text: string | undefined): string | undefined {
  return text === undefined ? undefined : boundedText(text);
}

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

/** Entries kept (count). */
export const JOURNAL_CAPACITY = 50_000;
/** Each text value of an entry (trade id, legacy id, cause), UTF-8 bytes at most, its truncation mark included. */
export const JOURNAL_VALUE_MAX_BYTES = KEPT_TEXT_MAX_BYTES;
/** Entries one read answers at most (count), so a read never blocks the server for long. */
export const JOURNAL_PAGE_MAX = 1_000;

/**
 * The ring is kept as columns (arrays of numbers and of shared strings), not an object per entry: every
 * API request appends one, and 50,000 small objects surviving into the old generation made each young
 * collection copy and promote them (GC pauses are most of the server's p99). Entries are built on read.
 */
export class RequestJournal {
  private readonly seqs: number[] = [];
  private readonly atMs: number[] = [];
  private readonly methods: string[] = [];
  private readonly routes: string[] = [];
  private readonly statuses: number[] = [];
  private readonly causes: (string | undefined)[] = [];
  private readonly tradeIds: (string | undefined)[] = [];
  private readonly legacyIds: (string | undefined)[] = [];
  /** NaN when the request sent no version. */
  private readonly versionsSent: number[] = [];
  /** Slots in use (≤ capacity); the oldest is at `next` once full. */
  private size = 0;
  private next = 0;
  private seq = 0;
  private droppedCount = 0;

  constructor(readonly capacity = JOURNAL_CAPACITY) {
    if (!(capacity >= 1)) throw new Error(`journal capacity must be >= 1, got ${capacity}`);
  }

  /** Entries held (at most `capacity`). */
  get entriesHeld(): number {
    return this.size;
  }

  /** Entries that left the ring since the last clear(). */
  get dropped(): number {
    return this.droppedCount;
  }

  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.append(
      entry.atMs,
      entry.method,
      entry.route,
      entry.status,
      entry.cause,
      entry.tradeId,
      entry.legacyId,
      entry.versionSent,
    );
  }

  /** record() without the entry object (the server's hot path: http/metrics.ts). */
  append(
    atMs: number,
    method: string,
    route: string,
    status: number,
    cause: string | undefined,
    tradeId: string | undefined,
    legacyId: string | undefined,
    versionSent: number | undefined,
  ): void {
    const slot = this.next;
    if (this.size < this.capacity) this.size++;
    else this.droppedCount++;
    this.seqs[slot] = ++this.seq;
    this.atMs[slot] = atMs;
    this.methods[slot] = method;
    this.routes[slot] = route;
    this.statuses[slot] = status;
    this.causes[slot] = bounded(cause);
    this.tradeIds[slot] = bounded(tradeId);
    this.legacyIds[slot] = bounded(legacyId);
    this.versionsSent[slot] = versionSent ?? NaN;
    this.next = (slot + 1) % this.capacity;
  }

  /** Every kept entry, oldest first. */
  entries(): JournalEntry[] {
    const all: JournalEntry[] = [];
    for (const slot of this.slots()) all.push(this.entryAt(slot));
    return all;
  }

  query(q: JournalQuery): { entries: JournalEntry[]; nextAfterSeq?: number } {
    const limit = Math.min(Math.max(1, q.limit), JOURNAL_PAGE_MAX);
    const found: JournalEntry[] = [];
    for (const slot of this.slots()) {
      if (q.afterSeq !== undefined && (this.seqs[slot] as number) <= q.afterSeq) continue;
      if (q.trade !== undefined && this.tradeIds[slot] !== q.trade && this.legacyIds[slot] !== q.trade) continue;
      if (q.status !== undefined && this.statuses[slot] !== q.status) continue;
      if (q.route !== undefined && !(this.routes[slot] as string).includes(q.route)) continue;
      if (found.length === limit) return { entries: found, nextAfterSeq: (found.at(-1) as JournalEntry).seq };
      found.push(this.entryAt(slot));
    }
    return { entries: found };
  }

  /** Empty the ring (reset); seq keeps counting, so a reader's cursor never matches a new entry by accident. */
  clear(): void {
    for (const column of [
      this.seqs,
      this.atMs,
      this.methods,
      this.routes,
      this.statuses,
      this.causes,
      this.tradeIds,
      this.legacyIds,
      this.versionsSent,
    ])
      column.length = 0;
    this.size = 0;
    this.next = 0;
    this.droppedCount = 0;
  }

  /** Slot indexes, oldest entry first. */
  private *slots(): Generator<number> {
    const first = this.size < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.size; i++) yield (first + i) % this.capacity;
  }

  private entryAt(slot: number): JournalEntry {
    const entry: JournalEntry = {
      seq: this.seqs[slot] as number,
      atMs: this.atMs[slot] as number,
      method: this.methods[slot] as string,
      route: this.routes[slot] as string,
      status: this.statuses[slot] as number,
    };
    const cause = this.causes[slot];
    if (cause !== undefined) entry.cause = cause;
    const tradeId = this.tradeIds[slot];
    if (tradeId !== undefined) entry.tradeId = tradeId;
    const legacyId = this.legacyIds[slot];
    if (legacyId !== undefined) entry.legacyId = legacyId;
    const versionSent = this.versionsSent[slot] as number;
    if (!Number.isNaN(versionSent)) entry.versionSent = versionSent;
    return entry;
  }
}
