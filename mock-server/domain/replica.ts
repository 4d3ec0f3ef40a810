/**
 * Stale reads (DESIGN "Stale reads"): trade reads (the week and agent lists, search) may be answered
 * from a replica that lags lagMs of world time behind the primary, so a version re-read right after a
 * conflict can still be the old one (the "version from GET lags behind the UI" complaint). Writes always
 * go to the primary and check the current version.
 *
 * The store tells the replica about every trade write (TradeLedger.bump → record). Per trade it keeps
 * the last `depth` states in a ring of slots allocated once per trade and overwritten in place, so the
 * write path allocates nothing after a trade's first write. A read as of instant T answers each trade as
 * it was after its last write at or before T, leaves out trades created after T, and, when the ring no
 * longer reaches back to T, answers the oldest state it kept (the replica then lags less than lagMs).
 * With stale reads off the store holds no replica at all.
 */
import type { Rng } from '../../src/contract/rng.ts';
import type { Trade } from './store.ts';

export interface StaleReadsConfig {
  /** L: how far the replica lags behind the primary, world ms. */
  lagMs: number;
  /** p: the share of reads answered by the replica (the rest by the primary); 1: every read. */
  probability: number;
  /** States kept per trade (the ring); bounds how far back a read can see. */
  depth: number;
}

export const STALE_READS_DEFAULTS: StaleReadsConfig = { lagMs: 2_000, probability: 1, depth: 8 };

interface Ring {
  /** Each slot's write instant; NaN: empty. */
  atMs: Float64Array;
  slots: Trade[];
  /** The slot the next write goes to. */
  next: number;
}

/** Copy a trade's state into a slot: the fields a write can change, plus the rest on the first copy. */
function copyInto(slot: Trade, trade: Trade): void {
  slot.state = trade.state;
  slot.version = trade.version;
  slot.modifiedMs = trade.modifiedMs;
  slot.adminReviewViolations = trade.adminReviewViolations;
  // Optional fields: assign or remove, so a slot never keeps a value its trade has dropped.
  if (trade.receivingUserId === undefined) delete slot.receivingUserId;
  else slot.receivingUserId = trade.receivingUserId;
  if (trade.receivingShift === undefined) delete slot.receivingShift;
  else slot.receivingShift = trade.receivingShift;
  if (trade.expirationMs === undefined) delete slot.expirationMs;
  else slot.expirationMs = trade.expirationMs;
  if (trade.reviewedMs === undefined) delete slot.reviewedMs;
  else slot.reviewedMs = trade.reviewedMs;
  if (trade.reviewedBy === undefined) delete slot.reviewedBy;
  else slot.reviewedBy = trade.reviewedBy;
}

export class TradeReplica {
  private readonly rings = new Map<Trade, Ring>();

  constructor(
    readonly config: StaleReadsConfig,
    private readonly rng: Rng,
  ) {
    if (
      !(config.lagMs >= 0) ||
      !(config.probability >= 0 && config.probability <= 1) ||
      !Number.isInteger(config.depth) ||
      config.depth < 1 ||
      config.depth > 64
    ) {
      throw new Error('staleReads: need lagMs >= 0, 0 <= probability <= 1 and an integer depth from 1 to 64');
    }
  }

  /** Called by the store after every accepted write of a trade, with the write's world instant. */
  record(trade: Trade, atMs: number): void {
    let ring = this.rings.get(trade);
    if (!ring) {
      ring = { atMs: new Float64Array(this.config.depth).fill(Number.NaN), slots: [], next: 0 };
      this.rings.set(trade, ring);
    }
    const slot = ring.slots[ring.next];
    if (slot) copyInto(slot, trade);
    else ring.slots[ring.next] = { ...trade };
    ring.atMs[ring.next] = atMs;
    ring.next = (ring.next + 1) % this.config.depth;
  }

  /** A trade the store dropped (retention): its ring goes with it. */
  forget(trade: Trade): void {
    this.rings.delete(trade);
  }

  /** The instant one read is answered as of: nowMs - lagMs for a replica read (drawn with probability p), else nowMs. */
  readAsOf(nowMs: number): number {
    const { probability, lagMs } = this.config;
    if (lagMs === 0 || probability === 0) return nowMs;
    if (probability < 1 && this.rng.next() >= probability) return nowMs;
    return nowMs - lagMs;
  }

  /** The trade as the replica holds it at asOfMs, or undefined when it did not exist yet. */
  asOf(trade: Trade, asOfMs: number): Trade | undefined {
    if (trade.modifiedMs <= asOfMs) return trade;
    if (trade.createdMs > asOfMs) return undefined;
    const ring = this.rings.get(trade);
    if (!ring) return trade;
    // Oldest slot to newest: writes are recorded in world-time order, so the last slot at or before
    // asOfMs is the state then (at a tie, the later of two writes at one instant).
    let found: Trade | undefined;
    let oldest: Trade | undefined;
    const depth = this.config.depth;
    for (let i = 0; i < depth; i++) {
      const k = (ring.next + i) % depth;
      const slot = ring.slots[k];
      if (!slot || Number.isNaN(ring.atMs[k] as number)) continue;
      oldest ??= slot;
      if ((ring.atMs[k] as number) <= asOfMs) found = slot;
    }
    return found ?? oldest ?? trade;
  }

  /** A list read: one draw of the read instant, every trade as of it, trades not yet created left out. */
  read(trades: readonly Trade[], nowMs: number): Trade[] {
    const asOfMs = this.readAsOf(nowMs);
    if (asOfMs >= nowMs) return trades as Trade[];
    const seen: Trade[] = [];
    for (const trade of trades) {
      const view = this.asOf(trade, asOfMs);
      if (view) seen.push(view);
    }
    return seen;
  }
}

/** Trades as a read sees them: through the store's replica when stale reads are on, else as they are. */
export function readTrades(store: { replica?: TradeReplica | undefined }, trades: Trade[], nowMs: number): Trade[] {
  return store.replica ? store.replica.read(trades, nowMs) : trades;
}
