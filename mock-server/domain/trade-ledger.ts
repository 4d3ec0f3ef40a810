/**
 * The trades the store holds: by id, indexed (trade-index.ts), watched for expiry and retired past
 * retention (retention.ts) with tallies that keep the audit exact after a trade is dropped. Every trade
 * write goes through bump(): the audit entry, the version step, the replica's record, the closing queue.
 */
import { TradeTally } from './audit.ts';
import { ClosingQueue } from './retention.ts';
import type { RetentionConfig } from './retention.ts';
import type { TradeReplica } from './replica.ts';
import type { ScheduleBook } from './schedule-book.ts';
import { TradeIndex, isOpen } from './trade-index.ts';
import type { Trade } from './trade.ts';

export class TradeLedger {
  private readonly trades = new Map<string, Trade>();
  readonly index = new TradeIndex();
  /** Open trades with an expiration (the only ones expire() must look at). */
  private readonly expiring = new Set<Trade>();
  /** Closed trades in closing order, dropped past retention; each trade queued once. */
  private readonly closed = new ClosingQueue<Trade>();
  private readonly queuedClosed = new Set<Trade>();
  /** Tallies of dropped trades and approvals per shift: the audit stays exact after trades are dropped. */
  readonly tally = new TradeTally();
  /** Stale reads (replica.ts), told about every trade write; undefined costs writes nothing. */
  replica: TradeReplica | undefined;

  /** `overflow`: called when more trades closed than retention keeps while the clock stands still. */
  constructor(
    private readonly book: ScheduleBook,
    private readonly retention: RetentionConfig,
    private readonly overflow: () => void,
  ) {}

  get(tradeId: string): Trade | undefined {
    return this.trades.get(tradeId);
  }

  /** The trade, if it is of that management unit (undefined: any) and week. */
  tradeIn(tradeId: string, managementUnitId: string | undefined, weekDate: string): Trade | undefined {
    const trade = this.trades.get(tradeId);
    return trade &&
      (managementUnitId === undefined || trade.managementUnitId === managementUnitId) &&
      trade.weekDate === weekDate
      ? trade
      : undefined;
  }

  values(): IterableIterator<Trade> {
    return this.trades.values();
  }

  /** A new trade, indexed and written (its first version). */
  add(trade: Trade, nowMs: number): void {
    this.trades.set(trade.id, trade);
    this.index.added(trade);
    this.bump(trade, nowMs, 'client', 'create');
  }

  /** The trade has an expiration now: expire() will look at it. */
  watchExpiry(trade: Trade): void {
    this.expiring.add(trade);
  }

  /** The trade became Approved (a final state): the weekly cap and the shifts-traded-twice audit count it. */
  approved(trade: Trade, receivingShift: NonNullable<Trade['receivingShift']>): void {
    this.index.approved(trade);
    this.tally.approved({ initiatingShift: trade.initiatingShift, receivingShift });
  }

  /** One accepted write of the trade: audit entry, version + 1, replica record; a closed trade queues for retirement. */
  bump(trade: Trade, atMs: number, by: string, action: string, sentVersion?: number): void {
    this.book.log('trade', trade.id, trade.version, atMs, by, action, sentVersion);
    trade.version++;
    trade.modifiedMs = atMs;
    this.replica?.record(trade, atMs);
    if (!isOpen(trade) && !this.queuedClosed.has(trade)) {
      this.queuedClosed.add(trade);
      this.closed.push(trade, atMs);
      // The count bound holds even while the clock stands still (advanceTo only runs when it moves).
      if (this.closed.size > this.retention.maxClosedTrades) this.overflow();
    }
  }

  /** Unmatched or Matched trades whose expiration has passed become Expired (a background write). */
  expire(nowMs: number): void {
    if (this.expiring.size === 0) return;
    for (const trade of this.expiring) {
      if (!isOpen(trade) || trade.expirationMs === undefined) this.expiring.delete(trade);
      else if (trade.expirationMs <= nowMs) {
        this.expiring.delete(trade);
        trade.state = 'Expired';
        this.bump(trade, Math.max(trade.expirationMs, trade.modifiedMs), 'expiry', 'expire');
      }
    }
  }

  /** Drop closed trades past retention at nowMs (or beyond the count), with every index entry naming them. */
  retire(nowMs: number): void {
    for (const trade of this.closed.drain(
      nowMs - this.retention.closedTradeRetentionMs,
      this.retention.maxClosedTrades,
    )) {
      this.queuedClosed.delete(trade);
      this.tally.retired(trade);
      this.trades.delete(trade.id);
      this.index.forget(trade);
      this.replica?.forget(trade);
      this.expiring.delete(trade);
      this.book.audit.forget('trade', trade.id);
    }
  }

  /** How much each growing part holds now (store.sizes()). */
  sizes(): { trades: number; closedTrades: number; expiring: number } {
    return { trades: this.trades.size, closedTrades: this.closed.size, expiring: this.expiring.size };
  }
}
