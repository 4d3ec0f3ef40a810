/**
 * The listening mock's request journal (as WireMock keeps one): every answered API request with its world
 * instants, route, status, refusal cause, who sent it, and the ids it named — trade, legacy id, shifts,
 * agent, schedule, job — and the version it sent, so `observe` can tie each request to a trade
 * (src/observe/attribute.ts). Bounded: a ring of the last `capacity` entries (count), so a long run keeps a
 * window, never everything; `dropped` says how many left it. Ids other than the trade and legacy id are
 * journaled only when the world or store holds them (journal-subject.ts), so they are the world's own
 * strings. Read with GET /__harness/requests (filters: trade, status, route; paged by seq), and by compare,
 * which draws a k6 run's 409s over world time from it.
 */
export interface JournalEntry {
  seq: number;
  /** World instant the answer was sent. */
  atMs: number;
  /** World instant the request reached the server, before the modelled network leg and any fault latency. */
  arrivedAtMs?: number;
  method: string;
  /** The route template, e.g. POST /api/v2/workforcemanagement/managementunits/:managementUnitId/... */
  route: string;
  status: number;
  /** The refusal's cause (e.g. "locked:dst-reconciliation"); absent on success. */
  cause?: string;
  /** The route writes (RouteDef.write): counted as a write in conflict rates. Absent on reads. */
  write?: true;
  /** Who sent it: "<clientId>#<n>", the n-th token that client was granted; absent without a valid token. */
  principal?: string;
  /** The trade in the path, or the one the answer created or names (a create's new trade). */
  tradeId?: string;
  legacyId?: string;
  /** Shifts the request named (a create's initiating shift first, a match's receiving shift). */
  shiftIds?: string[];
  /** The agent in the path (an agent's trade list). */
  agentId?: string;
  /** The schedule in the path (a compat scheduleVersion read). */
  scheduleId?: string;
  /** The job in the path, or the one the answer started. */
  jobId?: string;
  /** The version the request sent: metadata.version of the body, If-Match, or a compat scheduleVersion. */
  versionSent?: number;
  /** The Retry-After the answer gave (a 429), world seconds. */
  retryAfterS?: number;
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
/** Entries one read answers at most (count), so a read never blocks the server for long. */
export const JOURNAL_PAGE_MAX = 1_000;

/** Fields kept as numbers (NaN when absent) and as strings (undefined when absent). */
const NUMBERS = ['atMs', 'arrivedAtMs', 'status', 'versionSent', 'retryAfterS'] as const;
const STRINGS = [
  'method',
  'route',
  'cause',
  'principal',
  'tradeId',
  'legacyId',
  'shiftA',
  'shiftB',
  'agentId',
  'scheduleId',
  'jobId',
] as const;
type NumberField = (typeof NUMBERS)[number];
type StringField = (typeof STRINGS)[number];

/**
 * The ring is kept as columns (arrays of numbers and of shared strings), not an object per entry: every
 * API request appends one, and 50,000 small objects surviving into the old generation made each young
 * collection copy and promote them (GC pauses are most of the server's p99). Entries are built on read.
 */
export class RequestJournal {
  private readonly seqs: number[] = [];
  private readonly writes: boolean[] = [];
  private readonly numbers = Object.fromEntries(NUMBERS.map((f) => [f, [] as number[]])) as Record<
    NumberField,
    number[]
  >;
  private readonly strings = Object.fromEntries(STRINGS.map((f) => [f, [] as (string | undefined)[]])) as Record<
    StringField,
    (string | undefined)[]
  >;
  /** Slots in use (≤ capacity); the oldest is at `next` once full. */
  private size = 0;
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

  /** Entries held now (count). */
  get held(): number {
    return this.size;
  }

  /** Journal one answered request; the object is read, never kept (the server's hot path builds a fresh one). */
  record(entry: Omit<JournalEntry, 'seq'>): void {
    const slot = this.next;
    if (this.size < this.capacity) this.size++;
    else this.droppedCount++;
    this.seqs[slot] = ++this.seq;
    this.writes[slot] = entry.write === true;
    for (const field of NUMBERS) this.numbers[field][slot] = entry[field] ?? NaN;
    this.strings.method[slot] = entry.method;
    this.strings.route[slot] = entry.route;
    this.strings.cause[slot] = entry.cause;
    this.strings.principal[slot] = entry.principal;
    this.strings.tradeId[slot] = entry.tradeId;
    this.strings.legacyId[slot] = entry.legacyId;
    this.strings.shiftA[slot] = entry.shiftIds?.[0];
    this.strings.shiftB[slot] = entry.shiftIds?.[1];
    this.strings.agentId[slot] = entry.agentId;
    this.strings.scheduleId[slot] = entry.scheduleId;
    this.strings.jobId[slot] = entry.jobId;
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
    const { tradeId, legacyId, route } = this.strings;
    const found: JournalEntry[] = [];
    for (const slot of this.slots()) {
      if (q.afterSeq !== undefined && (this.seqs[slot] as number) <= q.afterSeq) continue;
      if (q.trade !== undefined && tradeId[slot] !== q.trade && legacyId[slot] !== q.trade) continue;
      if (q.status !== undefined && this.numbers.status[slot] !== q.status) continue;
      if (q.route !== undefined && !(route[slot] as string).includes(q.route)) continue;
      if (found.length === limit) return { entries: found, nextAfterSeq: (found.at(-1) as JournalEntry).seq };
      found.push(this.entryAt(slot));
    }
    return { entries: found };
  }

  /** Empty the ring (reset); seq keeps counting, so a reader's cursor never matches a new entry by accident. */
  clear(): void {
    this.seqs.length = 0;
    this.writes.length = 0;
    for (const field of NUMBERS) this.numbers[field].length = 0;
    for (const field of STRINGS) this.strings[field].length = 0;
    this.size = 0;
    this.next = 0;
    this.droppedCount = 0;
  }

  /** Slot indexes, oldest entry first. */
  private *slots(): Generator<number> {
    const first = this.size < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.size; i++) yield (first + i) % this.capacity;
  }

  /** The entry of a slot, with absent fields left out (the order readers have always seen first). */
  private entryAt(slot: number): JournalEntry {
    const s = this.strings;
    const n = this.numbers;
    const entry: JournalEntry = {
      seq: this.seqs[slot] as number,
      atMs: n.atMs[slot] as number,
      method: s.method[slot] as string,
      route: s.route[slot] as string,
      status: n.status[slot] as number,
    };
    const put = <K extends keyof JournalEntry>(key: K, value: JournalEntry[K] | undefined) => {
      if (value !== undefined && !(typeof value === 'number' && Number.isNaN(value))) entry[key] = value;
    };
    put('cause', s.cause[slot]);
    put('tradeId', s.tradeId[slot]);
    put('legacyId', s.legacyId[slot]);
    put('versionSent', n.versionSent[slot]);
    put('arrivedAtMs', n.arrivedAtMs[slot]);
    if (this.writes[slot]) entry.write = true;
    put('principal', s.principal[slot]);
    const shifts = [s.shiftA[slot], s.shiftB[slot]].filter((id): id is string => id !== undefined);
    if (shifts.length > 0) entry.shiftIds = shifts;
    put('agentId', s.agentId[slot]);
    put('scheduleId', s.scheduleId[slot]);
    put('jobId', s.jobId[slot]);
    put('retryAfterS', n.retryAfterS[slot]);
    return entry;
  }
}
