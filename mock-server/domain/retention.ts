/**
 * How long the mock keeps what traffic creates (DESIGN "Scale": every store that grows with traffic has a
 * bound or a retention rule). Time rules are in WORLD ms, applied by WfmStore.advanceTo; count bounds
 * hold whatever the clock does (it can be set back or run slowly), so they are what bounds memory.
 * Genesys documents none of these (docs/mock-server.md "Choices the mock makes").
 */
import { DEFAULT_MAX_AUDIT_ENTRIES } from './audit.ts';

export interface RetentionConfig {
  /** A closed trade (Approved, Denied, Expired, Canceled) is dropped this long after its last write, world ms. */
  closedTradeRetentionMs: number;
  /** At most this many closed trades are held (count); above it the longest-closed one is dropped first. */
  maxClosedTrades: number;
  /** A finished forceAsync job stays readable this long after it ran, world ms. */
  finishedJobRetentionMs: number;
  /** At most this many finished jobs are held (count); the oldest-finished goes first. */
  maxFinishedJobs: number;
  /** Audit entries kept for reading (count); the invariant counters cover every entry ever logged. */
  maxAuditEntries: number;
  /** Notifications of asynchronous state/bulk operations kept (count), oldest dropped first. */
  maxOperations: number;
}

/**
 * A day of world time keeps every closed trade of a DST window or a publish day readable (a resumed sync
 * verifies its applied trades against them); 20,000 closed trades is about 30 MB with their index
 * entries. An hour for a finished job is far beyond a poll loop's patience.
 */
export const DEFAULT_RETENTION: RetentionConfig = {
  closedTradeRetentionMs: 24 * 3_600_000,
  maxClosedTrades: 20_000,
  finishedJobRetentionMs: 3_600_000,
  maxFinishedJobs: 10_000,
  maxAuditEntries: DEFAULT_MAX_AUDIT_ENTRIES,
  maxOperations: 1_000,
};

export function retentionConfig(partial: Partial<RetentionConfig> | undefined): RetentionConfig {
  const config = { ...DEFAULT_RETENTION, ...partial };
  for (const [name, value] of Object.entries(config)) {
    if (!(Number.isInteger(value) && value >= (name.startsWith('max') ? 1 : 0)))
      throw new Error(`retention.${name} must be an integer >= ${name.startsWith('max') ? 1 : 0}, got ${value}`);
  }
  return config;
}

/**
 * Items in the order they closed, each with its closing instant: a FIFO queue with an amortised O(1)
 * shift (a head index, compacted when half the array is dead). The clock can be set back, so the queue
 * is in closing order, not necessarily in instant order: expiry looks at the head only, which at worst
 * keeps an item longer, never drops one early; the count bound holds regardless.
 */
const DRAINED = { item: undefined, atMs: Number.NaN };

export class ClosingQueue<T> {
  private items: Array<{ item: T; atMs: number }> = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T, atMs: number): void {
    this.items.push({ item, atMs });
  }

  /** Remove and return the items closed at or before `beforeMs`, and any beyond `max` (oldest first). */
  drain(beforeMs: number, max: number): T[] {
    const out: T[] = [];
    while (this.size > 0) {
      const first = this.items[this.head] as { item: T; atMs: number };
      if (first.atMs > beforeMs && this.size <= max) break;
      out.push(first.item);
      // Let the dropped item go now, not at the next compaction: a dead slot holding a retired trade kept
      // up to maxClosedTrades of them alive and made the heap a 10 MB sawtooth.
      this.items[this.head] = DRAINED as { item: T; atMs: number };
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}
