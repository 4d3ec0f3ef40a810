/**
 * What the store's operations work on (trade-operations.ts, trade-review.ts, shift-swap.ts): the
 * store's private parts, handed to them by the store (store.ts) and to nobody outside the domain.
 */
import type { ScheduleBook } from './schedule-book.ts';
import type { OrgDirectory } from './org-directory.ts';
import type { Pressure } from './pressures/pressure.ts';
import type { TradeLedger } from './trade-ledger.ts';
import type { Trade } from './trade.ts';

export interface StoreParts {
  readonly pressures: readonly Pressure[];
  readonly org: OrgDirectory;
  readonly book: ScheduleBook;
  readonly ledger: TradeLedger;
  /** A fresh entity id (the seeded entity-id stream). */
  newId(): string;
}

/** The background process holding the agent's schedule of that week at nowMs, if any. */
export function lockHolder(
  parts: Pick<StoreParts, 'pressures'>,
  agentId: string,
  weekDate: string,
  nowMs: number,
): string | undefined {
  for (const pressure of parts.pressures) {
    const holder = pressure.lockHolder(agentId, weekDate, nowMs);
    if (holder) return holder;
  }
  return undefined;
}

/** Who holds either party's schedule of the trade: the initiator's first, then the receiver's (when matched). */
export function tradeLockHolder(parts: Pick<StoreParts, 'pressures'>, trade: Trade, nowMs: number): string | undefined {
  return (
    lockHolder(parts, trade.initiatingUserId, trade.weekDate, nowMs) ??
    (trade.receivingUserId !== undefined && trade.receivingShift
      ? lockHolder(parts, trade.receivingUserId, trade.receivingShift.weekDate, nowMs)
      : undefined)
  );
}
