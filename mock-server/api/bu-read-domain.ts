/**
 * What the business-unit read jobs and the matched/users lists compute over the store, pure: the trades
 * of some units' weeks (through the replica, as every read), the match review of a Matched trade, the
 * shifts a receiving agent could give for an Unmatched one, and per-week counts of Matched trades.
 */
import type { Trade, WfmStore } from '../domain/store.ts';
import type { Shift } from '../domain/world.ts';
import { readTrades } from '../domain/replica.ts';

/** The trades of the named units (only those of `businessUnitId`; others are skipped) and weeks. */
export function tradesInScope(
  store: WfmStore,
  businessUnitId: string,
  unitIds: readonly string[],
  weekDates: readonly string[],
  nowMs: number,
): Trade[] {
  const trades: Trade[] = [];
  for (const unitId of new Set(unitIds)) {
    if (store.unit(unitId)?.businessUnitId !== businessUnitId) continue;
    for (const week of new Set(weekDates)) trades.push(...store.tradesOfWeek(unitId, week));
  }
  return readTrades(store, trades, nowMs);
}

/** ShiftTradeMatchReviewResponse of a Matched trade (its two shifts are still with their owners); undefined otherwise. */
export function matchReviewOf(store: WfmStore, trade: Trade, nowMs: number): Record<string, unknown> | undefined {
  if (trade.state !== 'Matched' || trade.receivingUserId === undefined || trade.receivingShift === undefined)
    return undefined;
  const verdict = store.rulesVerdict(trade, trade.receivingUserId, trade.receivingShift, nowMs);
  return (
    verdict && {
      violations: verdict.violations,
      adminReviewViolations: verdict.adminReviewViolations,
      unevaluatedRules: [],
    }
  );
}

/** An Unmatched trade open to `receiverId` (not its own, not directed at someone else). */
export function openTo(trade: Trade, receiverId: string | undefined): boolean {
  if (trade.state !== 'Unmatched') return false;
  if (receiverId === undefined) return true;
  return (
    trade.initiatingUserId !== receiverId &&
    (trade.receivingUserId === undefined || trade.receivingUserId === receiverId)
  );
}

/** The receiving shifts the rules accept for the trade (no violation). */
export function acceptableShifts(
  store: WfmStore,
  trade: Trade,
  receiverId: string,
  shifts: readonly Shift[],
  nowMs: number,
): Shift[] {
  return shifts.filter((shift) => store.rulesVerdict(trade, receiverId, shift, nowMs)?.violations.length === 0);
}

export interface WeekMatches {
  weekDate: string;
  /** Matched trades whose initiating shift is in the week. */
  initiating: number;
  /** Matched trades of another week whose receiving shift is in this one. */
  crossWeekReceiving: number;
}

/** Per week of `weekDates` (in order), the Matched trades among `trades`. */
export function matchedPerWeek(trades: readonly Trade[], weekDates: readonly string[]): WeekMatches[] {
  const weeks = new Map(weekDates.map((weekDate) => [weekDate, { weekDate, initiating: 0, crossWeekReceiving: 0 }]));
  for (const trade of trades) {
    if (trade.state !== 'Matched') continue;
    const own = weeks.get(trade.weekDate);
    if (own) own.initiating += 1;
    const receivingWeek = trade.receivingShift?.weekDate;
    const other =
      receivingWeek !== undefined && receivingWeek !== trade.weekDate ? weeks.get(receivingWeek) : undefined;
    if (other) other.crossWeekReceiving += 1;
  }
  return [...weeks.values()];
}

/** Every week a business unit has a schedule for, sorted. */
export function scheduleWeeks(store: WfmStore, businessUnitId: string): string[] {
  return [
    ...new Set(store.world.schedules.filter((s) => s.businessUnitId === businessUnitId).map((s) => s.weekDate)),
  ].sort();
}
